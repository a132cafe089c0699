using Erlmcp.Autoscaler.Core.Labels;

namespace Erlmcp.Autoscaler.Server.Metrics;

/// <summary>
/// Where custom metric values come from, apart from the API that serves them (custom-metrics-apiserver's
/// CustomMetricsProvider). Methods are called on every request and must answer from memory.
/// </summary>
public interface ICustomMetricsProvider
{
    /// <summary>Every metric served, for discovery. Must not fail.</summary>
    IReadOnlyList<CustomMetricInfo> ListAllMetrics();

    /// <summary>The metric for one object (<paramref name="namespace"/> is null for a root-scoped object).</summary>
    /// <exception cref="MetricNotFoundException">The metric is not served for the resource, or the object has no value.</exception>
    MetricValue GetMetricByName(string? @namespace, string name, CustomMetricInfo info, LabelSelector metricSelector);

    /// <summary>The metric for every object the selector matches (in <paramref name="namespace"/>, or root-scoped when null).</summary>
    /// <exception cref="MetricNotFoundException">The metric is not served for the resource, or no object has a value.</exception>
    MetricValueList GetMetricBySelector(string? @namespace, LabelSelector selector, CustomMetricInfo info, LabelSelector metricSelector);
}
