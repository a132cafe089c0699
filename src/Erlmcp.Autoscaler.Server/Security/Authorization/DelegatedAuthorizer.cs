using System.Text;

namespace Erlmcp.Autoscaler.Server.Security.Authorization;

/// <summary>
/// <c>--authorization-mode Delegated</c>, as an aggregated API server authorizes (k8s.io/apiserver delegating
/// authorization): members of an always-allowed group (<c>system:masters</c>) pass without a review; everything else
/// is asked of the cluster through a SubjectAccessReview, whose answer is kept briefly (allowed for
/// <c>allowTtl</c>, forbidden for <c>denyTtl</c>). A review that cannot be made is not kept and fails the request.
/// </summary>
public sealed class DelegatedAuthorizer(ISubjectAccessReviewer reviewer, IReadOnlyList<string> alwaysAllowGroups, TimeSpan allowTtl, TimeSpan denyTtl, TimeProvider time)
    : IRequestAuthorizer
{
    /// <summary>Upstream's webhook authorizer keeps up to 8192 answers.</summary>
    internal const int Capacity = 8192;

    private readonly ExpiringCache<string, AuthorizationDecision> cache = new(Capacity);

    public async ValueTask<AuthorizationDecision> AuthorizeAsync(RequestAttributes attributes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(attributes);
        if (attributes.User.Groups.Any(group => alwaysAllowGroups.Contains(group, StringComparer.Ordinal)))
        {
            return AuthorizationDecision.Allow();
        }

        var key = Key(attributes);
        if (cache.TryGet(key, time.GetUtcNow(), out var cached))
        {
            return cached;
        }

        var decision = await reviewer.ReviewAsync(attributes, cancellationToken);
        cache.Set(key, decision, time.GetUtcNow(), decision.Allowed ? allowTtl : denyTtl);
        return decision;
    }

    /// <summary>Everything the review is asked about, length-prefixed so that different questions never share a key.</summary>
    internal static string Key(RequestAttributes attributes)
    {
        var key = new StringBuilder();
        void Add(string value) => key.Append(value.Length).Append(':').Append(value);
        var user = attributes.User;
        Add(user.Name);
        Add(user.Uid);
        key.Append('g').Append(user.Groups.Count);
        foreach (var group in user.Groups)
        {
            Add(group);
        }

        key.Append('e').Append(user.Extra.Count);
        foreach (var (name, values) in user.Extra.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            Add(name);
            key.Append(values.Count);
            foreach (var value in values)
            {
                Add(value);
            }
        }

        Add(attributes.Verb);
        if (!attributes.IsResourceRequest)
        {
            key.Append('p');
            Add(attributes.Path);
            return key.ToString();
        }

        key.Append('r');
        foreach (var part in (string[])[attributes.ApiGroup, attributes.ApiVersion, attributes.Namespace, attributes.Resource, attributes.Subresource, attributes.Name])
        {
            Add(part);
        }

        return key.ToString();
    }
}
