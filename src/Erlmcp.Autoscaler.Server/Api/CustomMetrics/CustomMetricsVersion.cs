using Erlmcp.Autoscaler.Server.Api.Status;

namespace Erlmcp.Autoscaler.Server.Api.CustomMetrics;

/// <summary>A served version of custom.metrics.k8s.io; the two differ in how a value names its metric and window.</summary>
internal sealed record CustomMetricsVersion(string Version)
{
    public static readonly CustomMetricsVersion V1Beta1 = new("v1beta1");
    public static readonly CustomMetricsVersion V1Beta2 = new("v1beta2");

    public string GroupVersion { get; } = $"{MetricsApiGroups.CustomMetrics}/{Version}";

    /// <exception cref="ApiException">404: not a served version.</exception>
    public static CustomMetricsVersion Parse(string version) => version switch
    {
        "v1beta2" => V1Beta2,
        "v1beta1" => V1Beta1,
        _ => throw new ApiException(ApiStatus.NotFound()),
    };
}
