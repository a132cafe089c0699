using System.Text;
using Erlmcp.Autoscaler.Core.Labels;

namespace Erlmcp.Autoscaler.Core.Hpa;

/// <summary>One container's usage in a resource-metrics sample, in milli-units by resource name.</summary>
public sealed record ContainerUsage(string Name, IReadOnlyDictionary<string, long> UsageMilli);

/// <summary>
/// Recorded metrics answered the way upstream's REST metrics client answers them (metrics/client.go): resource
/// usage per pod and container (metrics.k8s.io), per-pod custom metrics and object metrics (custom.metrics.k8s.io),
/// external metric series (external.metrics.k8s.io), and injected failures. Tests and the command line replay it.
/// <para>
/// Metric selectors are matched by equality for now, not evaluated against series labels: a series recorded under a
/// selector is returned to a query with an equal selector (same matchLabels, same matchExpressions in order; null and
/// empty are equal). Evaluating selectors against labels waits for the label-selector matcher in Core/Labels.
/// </para>
/// </summary>
public sealed class MetricsSnapshot : IMetricsClient
{
    private static readonly TimeSpan DefaultCustomMetricWindow = TimeSpan.FromMinutes(1);

    private readonly List<PodUsage> _podUsage = [];
    private readonly Dictionary<(string Metric, string Selector), List<KeyValuePair<string, PodMetric>>> _podMetrics = [];
    private readonly Dictionary<(string Metric, string Kind, string Name, string Selector), (long Value, DateTimeOffset Timestamp)> _objectMetrics = [];
    private readonly Dictionary<(string Metric, string Selector), List<(long Value, DateTimeOffset Timestamp)>> _externalMetrics = [];
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

    /// <summary>Records one pod's value of a per-pod custom metric; <paramref name="window"/> defaults to one minute.</summary>
    public MetricsSnapshot AddPodMetric(
        string metricName,
        string pod,
        long valueMilli,
        DateTimeOffset timestamp,
        TimeSpan? window = null,
        LabelSelectorSpec? metricSelector = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(metricName);
        ArgumentException.ThrowIfNullOrEmpty(pod);
        var key = (metricName, SelectorKey(metricSelector));
        if (!_podMetrics.TryGetValue(key, out var samples))
        {
            _podMetrics[key] = samples = [];
        }

        samples.Add(new(pod, new PodMetric(valueMilli, timestamp, window ?? DefaultCustomMetricWindow)));
        return this;
    }

    /// <summary>Records the value of a metric describing one object (replacing an earlier one).</summary>
    public MetricsSnapshot SetObjectMetric(
        string metricName,
        CrossVersionObjectReference describedObject,
        long valueMilli,
        DateTimeOffset timestamp,
        LabelSelectorSpec? metricSelector = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(metricName);
        ArgumentNullException.ThrowIfNull(describedObject);
        _objectMetrics[(metricName, describedObject.Kind, describedObject.Name, SelectorKey(metricSelector))] = (valueMilli, timestamp);
        return this;
    }

    /// <summary>Records one series of an external metric, returned to queries with an equal selector.</summary>
    public MetricsSnapshot AddExternalSeries(
        string metricName, long valueMilli, DateTimeOffset timestamp, LabelSelectorSpec? metricSelector = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(metricName);
        var key = (metricName, SelectorKey(metricSelector));
        if (!_externalMetrics.TryGetValue(key, out var series))
        {
            _externalMetrics[key] = series = [];
        }

        series.Add((valueMilli, timestamp));
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

        if (!_podMetrics.TryGetValue((metricName, SelectorKey(metricSelector)), out var samples) || samples.Count == 0)
        {
            return MetricFetch<IReadOnlyDictionary<string, PodMetric>>.Fail("no metrics returned from custom metrics API");
        }

        var result = new Dictionary<string, PodMetric>(samples.Count);
        foreach (var (pod, sample) in samples)
        {
            result[pod] = sample;
        }

        return MetricFetch<IReadOnlyDictionary<string, PodMetric>>.Ok(result, samples[0].Value.Timestamp);
    }

    /// <summary>The recorded value of a metric describing <paramref name="describedObject"/>.</summary>
    public MetricFetch<long> GetObjectMetric(string metricName, CrossVersionObjectReference describedObject, LabelSelectorSpec? metricSelector)
    {
        ArgumentNullException.ThrowIfNull(describedObject);
        if (_failures.TryGetValue((FailureSource.Object, metricName), out var error))
        {
            return MetricFetch<long>.Fail(error);
        }

        return _objectMetrics.TryGetValue(
            (metricName, describedObject.Kind, describedObject.Name, SelectorKey(metricSelector)), out var recorded)
            ? MetricFetch<long>.Ok(recorded.Value, recorded.Timestamp)
            : MetricFetch<long>.Fail(
                $"unable to fetch metrics from custom metrics API: the server could not find the metric {metricName} for {describedObject.Kind} {describedObject.Name}");
    }

    /// <summary>The recorded series of an external metric recorded under an equal selector; the timestamp is the first's.</summary>
    public MetricFetch<IReadOnlyList<long>> GetExternalMetric(string metricName, LabelSelectorSpec? metricSelector)
    {
        if (_failures.TryGetValue((FailureSource.External, metricName), out var error))
        {
            return MetricFetch<IReadOnlyList<long>>.Fail(error);
        }

        if (!_externalMetrics.TryGetValue((metricName, SelectorKey(metricSelector)), out var series) || series.Count == 0)
        {
            return MetricFetch<IReadOnlyList<long>>.Fail("no metrics returned from external metrics API");
        }

        var values = new long[series.Count];
        for (var i = 0; i < series.Count; i++)
        {
            values[i] = series[i].Value;
        }

        return MetricFetch<IReadOnlyList<long>>.Ok(values, series[0].Timestamp);
    }

    private MetricsSnapshot Fail(FailureSource source, string name, string error)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentException.ThrowIfNullOrEmpty(error);
        _failures[(source, name)] = error;
        return this;
    }

    /// <summary>
    /// A canonical text for a selector, so that equal selectors find the same series: matchLabels sorted by key,
    /// then the requirements in order. Null and empty selectors (which select everything) share the empty key.
    /// </summary>
    private static string SelectorKey(LabelSelectorSpec? selector)
    {
        if (selector is null || (selector.MatchLabels.Count == 0 && selector.MatchExpressions.Count == 0))
        {
            return "";
        }

        var key = new StringBuilder();
        foreach (var label in selector.MatchLabels.Keys.Order(StringComparer.Ordinal))
        {
            key.Append(label).Append('=').Append(selector.MatchLabels[label]).Append('\n');
        }

        foreach (var requirement in selector.MatchExpressions)
        {
            key.Append(requirement.Key).Append(' ').Append(requirement.Operator).Append(" (")
                .AppendJoin(',', requirement.Values).Append(")\n");
        }

        return key.ToString();
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
