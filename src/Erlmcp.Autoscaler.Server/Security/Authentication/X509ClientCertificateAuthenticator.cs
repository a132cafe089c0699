using System.Security.Cryptography.X509Certificates;

namespace Erlmcp.Autoscaler.Server.Security.Authentication;

/// <summary>
/// kube-apiserver's x509 authenticator: a client certificate that verifies against the client CA (see
/// <see cref="ClientCertificates.Verify"/>) authenticates its subject's common name as the user and its
/// organizations as the groups. The verdict is kept for the connection until the authorities change.
/// </summary>
public sealed class X509ClientCertificateAuthenticator(ICertificateAuthoritySource authorities, TimeProvider time) : IRequestAuthenticator
{
    public string Method => "x509";

    private static readonly object CacheKey = new();

    public ValueTask<AuthenticationResult> AuthenticateAsync(HttpContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var certificate = context.Connection.ClientCertificate;
        if (certificate is null || authorities.CurrentAuthorities is not { } trusted)
        {
            return ValueTask.FromResult(AuthenticationResult.NoCredentials);
        }

        var now = time.GetUtcNow();
        return ValueTask.FromResult(ClientCertificates.PerConnection(context, CacheKey, certificate, trusted, now, () => Verify(certificate, trusted, now)));
    }

    internal static AuthenticationResult Verify(X509Certificate2 certificate, CertificateAuthorities trusted, DateTimeOffset now)
    {
        if (ClientCertificates.Verify(certificate, trusted, now) is { } problem)
        {
            return AuthenticationResult.Rejected($"client certificate \"{certificate.Subject}\" does not verify against the client CA bundle: {problem}");
        }

        var (user, groups) = ClientCertificates.Subject(certificate);
        return user.Length == 0
            ? AuthenticationResult.Rejected($"client certificate \"{certificate.Subject}\" has no common name to take the user from")
            : AuthenticationResult.Success(new UserInfo(user, groups));
    }
}
