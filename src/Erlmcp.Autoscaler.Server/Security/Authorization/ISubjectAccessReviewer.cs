namespace Erlmcp.Autoscaler.Server.Security.Authorization;

/// <summary>Asks whether a user may do what a request asks (authorization.k8s.io/v1 SubjectAccessReview in a cluster).</summary>
public interface ISubjectAccessReviewer
{
    /// <summary>Allowed, or not with the reviewer's reason (denied and "no opinion" both forbid).</summary>
    /// <exception cref="DelegatedReviewException">The review could not be made, or its answer is contradictory.</exception>
    Task<AuthorizationDecision> ReviewAsync(RequestAttributes attributes, CancellationToken cancellationToken);
}
