using BenchmarkDotNet.Attributes;
using Erlmcp.Autoscaler.Core.Hpa;

namespace Erlmcp.Autoscaler.Benchmarks;

/// <summary>
/// One HPA evaluation over 1,000 pods: CPU utilization (with some hot, unready and missing pods, so the fill-in path
/// runs) and a per-pod custom metric. Measures the calculator, not the metrics client: the snapshot answers are
/// fetched once in setup and replayed.
/// </summary>
[MemoryDiagnoser]
public class ReplicaCalculatorBenchmarks
{
    private const int PodCount = 1_000;
    private static readonly DateTimeOffset Now = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    private ReplicaCalculator _calculator = null!;

    [GlobalSetup]
    public void Setup()
    {
        var snapshot = new MetricsSnapshot();
        var pods = new List<PodInfo>(PodCount);
        for (var i = 0; i < PodCount; i++)
        {
            var name = $"erlmcp-{i}";
            var start = i % 50 == 0 ? Now : Now - TimeSpan.FromHours(1);
            var ready = i % 40 == 1 ? ConditionStatus.False : ConditionStatus.True;
            pods.Add(new PodInfo(
                name,
                PodPhase.Running,
                new PodReadyCondition(ready, start),
                start,
                [new ContainerInfo("erlmcp", new Dictionary<string, long> { ["cpu"] = 2000 })]));
            if (i % 100 == 2)
            {
                continue; // missing metrics
            }

            snapshot.AddPodUsage(name, Now, TimeSpan.FromSeconds(30), [new ContainerUsage("erlmcp", new Dictionary<string, long> { ["cpu"] = 1500 + (i % 7) })]);
            snapshot.AddPodMetric("erlmcp_connections", name, 22_000_000 + (i % 13), Now);
        }

        _calculator = new ReplicaCalculator(new ReplayedMetrics(snapshot), pods, TimeSpan.FromMinutes(5), TimeSpan.FromSeconds(30), Now);
    }

    [Benchmark]
    public ResourceReplicas CpuUtilization() => _calculator.GetResourceReplicas(PodCount, 60, "cpu", Tolerances.Default, "");

    [Benchmark]
    public MetricReplicas ConnectionsPerPod() =>
        _calculator.GetMetricReplicas(PodCount, 20_000_000, "erlmcp_connections", Tolerances.Default, null);

    /// <summary>Answers with the snapshot's results fetched once, so that only the calculator is measured.</summary>
    private sealed class ReplayedMetrics(MetricsSnapshot snapshot) : IMetricsClient
    {
        private readonly MetricFetch<IReadOnlyDictionary<string, PodMetric>> _cpu = snapshot.GetResourceMetric("cpu", "");
        private readonly MetricFetch<IReadOnlyDictionary<string, PodMetric>> _connections = snapshot.GetRawMetric("erlmcp_connections", null);

        public MetricFetch<IReadOnlyDictionary<string, PodMetric>> GetResourceMetric(string resource, string container) => _cpu;

        public MetricFetch<IReadOnlyDictionary<string, PodMetric>> GetRawMetric(string metricName, Core.Labels.LabelSelectorSpec? metricSelector) => _connections;

        public MetricFetch<long> GetObjectMetric(string metricName, CrossVersionObjectReference describedObject, Core.Labels.LabelSelectorSpec? metricSelector) =>
            snapshot.GetObjectMetric(metricName, describedObject, metricSelector);

        public MetricFetch<IReadOnlyList<long>> GetExternalMetric(string metricName, Core.Labels.LabelSelectorSpec? metricSelector) =>
            snapshot.GetExternalMetric(metricName, metricSelector);
    }
}
