using Erlmcp.Autoscaler.Core.Labels;

namespace Erlmcp.Autoscaler.Server.Metrics;

/// <summary>Where external metric values come from (custom-metrics-apiserver's ExternalMetricsProvider).</summary>
public interface IExternalMetricsProvider
{
    /// <summary>Every external metric served, for discovery. Must not fail.</summary>
    IReadOnlyList<ExternalMetricInfo> ListAllExternalMetrics();

    /// <summary>The values of the metric in the namespace that the selector picks.</summary>
    /// <exception cref="MetricNotFoundException">The metric is not served, or nothing has a value.</exception>
    IReadOnlyList<ExternalMetricValue> GetExternalMetric(string @namespace, LabelSelector metricSelector, ExternalMetricInfo info);
}
