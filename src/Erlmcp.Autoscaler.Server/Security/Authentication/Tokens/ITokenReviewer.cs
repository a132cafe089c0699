namespace Erlmcp.Autoscaler.Server.Security.Authentication.Tokens;

/// <summary>What a TokenReview said of a bearer token: the user when authenticated, the audiences it is valid for, or the error.</summary>
public sealed record TokenReviewResult(bool Authenticated, UserInfo? User, IReadOnlyList<string> Audiences, string Error)
{
    public static TokenReviewResult Success(UserInfo user, IReadOnlyList<string> audiences) => new(true, user, audiences, "");

    public static TokenReviewResult Failure(string error) => new(false, null, [], error);
}

/// <summary>Asks who a bearer token belongs to (authentication.k8s.io/v1 TokenReview in a cluster).</summary>
public interface ITokenReviewer
{
    /// <exception cref="DelegatedReviewException">The review could not be made.</exception>
    Task<TokenReviewResult> ReviewAsync(string token, IReadOnlyList<string> audiences, CancellationToken cancellationToken);
}
