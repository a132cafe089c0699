using System.Text.Json.Serialization;

namespace Erlmcp.Autoscaler.Server.Api.Discovery;

/// <summary>metav1.APIGroupList.</summary>
internal sealed record ApiGroupList(IReadOnlyList<ApiGroup> Groups)
{
    [JsonPropertyOrder(-2)]
    public string Kind { get; init; } = "APIGroupList";

    [JsonPropertyOrder(-1)]
    public string ApiVersion { get; init; } = "v1";
}

/// <summary>metav1.APIGroup; kind and apiVersion are written only when it stands alone, not inside a list.</summary>
internal sealed record ApiGroup(string? Kind, string? ApiVersion, string Name, IReadOnlyList<GroupVersionForDiscovery> Versions, GroupVersionForDiscovery PreferredVersion);

/// <summary>metav1.GroupVersionForDiscovery.</summary>
internal sealed record GroupVersionForDiscovery(string GroupVersion, string Version);

/// <summary>metav1.APIResourceList.</summary>
internal sealed record ApiResourceList(string GroupVersion, IReadOnlyList<ApiResource> Resources)
{
    [JsonPropertyOrder(-2)]
    public string Kind { get; init; } = "APIResourceList";

    [JsonPropertyOrder(-1)]
    public string ApiVersion { get; init; } = "v1";
}

/// <summary>metav1.APIResource, with the fields an aggregated metrics server fills (singularName is always written).</summary>
internal sealed record ApiResource(string Name, string SingularName, bool Namespaced, string Kind, IReadOnlyList<string> Verbs);

/// <summary>version.Info, as <c>/version</c> answers.</summary>
internal sealed record VersionInfo(
    string Major, string Minor, string GitVersion, string GitCommit, string GitTreeState, string BuildDate, string GoVersion, string Compiler, string Platform);
