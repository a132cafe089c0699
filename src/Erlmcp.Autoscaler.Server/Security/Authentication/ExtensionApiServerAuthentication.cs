using System.Text.Json;
using Erlmcp.Autoscaler.Server.Security.Authentication.FrontProxy;

namespace Erlmcp.Autoscaler.Server.Security.Authentication;

/// <summary>
/// The <c>kube-system/extension-apiserver-authentication</c> ConfigMap kube-apiserver publishes for aggregated
/// servers: the cluster client CA (<c>client-ca-file</c>) and the front-proxy settings (<c>requestheader-client-ca-file</c>,
/// <c>requestheader-allowed-names</c> and the header names, each a JSON array of strings as upstream writes them).
/// </summary>
public sealed record ExtensionApiServerAuthentication(CertificateAuthorities? ClientCa, RequestHeaderSettings? RequestHeader)
{
    public const string Namespace = "kube-system";
    public const string Name = "extension-apiserver-authentication";

    public const string ClientCaKey = "client-ca-file";
    public const string RequestHeaderClientCaKey = "requestheader-client-ca-file";
    public const string AllowedNamesKey = "requestheader-allowed-names";
    public const string UsernameHeadersKey = "requestheader-username-headers";
    public const string GroupHeadersKey = "requestheader-group-headers";
    public const string ExtraHeadersPrefixKey = "requestheader-extra-headers-prefix";

    /// <summary>Reads the ConfigMap's data; a key absent leaves that part unset (no client CA, no front proxy).</summary>
    /// <exception cref="InvalidDataException">A value does not parse; the message names the key and what is wrong.</exception>
    public static ExtensionApiServerAuthentication Parse(IDictionary<string, string>? data)
    {
        data ??= new Dictionary<string, string>();
        var clientCa = Authorities(data, ClientCaKey);
        var requestHeaderCa = Authorities(data, RequestHeaderClientCaKey);
        RequestHeaderSettings? requestHeader = null;
        if (requestHeaderCa is not null)
        {
            requestHeader = new RequestHeaderSettings(
                requestHeaderCa,
                Strings(data, AllowedNamesKey),
                new RequestHeaderNames(Strings(data, UsernameHeadersKey), Strings(data, GroupHeadersKey), Strings(data, ExtraHeadersPrefixKey)));
        }

        return new ExtensionApiServerAuthentication(clientCa, requestHeader);
    }

    private static CertificateAuthorities? Authorities(IDictionary<string, string> data, string key)
    {
        if (!data.TryGetValue(key, out var pem) || string.IsNullOrWhiteSpace(pem))
        {
            return null;
        }

        return CertificateAuthorities.FromPem(pem) ?? throw new InvalidDataException($"{Namespace}/{Name}: {key}: no PEM certificate in the value");
    }

    /// <summary>A JSON array of strings; absent or empty is none (upstream's deserializeStrings).</summary>
    private static string[] Strings(IDictionary<string, string> data, string key)
    {
        if (!data.TryGetValue(key, out var json) || json.Length == 0)
        {
            return [];
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind == JsonValueKind.Null)
            {
                return [];
            }

            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                throw new InvalidDataException($"{Namespace}/{Name}: {key}: {json} is not a JSON array of strings");
            }

            return [.. document.RootElement.EnumerateArray().Select(element => element.ValueKind == JsonValueKind.String
                ? element.GetString()!
                : throw new InvalidDataException($"{Namespace}/{Name}: {key}: {element.GetRawText()} is not a string"))];
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{Namespace}/{Name}: {key}: {json} is not JSON: {e.Message}", e);
        }
    }
}
