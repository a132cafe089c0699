using k8s;
using k8s.Models;

namespace Erlmcp.Autoscaler.Server.Security.Authorization;

/// <summary>
/// Creates a <c>SubjectAccessReview</c> (authorization.k8s.io/v1) through KubernetesClient, built as the webhook
/// authorizer builds it: the user's name, uid, groups and extra; <c>resourceAttributes</c> for a resource request
/// (for a metric: resource <c>pods</c>, subresource the metric name, name <c>*</c> or the pod), otherwise
/// <c>nonResourceAttributes</c> with the path.
/// </summary>
public sealed class KubernetesSubjectAccessReviewer(IKubernetes client, TimeSpan timeout, TimeProvider time) : ISubjectAccessReviewer
{
    public async Task<AuthorizationDecision> ReviewAsync(RequestAttributes attributes, CancellationToken cancellationToken)
    {
        var review = Request(attributes);
        var answer = await DelegatedReviewException.WrapAsync(
            "SubjectAccessReview", timeout, time, linked => client.AuthorizationV1.CreateSubjectAccessReviewAsync(review, cancellationToken: linked), cancellationToken);
        var status = answer.Status ?? new V1SubjectAccessReviewStatus();
        var reason = status.Reason ?? "";
        return (status.Allowed, status.Denied == true) switch
        {
            (true, true) => throw new DelegatedReviewException("SubjectAccessReview: the answer both allows and denies"),
            (true, false) => AuthorizationDecision.Allow(reason),
            _ => AuthorizationDecision.Deny(reason),
        };
    }

    internal static V1SubjectAccessReview Request(RequestAttributes attributes)
    {
        ArgumentNullException.ThrowIfNull(attributes);
        var user = attributes.User;
        var spec = new V1SubjectAccessReviewSpec
        {
            User = user.Name,
            Uid = user.Uid.Length == 0 ? null : user.Uid,
            Groups = [.. user.Groups],
            Extra = user.Extra.Count == 0 ? null : user.Extra.ToDictionary(pair => pair.Key, pair => (IList<string>)[.. pair.Value], StringComparer.Ordinal),
        };
        if (attributes.IsResourceRequest)
        {
            spec.ResourceAttributes = new V1ResourceAttributes
            {
                NamespaceProperty = NullIfEmpty(attributes.Namespace),
                Verb = NullIfEmpty(attributes.Verb),
                Group = NullIfEmpty(attributes.ApiGroup),
                Version = NullIfEmpty(attributes.ApiVersion),
                Resource = NullIfEmpty(attributes.Resource),
                Subresource = NullIfEmpty(attributes.Subresource),
                Name = NullIfEmpty(attributes.Name),
            };
        }
        else
        {
            spec.NonResourceAttributes = new V1NonResourceAttributes { Path = attributes.Path, Verb = attributes.Verb };
        }

        return new V1SubjectAccessReview { ApiVersion = "authorization.k8s.io/v1", Kind = "SubjectAccessReview", Spec = spec };
    }

    // Go omits empty strings (omitempty); so does the request here.
    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;
}
