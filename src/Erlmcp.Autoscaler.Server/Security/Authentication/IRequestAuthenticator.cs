namespace Erlmcp.Autoscaler.Server.Security.Authentication;

/// <summary>
/// One way of telling who made a request (client certificate, bearer token, front proxy...). The server tries each
/// configured authenticator in turn and takes the first user; a request none authenticates gets a 401 Status.
/// </summary>
public interface IRequestAuthenticator
{
    ValueTask<AuthenticationResult> AuthenticateAsync(HttpContext context, CancellationToken cancellationToken);
}
