namespace Erlmcp.Autoscaler.Server.Security.Authentication;

/// <summary>
/// One way of telling who made a request (client certificate, bearer token, front proxy...). The server tries each
/// configured authenticator in turn and takes the first user; a request none authenticates gets a 401 Status.
/// </summary>
public interface IRequestAuthenticator
{
    /// <summary>How this authenticator identifies a caller (<c>x509</c>, <c>token</c>, <c>front-proxy</c>): the <c>method</c> label of the auth decisions metric.</summary>
    string Method { get; }

    ValueTask<AuthenticationResult> AuthenticateAsync(HttpContext context, CancellationToken cancellationToken);
}
