using Erlmcp.Autoscaler.Core.Hpa;
using Erlmcp.Autoscaler.Core.Labels;
using Erlmcp.Autoscaler.Simulation.Model;

namespace Erlmcp.Autoscaler.Simulation.Metrics;

/// <summary>
/// The metrics APIs as the simulated HPA sees them: metrics-server's CPU and memory samples, and the connections
/// per pod either pushed (fresh) or scraped by Prometheus (a scrape interval, then a query delay). Samples are taken
/// as the simulation steps (<see cref="Observe"/>); <see cref="Prepare"/> fills, before each HPA sync, the
/// dictionaries the queries answer with, reused from sync to sync.
/// </summary>
internal sealed class SimulatedMetricsClient : IMetricsClient
{
    private readonly MetricsSetup _setup;
    private readonly SimCluster _cluster;
    private readonly long _resolutionMs;
    private readonly long _scrapeMs;
    private readonly long _queryDelayMs;
    private readonly long _pushWindowMs;
    private readonly Sample[] _resources;
    private readonly Sample[][] _scrapes;
    private readonly Dictionary<string, PodMetric> _cpu = [];
    private readonly Dictionary<string, PodMetric> _memory = [];
    private readonly Dictionary<string, PodMetric> _connections = [];
    private long _nextResourceSampleMs;
    private long _nextScrapeMs;

    public SimulatedMetricsClient(MetricsSetup setup, SimCluster cluster, long stepMs)
    {
        _setup = setup;
        _cluster = cluster;
        _resolutionMs = (long)setup.ResourceResolution.TotalMilliseconds;
        _scrapeMs = (long)setup.ScrapeInterval.TotalMilliseconds;
        _queryDelayMs = (long)setup.QueryDelay.TotalMilliseconds;
        _pushWindowMs = stepMs;
        var ordinals = cluster.Pods.Count;
        _resources = new Sample[ordinals];
        _scrapes = new Sample[ordinals][];
        var depth = setup.Connections == ConnectionsPipeline.Prometheus ? (int)(_queryDelayMs / _scrapeMs) + 2 : 0;
        for (var i = 0; i < ordinals; i++)
        {
            _resources[i] = Sample.None;
            _scrapes[i] = new Sample[depth];
            Array.Fill(_scrapes[i], Sample.None);
        }
    }

    /// <summary>Takes the samples due at <paramref name="nowMs"/>.</summary>
    public void Observe(long nowMs)
    {
        if (nowMs >= _nextResourceSampleMs)
        {
            foreach (var pod in _cluster.PodArray)
            {
                // metrics-server needs two kubelet scrapes of a container, a resolution apart, for a first value.
                if (pod.State.IsRunning() && nowMs - pod.StartedMs >= _resolutionMs)
                {
                    _resources[pod.Ordinal] = new Sample(pod.CreatedMs, nowMs, pod.Connections);
                }
            }

            _nextResourceSampleMs = NextTick(nowMs, _resolutionMs);
        }

        if (_setup.Connections == ConnectionsPipeline.Prometheus && nowMs >= _nextScrapeMs)
        {
            var slot = (int)(nowMs / _scrapeMs % _scrapes[0].Length);
            foreach (var pod in _cluster.PodArray)
            {
                _scrapes[pod.Ordinal][slot] = pod.State.IsRunning() ? new Sample(pod.CreatedMs, nowMs, pod.Connections) : Sample.None;
            }

            _nextScrapeMs = NextTick(nowMs, _scrapeMs);
        }
    }

    /// <summary>Fills the answers of the queries of an HPA sync at <paramref name="nowMs"/>.</summary>
    public void Prepare(long nowMs)
    {
        _cpu.Clear();
        _memory.Clear();
        _connections.Clear();
        var usage = _setup.Usage;
        var resolution = TimeSpan.FromMilliseconds(_resolutionMs);
        foreach (var pod in _cluster.PodArray)
        {
            var resource = _resources[pod.Ordinal];
            if (resource.IsOf(pod))
            {
                var at = Time(resource.TimeMs);
                _cpu[pod.Name] = new PodMetric(usage.CpuMilli(resource.Connections), at, resolution);
                _memory[pod.Name] = new PodMetric(usage.MemoryMilli(resource.Connections), at, resolution);
            }

            if (ConnectionsOf(pod, nowMs) is { } connections)
            {
                _connections[pod.Name] = connections;
            }
        }
    }

    public MetricFetch<IReadOnlyDictionary<string, PodMetric>> GetResourceMetric(string resource, string container)
    {
        if (container.Length > 0 && container != PodTemplate.ContainerName)
        {
            return MetricFetch<IReadOnlyDictionary<string, PodMetric>>.Fail(
                $"no metrics returned from resource metrics API for container {container}");
        }

        return resource switch
        {
            "cpu" => Fetched(_cpu, "resource"),
            "memory" => Fetched(_memory, "resource"),
            _ => MetricFetch<IReadOnlyDictionary<string, PodMetric>>.Fail($"no metrics returned from resource metrics API for resource {resource}"),
        };
    }

    public MetricFetch<IReadOnlyDictionary<string, PodMetric>> GetRawMetric(string metricName, LabelSelectorSpec? metricSelector) =>
        metricName == _setup.ConnectionsMetric
            ? Fetched(_connections, "custom")
            : MetricFetch<IReadOnlyDictionary<string, PodMetric>>.Fail(
                $"unable to fetch metrics from custom metrics API: the server could not find the metric {metricName} for pods");

    public MetricFetch<long> GetObjectMetric(string metricName, CrossVersionObjectReference describedObject, LabelSelectorSpec? metricSelector) =>
        MetricFetch<long>.Fail($"unable to fetch metrics from custom metrics API: the simulation serves no object metric {metricName}");

    public MetricFetch<IReadOnlyList<long>> GetExternalMetric(string metricName, LabelSelectorSpec? metricSelector) =>
        MetricFetch<IReadOnlyList<long>>.Fail($"unable to fetch metrics from external metrics API: the simulation serves no external metric {metricName}");

    private PodMetric? ConnectionsOf(SimPod pod, long nowMs)
    {
        if (_setup.Connections == ConnectionsPipeline.Push)
        {
            return pod.State.IsRunning()
                ? new PodMetric(pod.Connections * 1000, Time(nowMs), TimeSpan.FromMilliseconds(_pushWindowMs))
                : null;
        }

        // The newest scrape of this pod old enough for the query to see it.
        Sample? newest = null;
        foreach (var sample in _scrapes[pod.Ordinal])
        {
            if (sample.IsOf(pod) && sample.TimeMs <= nowMs - _queryDelayMs && (newest is null || sample.TimeMs > newest.Value.TimeMs))
            {
                newest = sample;
            }
        }

        return newest is { } s ? new PodMetric(s.Connections * 1000, Time(s.TimeMs), TimeSpan.FromMilliseconds(_scrapeMs)) : null;
    }

    private static MetricFetch<IReadOnlyDictionary<string, PodMetric>> Fetched(Dictionary<string, PodMetric> metrics, string api)
    {
        // Upstream's clients fail a query that returns no pods; the HPA turns that into a condition.
        if (metrics.Count == 0)
        {
            return MetricFetch<IReadOnlyDictionary<string, PodMetric>>.Fail($"no metrics returned from {api} metrics API");
        }

        var first = metrics.Values.First();
        return MetricFetch<IReadOnlyDictionary<string, PodMetric>>.Ok(metrics, first.Timestamp);
    }

    private DateTimeOffset Time(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(_cluster.OriginUnixMs + ms);

    private static long NextTick(long nowMs, long intervalMs) => (nowMs / intervalMs + 1) * intervalMs;

    /// <summary>One sample of one pod incarnation (told apart by its creation time).</summary>
    private readonly record struct Sample(long CreatedMs, long TimeMs, long Connections)
    {
        public static Sample None { get; } = new(long.MinValue, long.MinValue, 0);

        public bool IsOf(SimPod pod) => pod.State != PodState.Gone && CreatedMs == pod.CreatedMs;
    }
}
