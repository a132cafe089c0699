using System.Diagnostics.CodeAnalysis;
using Erlmcp.Autoscaler.Core.Labels;

namespace Erlmcp.Autoscaler.Core.Hpa;

/// <summary>One container's usage in a resource-metrics sample, in milli-units by resource name.</summary>
public sealed record ContainerUsage(string Name, IReadOnlyDictionary<string, long> UsageMilli);

/// <summary>
/// Recorded metrics answered the way upstream's REST metrics client answers them (metrics/client.go): resource
/// usage per pod and container (metrics.k8s.io), per-pod custom metrics and object metrics (custom.metrics.k8s.io),
/// external metric series (external.metrics.k8s.io), and injected failures. Tests and the command line replay it.
/// <para>
/// Every value is recorded with the labels of its series; a query's metric selector is evaluated against them as the
/// metrics APIs do (a null or empty selector selects every series), and a selector that is not valid fails the query
/// with the reason, as upstream's LabelSelectorAsSelector does.
/// </para>
/// </summary>
public sealed class MetricsSnapshot : IMetricsClient
{
    private static readonly TimeSpan DefaultCustomMetricWindow = TimeSpan.FromMinutes(1);

    private static readonly IReadOnlyDictionary<string, string> NoLabels = new Dictionary<string, string>();

    private readonly List<PodUsage> _podUsage = [];
    private readonly Dictionary<string, List<(string Pod, PodMetric Sample, IReadOnlyDictionary<string, string> Labels)>> _podMetrics = [];
    private readonly Dictionary<(string Metric, string Kind, string Name), List<(long Value, DateTimeOffset Timestamp, IReadOnlyDictionary<string, string> Labels)>> _objectMetrics = [];
    private readonly Dictionary<string, List<(long Value, DateTimeOffset Timestamp, IReadOnlyDictionary<string, string> Labels)>> _externalMetrics = [];
    private readonly Dictionary<(FailureSource Source, string Name), string> _failures = [];

    private enum FailureSource
    {
        Resource,
        Pods,
        Object,
        External,
    }

    /// <summary>Records one pod's resource-metrics sample (a PodMetrics item: its containers' usage).</summary>
    public MetricsSnapshot AddPodUsage(string pod, DateTimeOffset timestamp, TimeSpan window, IReadOnlyList<ContainerUsage> containers)
    {
        ArgumentException.ThrowIfNullOrEmpty(pod);
        ArgumentNullException.ThrowIfNull(containers);
        _podUsage.Add(new PodUsage(pod, timestamp, window, containers));
        return this;
    }

    /// <summary>
    /// Records one pod's value of a per-pod custom metric, with the labels of its series; <paramref name="window"/>
    /// defaults to one minute.
    /// </summary>
    public MetricsSnapshot AddPodMetric(
        string metricName,
        string pod,
        long valueMilli,
        DateTimeOffset timestamp,
        TimeSpan? window = null,
        IReadOnlyDictionary<string, string>? labels = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(metricName);
        ArgumentException.ThrowIfNullOrEmpty(pod);
        Series(_podMetrics, metricName).Add((pod, new PodMetric(valueMilli, timestamp, window ?? DefaultCustomMetricWindow), labels ?? NoLabels));
        return this;
    }

    /// <summary>
    /// Records one series of a metric describing one object, with its labels, replacing the series with the same
    /// labels. The custom metrics API answers an object query with one value, so a query whose selector matches
    /// several series gets the first recorded.
    /// </summary>
    public MetricsSnapshot SetObjectMetric(
        string metricName,
        CrossVersionObjectReference describedObject,
        long valueMilli,
        DateTimeOffset timestamp,
        IReadOnlyDictionary<string, string>? labels = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(metricName);
        ArgumentNullException.ThrowIfNull(describedObject);
        var series = Series(_objectMetrics, (metricName, describedObject.Kind, describedObject.Name));
        labels ??= NoLabels;
        series.RemoveAll(s => s.Labels.Count == labels.Count && !s.Labels.Except(labels).Any());
        series.Add((valueMilli, timestamp, labels));
        return this;
    }

    /// <summary>Records one series of an external metric, with its labels.</summary>
    public MetricsSnapshot AddExternalSeries(
        string metricName, long valueMilli, DateTimeOffset timestamp, IReadOnlyDictionary<string, string>? labels = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(metricName);
        Series(_externalMetrics, metricName).Add((valueMilli, timestamp, labels ?? NoLabels));
        return this;
    }

    /// <summary>Makes every query for <paramref name="resource"/> (cpu, memory...) fail with <paramref name="error"/>.</summary>
    public MetricsSnapshot FailResourceMetric(string resource, string error) => Fail(FailureSource.Resource, resource, error);

    /// <summary>Makes every query for the per-pod custom metric fail with <paramref name="error"/>.</summary>
    public MetricsSnapshot FailPodsMetric(string metricName, string error) => Fail(FailureSource.Pods, metricName, error);

    /// <summary>Makes every query for the object metric fail with <paramref name="error"/>.</summary>
    public MetricsSnapshot FailObjectMetric(string metricName, string error) => Fail(FailureSource.Object, metricName, error);

    /// <summary>Makes every query for the external metric fail with <paramref name="error"/>.</summary>
    public MetricsSnapshot FailExternalMetric(string metricName, string error) => Fail(FailureSource.External, metricName, error);

    /// <summary>
    /// Each pod's usage of <paramref name="resource"/>: one container's when <paramref name="container"/> is set (pods
    /// without that container, or whose container lacks the resource, are left out), else the sum over its
    /// containers (pods with no containers, or with a container lacking the resource, are left out). The timestamp
    /// is the first recorded pod's.
    /// </summary>
    public MetricFetch<IReadOnlyDictionary<string, PodMetric>> GetResourceMetric(string resource, string container)
    {
        if (_failures.TryGetValue((FailureSource.Resource, resource), out var error))
        {
            return MetricFetch<IReadOnlyDictionary<string, PodMetric>>.Fail(error);
        }

        if (_podUsage.Count == 0)
        {
            return MetricFetch<IReadOnlyDictionary<string, PodMetric>>.Fail("no metrics returned from resource metrics API");
        }

        var result = new Dictionary<string, PodMetric>(_podUsage.Count);
        foreach (var pod in _podUsage)
        {
            if (pod.UsageOf(resource, container) is { } value)
            {
                result[pod.Name] = new PodMetric(value, pod.Timestamp, pod.Window);
            }
        }

        return MetricFetch<IReadOnlyDictionary<string, PodMetric>>.Ok(result, _podUsage[0].Timestamp);
    }

    /// <summary>The recorded samples of a per-pod custom metric; the timestamp is the first sample's.</summary>
    public MetricFetch<IReadOnlyDictionary<string, PodMetric>> GetRawMetric(string metricName, LabelSelectorSpec? metricSelector)
    {
        if (_failures.TryGetValue((FailureSource.Pods, metricName), out var error))
        {
            return MetricFetch<IReadOnlyDictionary<string, PodMetric>>.Fail(error);
        }

        if (!TryParse(metricSelector, out var selector, out error))
        {
            return MetricFetch<IReadOnlyDictionary<string, PodMetric>>.Fail(error);
        }

        var result = new Dictionary<string, PodMetric>();
        var timestamp = default(DateTimeOffset);
        foreach (var (pod, sample, labels) in _podMetrics.GetValueOrDefault(metricName) ?? [])
        {
            if (selector.Matches(labels))
            {
                timestamp = result.Count == 0 ? sample.Timestamp : timestamp;
                result[pod] = sample;
            }
        }

        return result.Count == 0
            ? MetricFetch<IReadOnlyDictionary<string, PodMetric>>.Fail("no metrics returned from custom metrics API")
            : MetricFetch<IReadOnlyDictionary<string, PodMetric>>.Ok(result, timestamp);
    }

    /// <summary>The recorded value of a metric describing <paramref name="describedObject"/>.</summary>
    public MetricFetch<long> GetObjectMetric(string metricName, CrossVersionObjectReference describedObject, LabelSelectorSpec? metricSelector)
    {
        ArgumentNullException.ThrowIfNull(describedObject);
        if (_failures.TryGetValue((FailureSource.Object, metricName), out var error))
        {
            return MetricFetch<long>.Fail(error);
        }

        if (!TryParse(metricSelector, out var selector, out error))
        {
            return MetricFetch<long>.Fail(error);
        }

        foreach (var (value, timestamp, labels) in _objectMetrics.GetValueOrDefault((metricName, describedObject.Kind, describedObject.Name)) ?? [])
        {
            if (selector.Matches(labels))
            {
                return MetricFetch<long>.Ok(value, timestamp);
            }
        }

        return MetricFetch<long>.Fail(
                $"unable to fetch metrics from custom metrics API: the server could not find the metric {metricName} for {describedObject.Kind} {describedObject.Name}");
    }

    /// <summary>The recorded series of an external metric that the selector matches; the timestamp is the first's.</summary>
    public MetricFetch<IReadOnlyList<long>> GetExternalMetric(string metricName, LabelSelectorSpec? metricSelector)
    {
        if (_failures.TryGetValue((FailureSource.External, metricName), out var error))
        {
            return MetricFetch<IReadOnlyList<long>>.Fail(error);
        }

        if (!TryParse(metricSelector, out var selector, out error))
        {
            return MetricFetch<IReadOnlyList<long>>.Fail(error);
        }

        var values = new List<long>();
        var first = default(DateTimeOffset);
        foreach (var (value, timestamp, labels) in _externalMetrics.GetValueOrDefault(metricName) ?? [])
        {
            if (selector.Matches(labels))
            {
                first = values.Count == 0 ? timestamp : first;
                values.Add(value);
            }
        }

        return values.Count == 0
            ? MetricFetch<IReadOnlyList<long>>.Fail("no metrics returned from external metrics API")
            : MetricFetch<IReadOnlyList<long>>.Ok(values, first);
    }

    private MetricsSnapshot Fail(FailureSource source, string name, string error)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentException.ThrowIfNullOrEmpty(error);
        _failures[(source, name)] = error;
        return this;
    }

    private static List<T> Series<TKey, T>(Dictionary<TKey, List<T>> metrics, TKey key)
        where TKey : notnull
    {
        if (!metrics.TryGetValue(key, out var series))
        {
            metrics[key] = series = [];
        }

        return series;
    }

    /// <summary>
    /// The metrics APIs receive the selector as text: a null or empty metav1.LabelSelector sends none and selects
    /// every series; an invalid one fails before any query.
    /// </summary>
    private static bool TryParse(LabelSelectorSpec? spec, out LabelSelector selector, [NotNullWhen(false)] out string? error)
    {
        try
        {
            selector = spec is null ? LabelSelector.Everything : LabelSelector.FromSpec(spec);
            error = null;
            return true;
        }
        catch (LabelSelectorException e)
        {
            selector = LabelSelector.Nothing;
            error = e.Message;
            return false;
        }
    }

    private sealed record PodUsage(string Name, DateTimeOffset Timestamp, TimeSpan Window, IReadOnlyList<ContainerUsage> Containers)
    {
        /// <summary>upstream getContainerMetrics / getPodMetrics for this pod; null when the pod is left out.</summary>
        public long? UsageOf(string resource, string container)
        {
            if (container.Length > 0)
            {
                for (var i = 0; i < Containers.Count; i++)
                {
                    if (Containers[i].Name == container)
                    {
                        return Containers[i].UsageMilli.TryGetValue(resource, out var value) ? value : null;
                    }
                }

                return null;
            }

            if (Containers.Count == 0)
            {
                return null;
            }

            long sum = 0;
            for (var i = 0; i < Containers.Count; i++)
            {
                if (!Containers[i].UsageMilli.TryGetValue(resource, out var value))
                {
                    return null;
                }

                sum += value;
            }

            return sum;
        }
    }
}
