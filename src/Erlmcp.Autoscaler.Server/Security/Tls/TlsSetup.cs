using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Server.Kestrel.Https;

namespace Erlmcp.Autoscaler.Server.Security.Tls;

/// <summary>TLS for every connection: TLS 1.2 or 1.3, the current serving certificate, a client certificate requested but not required.</summary>
internal static class TlsSetup
{
    public static TlsHandshakeCallbackOptions HandshakeOptions(IServingCertificateSource serving) => new()
    {
        OnConnection = _ => ValueTask.FromResult(new SslServerAuthenticationOptions
        {
            ServerCertificateContext = serving.Current,
            EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
            ClientCertificateRequired = true,
            CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
            // Any client certificate, or none, completes the handshake: the authenticators verify it against the
            // client CA so that a bad one gets a 401 Status instead of a broken connection, and probes need none.
#pragma warning disable CA5359 // This callback checks the client's certificate, not a server's; X509ClientCertificateAuthenticator does.
            RemoteCertificateValidationCallback = static (_, _, _, _) => true,
#pragma warning restore CA5359
        }),
    };
}
