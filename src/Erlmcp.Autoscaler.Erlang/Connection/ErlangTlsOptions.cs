using System.Security.Cryptography.X509Certificates;

namespace Erlmcp.Autoscaler.Erlang.Connection;

/// <summary>
/// Distribution over TLS (nodes started with <c>-proto_dist inet_tls</c>). The node's certificate chain must lead
/// to one of <see cref="TrustedCertificateAuthorities"/>; its host name is checked only when
/// <see cref="VerifyHostName"/> is set, because Erlang node certificates often do not name their hosts.
/// </summary>
public sealed record ErlangTlsOptions
{
    /// <summary>The CA certificates that may sign the nodes' certificates (not the system store).</summary>
    public required X509Certificate2Collection TrustedCertificateAuthorities { get; init; }

    /// <summary>Also require the certificate to name the host of the node name. Default false.</summary>
    public bool VerifyHostName { get; init; }

    /// <summary>Our certificate, with its private key, for nodes that verify their peers (verify_peer).</summary>
    public X509Certificate2? ClientCertificate { get; init; }

    internal IEnumerable<string> Validate()
    {
        if (TrustedCertificateAuthorities is null || TrustedCertificateAuthorities.Count == 0)
        {
            yield return $"Tls.{nameof(TrustedCertificateAuthorities)} must hold at least one CA certificate";
        }

        if (ClientCertificate is { HasPrivateKey: false })
        {
            yield return $"Tls.{nameof(ClientCertificate)} '{ClientCertificate.Subject}' has no private key";
        }
    }
}
