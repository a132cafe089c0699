namespace Erlmcp.Autoscaler.Server.Security.Authentication.FrontProxy;

/// <summary>
/// Removes the identity headers from a request once authentication is decided: the front-proxy headers (configured
/// names and, when the ConfigMap names others, those too) whoever sent them, and <c>Authorization</c> once used.
/// </summary>
public sealed class AuthenticationHeaders(RequestHeaderNames configured, IRequestHeaderSettingsSource? source)
{
    public void Clear(IHeaderDictionary headers, bool authenticated)
    {
        ArgumentNullException.ThrowIfNull(headers);
        RequestHeaderIdentity.Clear(headers, configured);
        if (source?.CurrentRequestHeader?.Names is { } current && current != configured)
        {
            RequestHeaderIdentity.Clear(headers, current);
        }

        if (authenticated)
        {
            headers.Remove("Authorization");
        }
    }
}
