using Erlmcp.Autoscaler.Core.Labels;

namespace Erlmcp.Autoscaler.Core.Hpa;

/// <summary>One pod's sample: metrics.PodMetric upstream.</summary>
public readonly record struct PodMetric(long ValueMilli, DateTimeOffset Timestamp, TimeSpan Window);

/// <summary>
/// What a metrics client returned: a value with the timestamp upstream reports, or the error text it would have
/// returned (an error is data here, because the controller turns it into a condition).
/// </summary>
public readonly record struct MetricFetch<T>(T? Value, DateTimeOffset Timestamp, string? Error)
{
    public bool Failed => Error is not null;

    public static MetricFetch<T> Ok(T value, DateTimeOffset timestamp) => new(value, timestamp, null);

    public static MetricFetch<T> Fail(string error) => new(default, default, error);
}

/// <summary>
/// The metrics the HPA reads for one autoscaler, already scoped to its namespace and the target's pod selector:
/// upstream's metricsclient.MetricsClient. Implementations are in-memory lookups (a recorded snapshot, the
/// simulator's state), so the Core stays free of I/O.
/// </summary>
public interface IMetricsClient
{
    /// <summary>Resource usage per pod (sum over containers, or one container when <paramref name="container"/> is not empty).</summary>
    MetricFetch<IReadOnlyDictionary<string, PodMetric>> GetResourceMetric(string resource, string container);

    /// <summary>A custom per-pod metric (custom.metrics.k8s.io pods/*/metric).</summary>
    MetricFetch<IReadOnlyDictionary<string, PodMetric>> GetRawMetric(string metricName, LabelSelectorSpec? metricSelector);

    /// <summary>A custom metric describing one object, in milli-units.</summary>
    MetricFetch<long> GetObjectMetric(string metricName, CrossVersionObjectReference describedObject, LabelSelectorSpec? metricSelector);

    /// <summary>An external metric: every matching series, in milli-units.</summary>
    MetricFetch<IReadOnlyList<long>> GetExternalMetric(string metricName, LabelSelectorSpec? metricSelector);
}
