namespace Erlmcp.Autoscaler.Server.Api;

/// <summary>The API groups and versions served, preferred version first.</summary>
internal static class MetricsApiGroups
{
    public const string CustomMetrics = "custom.metrics.k8s.io";
    public const string ExternalMetrics = "external.metrics.k8s.io";

    public static readonly IReadOnlyList<string> CustomMetricsVersions = ["v1beta2", "v1beta1"];
    public static readonly IReadOnlyList<string> ExternalMetricsVersions = ["v1beta1"];
}
