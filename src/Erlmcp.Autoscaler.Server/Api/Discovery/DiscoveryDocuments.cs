using Erlmcp.Autoscaler.Server.Api.Json;
using Erlmcp.Autoscaler.Server.Metrics;

namespace Erlmcp.Autoscaler.Server.Api.Discovery;

/// <summary>
/// The discovery documents, serialized once from the providers' metric lists (which do not change while the server
/// runs) and answered from memory: <c>/apis</c>, each group, and each group version.
/// </summary>
internal sealed class DiscoveryDocuments
{
    private static readonly IReadOnlyList<string> GetOnly = ["get"];

    public DiscoveryDocuments(ICustomMetricsProvider custom, IExternalMetricsProvider external)
    {
        ArgumentNullException.ThrowIfNull(custom);
        ArgumentNullException.ThrowIfNull(external);
        var customGroup = Group(MetricsApiGroups.CustomMetrics, MetricsApiGroups.CustomMetricsVersions);
        var externalGroup = Group(MetricsApiGroups.ExternalMetrics, MetricsApiGroups.ExternalMetricsVersions);
        ApiGroups = ApiJson.Serialize(new ApiGroupList([customGroup, externalGroup]), ApiJson.Context.ApiGroupList);
        CustomMetricsGroup = ApiJson.Serialize(customGroup with { Kind = "APIGroup", ApiVersion = "v1" }, ApiJson.Context.ApiGroup);
        ExternalMetricsGroup = ApiJson.Serialize(externalGroup with { Kind = "APIGroup", ApiVersion = "v1" }, ApiJson.Context.ApiGroup);

        var customResources = new List<ApiResource>();
        foreach (var info in custom.ListAllMetrics())
        {
            customResources.Add(new ApiResource(info.ToString(), "", info.Namespaced, "MetricValueList", GetOnly));
        }

        var externalResources = new List<ApiResource>();
        foreach (var info in external.ListAllExternalMetrics())
        {
            externalResources.Add(new ApiResource(info.Metric, "", Namespaced: true, "ExternalMetricValueList", GetOnly));
        }

        CustomMetricsVersions = ResourceLists(MetricsApiGroups.CustomMetrics, MetricsApiGroups.CustomMetricsVersions, customResources);
        ExternalMetricsVersions = ResourceLists(MetricsApiGroups.ExternalMetrics, MetricsApiGroups.ExternalMetricsVersions, externalResources);
    }

    /// <summary><c>/apis</c>: the APIGroupList.</summary>
    public byte[] ApiGroups { get; }

    public byte[] CustomMetricsGroup { get; }

    public byte[] ExternalMetricsGroup { get; }

    /// <summary>The APIResourceList of each custom metrics version.</summary>
    public IReadOnlyDictionary<string, byte[]> CustomMetricsVersions { get; }

    public IReadOnlyDictionary<string, byte[]> ExternalMetricsVersions { get; }

    private static ApiGroup Group(string name, IReadOnlyList<string> versions)
    {
        var forDiscovery = new List<GroupVersionForDiscovery>();
        foreach (var version in versions)
        {
            forDiscovery.Add(new GroupVersionForDiscovery($"{name}/{version}", version));
        }

        return new ApiGroup(null, null, name, forDiscovery, forDiscovery[0]);
    }

    private static Dictionary<string, byte[]> ResourceLists(string group, IReadOnlyList<string> versions, List<ApiResource> resources)
    {
        var lists = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var version in versions)
        {
            lists[version] = ApiJson.Serialize(new ApiResourceList($"{group}/{version}", resources), ApiJson.Context.ApiResourceList);
        }

        return lists;
    }
}
