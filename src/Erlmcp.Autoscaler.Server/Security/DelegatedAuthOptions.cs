using Erlmcp.Autoscaler.Server.Security.Authentication.FrontProxy;

namespace Erlmcp.Autoscaler.Server.Security;

/// <summary>
/// Settings of kube-apiserver-style delegated authentication and authorization, bound from the <c>DelegatedAuth</c>
/// section and checked by <see cref="DelegatedAuthOptionsValidator"/>. The TokenReview, SubjectAccessReview and
/// ConfigMap parts apply with <c>MetricsApi:AuthorizationMode</c> <c>Delegated</c>; the front-proxy files in any mode.
/// </summary>
public sealed class DelegatedAuthOptions
{
    public const string SectionName = "DelegatedAuth";

    /// <summary><c>--requestheader-client-ca-file</c>: the authority of the front proxy's client certificate. Overrides the ConfigMap's.</summary>
    public string? RequestHeaderClientCaFile { get; set; }

    /// <summary><c>--requestheader-allowed-names</c>: common names the front proxy's certificate may have; empty allows any the CA signed.</summary>
    public string[]? RequestHeaderAllowedNames { get; set; }

    /// <summary><c>--requestheader-username-headers</c> (default <c>X-Remote-User</c>).</summary>
    public string[]? RequestHeaderUsernameHeaders { get; set; }

    /// <summary><c>--requestheader-group-headers</c> (default <c>X-Remote-Group</c>).</summary>
    public string[]? RequestHeaderGroupHeaders { get; set; }

    /// <summary><c>--requestheader-extra-headers-prefix</c> (default <c>X-Remote-Extra-</c>).</summary>
    public string[]? RequestHeaderExtraHeadersPrefix { get; set; }

    /// <summary><c>--authentication-skip-lookup</c>: do not read the <c>kube-system/extension-apiserver-authentication</c> ConfigMap.</summary>
    public bool SkipLookup { get; set; }

    /// <summary>How often the ConfigMap is read again, to follow CA rotations.</summary>
    public TimeSpan LookupInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary><c>--authentication-token-webhook audiences</c>: audiences asked for in a TokenReview; empty asks for the API server's.</summary>
    public string[]? TokenAudiences { get; set; }

    /// <summary><c>--authentication-token-webhook-cache-ttl</c>: how long a TokenReview that authenticated is kept.</summary>
    public TimeSpan TokenSuccessCacheTtl { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a TokenReview that rejected is kept (upstream's delegating authenticator keeps both for the same TTL).</summary>
    public TimeSpan TokenFailureCacheTtl { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary><c>--authorization-webhook-cache-authorized-ttl</c>.</summary>
    public TimeSpan AuthorizedCacheTtl { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary><c>--authorization-webhook-cache-unauthorized-ttl</c>.</summary>
    public TimeSpan UnauthorizedCacheTtl { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Groups allowed everything without a SubjectAccessReview (default <c>system:masters</c>, as upstream).</summary>
    public string[]? AlwaysAllowGroups { get; set; }

    /// <summary>How long a TokenReview or SubjectAccessReview may take before the request fails.</summary>
    public TimeSpan ReviewTimeout { get; set; } = TimeSpan.FromSeconds(10);

    public RequestHeaderNames RequestHeaderNames => new(
        RequestHeaderUsernameHeaders is { Length: > 0 } users ? [.. users.Select(h => h.Trim())] : RequestHeaderNames.Default.UsernameHeaders,
        RequestHeaderGroupHeaders is { Length: > 0 } groups ? [.. groups.Select(h => h.Trim())] : RequestHeaderNames.Default.GroupHeaders,
        RequestHeaderExtraHeadersPrefix is { Length: > 0 } prefixes ? [.. prefixes.Select(h => h.Trim())] : RequestHeaderNames.Default.ExtraHeaderPrefixes);

    public IReadOnlyList<string> EffectiveAlwaysAllowGroups => AlwaysAllowGroups ?? ["system:masters"];

    /// <summary>The configuration key of a setting, e.g. <c>DelegatedAuth:SkipLookup</c>.</summary>
    public static string Key(string property) => $"{SectionName}:{property}";
}
