namespace Erlmcp.Autoscaler.Server.Security.Authorization;

/// <summary>Decides whether an authenticated request may proceed (AlwaysAllow for development; SubjectAccessReview in a cluster).</summary>
public interface IRequestAuthorizer
{
    ValueTask<AuthorizationDecision> AuthorizeAsync(RequestAttributes attributes, CancellationToken cancellationToken);
}
