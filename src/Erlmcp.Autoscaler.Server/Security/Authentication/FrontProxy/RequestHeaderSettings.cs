namespace Erlmcp.Autoscaler.Server.Security.Authentication.FrontProxy;

/// <summary>
/// The headers a front proxy (kube-apiserver's aggregator) states the user in: <c>--requestheader-username-headers</c>
/// (the first one with a value wins), <c>--requestheader-group-headers</c> (every value of every one) and
/// <c>--requestheader-extra-headers-prefix</c> (every header starting with one, the rest of its name being the key).
/// </summary>
public sealed record RequestHeaderNames(IReadOnlyList<string> UsernameHeaders, IReadOnlyList<string> GroupHeaders, IReadOnlyList<string> ExtraHeaderPrefixes)
{
    /// <summary>kube-apiserver's and the delegating options' defaults.</summary>
    public static readonly RequestHeaderNames Default = new(["X-Remote-User"], ["X-Remote-Group"], ["X-Remote-Extra-"]);

    // Compared by the names, so that the same names read again (from the ConfigMap, or from settings) are equal.
    public bool Equals(RequestHeaderNames? other) =>
        other is not null
        && UsernameHeaders.SequenceEqual(other.UsernameHeaders, StringComparer.Ordinal)
        && GroupHeaders.SequenceEqual(other.GroupHeaders, StringComparer.Ordinal)
        && ExtraHeaderPrefixes.SequenceEqual(other.ExtraHeaderPrefixes, StringComparer.Ordinal);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var name in UsernameHeaders.Concat(GroupHeaders).Concat(ExtraHeaderPrefixes))
        {
            hash.Add(name, StringComparer.Ordinal);
        }

        return hash.ToHashCode();
    }
}

/// <summary>
/// Front-proxy authentication as configured now: the authority the proxy's client certificate must chain to, the
/// common names allowed (empty: any certificate of that authority) and the header names.
/// </summary>
public sealed record RequestHeaderSettings(CertificateAuthorities Authorities, IReadOnlyList<string> AllowedNames, RequestHeaderNames Names);

/// <summary>Where the front-proxy settings come from (files, or the <c>extension-apiserver-authentication</c> ConfigMap); null when not configured.</summary>
public interface IRequestHeaderSettingsSource
{
    RequestHeaderSettings? CurrentRequestHeader { get; }
}

/// <summary>Front-proxy settings from files: the request-header CA bundle (reloaded when it changes) and fixed names.</summary>
public sealed class FileRequestHeaderSettings(ClientCaBundle authorities, IReadOnlyList<string> allowedNames, RequestHeaderNames names) : IRequestHeaderSettingsSource
{
    private RequestHeaderSettings? current;

    public RequestHeaderSettings CurrentRequestHeader
    {
        get
        {
            var trusted = authorities.CurrentAuthorities;
            var settings = Volatile.Read(ref current);
            if (settings is null || !ReferenceEquals(settings.Authorities, trusted))
            {
                // A new instance only when the bundle changed, so that verdicts kept per connection stay valid until then.
                settings = new RequestHeaderSettings(trusted, allowedNames, names);
                Volatile.Write(ref current, settings);
            }

            return settings;
        }
    }
}
