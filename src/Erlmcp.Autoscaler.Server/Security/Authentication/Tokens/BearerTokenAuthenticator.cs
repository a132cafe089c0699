namespace Erlmcp.Autoscaler.Server.Security.Authentication.Tokens;

/// <summary>
/// <c>Authorization: Bearer &lt;token&gt;</c> checked through a TokenReview (k8s.io/apiserver bearertoken over the
/// webhook token authenticator). When audiences are configured the review asks for them and the token must be valid
/// for at least one. A review that cannot be made rejects the request (401), as upstream does. The token is never logged.
/// </summary>
public sealed class BearerTokenAuthenticator(ITokenReviewer reviewer, IReadOnlyList<string> audiences) : IRequestAuthenticator
{
    public string Method => "token";

    public async ValueTask<AuthenticationResult> AuthenticateAsync(HttpContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var header = context.Request.Headers.Authorization.FirstOrDefault()?.Trim();
        if (string.IsNullOrEmpty(header))
        {
            return AuthenticationResult.NoCredentials;
        }

        var parts = header.Split(' ', 3);
        if (parts.Length < 2 || !parts[0].Equals("Bearer", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticationResult.NoCredentials;
        }

        if (parts[1].Length == 0)
        {
            return AuthenticationResult.Rejected("bearer token: invalid bearer token");
        }

        TokenReviewResult review;
        try
        {
            review = await reviewer.ReviewAsync(parts[1], audiences, cancellationToken);
        }
        catch (DelegatedReviewException e)
        {
            return AuthenticationResult.Rejected($"bearer token: {e.Message}");
        }

        if (!review.Authenticated || review.User is null)
        {
            return AuthenticationResult.Rejected(review.Error.Length > 0 ? $"bearer token: {review.Error}" : "bearer token: not authenticated by the TokenReview");
        }

        // Without audiences in the answer the token is valid for the ones asked for (the implicit audiences upstream).
        if (audiences.Count > 0 && review.Audiences.Count > 0 && !review.Audiences.Intersect(audiences, StringComparer.Ordinal).Any())
        {
            return AuthenticationResult.Rejected($"bearer token: valid for [{string.Join(", ", review.Audiences)}], not for [{string.Join(", ", audiences)}]");
        }

        return AuthenticationResult.Success(review.User);
    }
}
