namespace Erlmcp.Autoscaler.Server.Security.Authentication.FrontProxy;

/// <summary>
/// Front-proxy authentication (k8s.io/apiserver headerrequest behind its x509 verifier): a client certificate that
/// verifies against the request-header CA, with a common name among the allowed names when any are set, makes the
/// request's <c>X-Remote-User</c>/<c>X-Remote-Group</c>/<c>X-Remote-Extra-*</c> headers the user. Without such a
/// certificate the headers mean nothing (<see cref="ApiSecurityMiddleware"/> removes them from every request).
/// </summary>
public sealed class RequestHeaderAuthenticator(IRequestHeaderSettingsSource settings, TimeProvider time) : IRequestAuthenticator
{
    public string Method => "front-proxy";

    private static readonly object CacheKey = new();

    public ValueTask<AuthenticationResult> AuthenticateAsync(HttpContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var certificate = context.Connection.ClientCertificate;
        if (certificate is null || settings.CurrentRequestHeader is not { } current)
        {
            return ValueTask.FromResult(AuthenticationResult.NoCredentials);
        }

        var now = time.GetUtcNow();
        var verdict = ClientCertificates.PerConnection(context, CacheKey, certificate, current, now, () => new ProxyVerdict(VerifyProxy(certificate, current, now)));
        if (verdict.Problem is { } problem)
        {
            return ValueTask.FromResult(AuthenticationResult.Rejected(problem));
        }

        var user = RequestHeaderIdentity.Read(context.Request.Headers, current.Names);
        return ValueTask.FromResult(user is null ? AuthenticationResult.NoCredentials : AuthenticationResult.Success(user));
    }

    /// <summary>Null when the certificate is the front proxy's; otherwise why it is not (upstream's x509 verifier messages).</summary>
    internal static string? VerifyProxy(System.Security.Cryptography.X509Certificates.X509Certificate2 certificate, RequestHeaderSettings settings, DateTimeOffset now)
    {
        if (ClientCertificates.Verify(certificate, settings.Authorities, now) is { } problem)
        {
            return $"front-proxy: client certificate \"{certificate.Subject}\" does not verify against the request-header CA: {problem}";
        }

        var (commonName, _) = ClientCertificates.Subject(certificate);
        return settings.AllowedNames.Count == 0 || settings.AllowedNames.Contains(commonName, StringComparer.Ordinal)
            ? null
            : $"front-proxy: x509: subject with cn={commonName} is not in the allowed list";
    }

    private sealed record ProxyVerdict(string? Problem);
}
