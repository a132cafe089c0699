using k8s;
using k8s.Models;

namespace Erlmcp.Autoscaler.Server.Security.Authentication.Tokens;

/// <summary>Creates a <c>TokenReview</c> (authentication.k8s.io/v1) through KubernetesClient, as the delegating authenticator does.</summary>
public sealed class KubernetesTokenReviewer(IKubernetes client, TimeSpan timeout, TimeProvider time) : ITokenReviewer
{
    public async Task<TokenReviewResult> ReviewAsync(string token, IReadOnlyList<string> audiences, CancellationToken cancellationToken)
    {
        var review = new V1TokenReview
        {
            ApiVersion = "authentication.k8s.io/v1",
            Kind = "TokenReview",
            Spec = new V1TokenReviewSpec { Token = token, Audiences = audiences.Count == 0 ? null : [.. audiences] },
        };
        var answer = await DelegatedReviewException.WrapAsync(
            "TokenReview", timeout, time, linked => client.AuthenticationV1.CreateTokenReviewAsync(review, cancellationToken: linked), cancellationToken);
        var status = answer.Status;
        if (status?.Authenticated != true)
        {
            return TokenReviewResult.Failure(status?.Error ?? "");
        }

        var user = status.User ?? new V1UserInfo();
        var extra = (user.Extra ?? new Dictionary<string, IList<string>>())
            .ToDictionary(pair => pair.Key, pair => (IReadOnlyList<string>)[.. pair.Value ?? []], StringComparer.Ordinal);
        return TokenReviewResult.Success(
            new UserInfo(user.Username ?? "", [.. user.Groups ?? []]) { Uid = user.Uid ?? "", Extra = extra },
            [.. status.Audiences ?? []]);
    }
}
