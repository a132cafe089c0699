using Erlmcp.Autoscaler.Core.Labels;
using Erlmcp.Autoscaler.Core.Quantities;

namespace Erlmcp.Autoscaler.Server.Metrics;

/// <summary>Which metric a value is of: its name and the metric label selector the query gave, if any.</summary>
public sealed record MetricIdentifier(string Name, LabelSelector? Selector);

/// <summary>
/// One custom metric value (custom_metrics.MetricValue): the object it describes, the metric, when it was observed,
/// the window it was computed over (null when unknown) and the value.
/// </summary>
public readonly record struct MetricValue(
    ObjectReference DescribedObject, MetricIdentifier Metric, DateTimeOffset Timestamp, TimeSpan? Window, Quantity Value);

/// <summary>One external metric value (external_metrics.ExternalMetricValue).</summary>
public sealed record ExternalMetricValue(
    string MetricName, IReadOnlyDictionary<string, string> MetricLabels, DateTimeOffset Timestamp, TimeSpan? Window, Quantity Value);
