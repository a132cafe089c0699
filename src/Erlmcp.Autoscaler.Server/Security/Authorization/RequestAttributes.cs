using Erlmcp.Autoscaler.Server.Security.Authentication;

namespace Erlmcp.Autoscaler.Server.Security.Authorization;

/// <summary>
/// What a request asks, in the terms authorizers (RBAC through SubjectAccessReview) decide on: the user, the verb and
/// either the resource (group, version, namespace, resource, subresource, name) or, for other paths, the path.
/// </summary>
public sealed record RequestAttributes(
    UserInfo User,
    string Verb,
    string Path,
    bool IsResourceRequest,
    string ApiGroup = "",
    string ApiVersion = "",
    string Namespace = "",
    string Resource = "",
    string Subresource = "",
    string Name = "")
{
    /// <summary>kube-apiserver's RequestInfoFactory, for the <c>/apis</c> prefix this server serves.</summary>
    public static RequestAttributes For(UserInfo user, string method, string path)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(path);
        var nonResource = new RequestAttributes(user, method.ToLowerInvariant(), path, IsResourceRequest: false);
        var parts = path.Trim('/').Split('/');
        // /apis/{group}/{version}/... is a resource request; shorter paths (discovery) are not.
        if (parts.Length < 4 || parts[0] != "apis")
        {
            return nonResource with { Verb = NonResourceVerb(method) };
        }

        var verb = method.ToUpperInvariant() switch
        {
            "POST" => "create",
            "GET" or "HEAD" => "get",
            "PUT" => "update",
            "PATCH" => "patch",
            "DELETE" => "delete",
            _ => "",
        };
        var rest = parts.AsSpan(3);
        var @namespace = "";
        if (rest[0] == "namespaces" && rest.Length > 1)
        {
            @namespace = rest[1];
            // namespaces/{ns}/{resource}...: the resource is what follows, unless it is the namespace's own subresource.
            if (rest.Length > 2 && rest[2] is not ("status" or "finalize"))
            {
                rest = rest[2..];
            }
        }

        var attributes = new RequestAttributes(
            user,
            verb,
            path,
            IsResourceRequest: true,
            ApiGroup: parts[1],
            ApiVersion: parts[2],
            Namespace: @namespace,
            Resource: rest[0],
            Subresource: rest.Length >= 3 ? rest[2] : "",
            Name: rest.Length >= 2 ? rest[1] : "");
        return attributes.Name.Length == 0 && verb is "get" or "delete"
            ? attributes with { Verb = verb == "get" ? "list" : "deletecollection" }
            : attributes;
    }

    private static string NonResourceVerb(string method) => method.ToUpperInvariant() switch
    {
        "POST" => "post",
        "PUT" => "put",
        "PATCH" => "patch",
        "DELETE" => "delete",
        "HEAD" => "head",
        _ => "get",
    };
}
