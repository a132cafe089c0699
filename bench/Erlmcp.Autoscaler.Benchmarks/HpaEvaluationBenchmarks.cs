using BenchmarkDotNet.Attributes;
using Erlmcp.Autoscaler.Core.Hpa;

namespace Erlmcp.Autoscaler.Benchmarks;

/// <summary>
/// One sync of the erlmcp deployment guide's HPA (CPU 70%, memory 80%, 20,000 connections per pod, with its
/// behavior) through the Core's HorizontalController: what the simulator pays per HPA sync.
/// </summary>
[MemoryDiagnoser]
public class HpaEvaluationBenchmarks
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);

    private readonly HorizontalController _controller = new(new HpaControllerOptions());
    private HpaSpec _spec = null!;
    private ScaleInfo _scale = null!;
    private List<PodInfo> _pods = null!;
    private MetricsSnapshot _metrics = null!;
    private HpaHistory _history = null!;

    [Params(20, 1000)]
    public int Pods { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _spec = new HpaSpec(
            4,
            Math.Max(20, Pods * 2),
            [
                new MetricSpec(MetricSourceType.Resource, Resource: new ResourceMetricSource("cpu", new MetricTarget(MetricTargetType.Utilization, AverageUtilization: 70))),
                new MetricSpec(MetricSourceType.Resource, Resource: new ResourceMetricSource("memory", new MetricTarget(MetricTargetType.Utilization, AverageUtilization: 80))),
                new MetricSpec(MetricSourceType.Pods, Pods: new PodsMetricSource(new MetricIdentifier("erlmcp_connections"), new MetricTarget(MetricTargetType.AverageValue, AverageValueMilli: 20_000_000))),
            ],
            new HpaBehavior(
                new HpaScalingRules(0, ScalingPolicySelect.Max, [new HpaScalingPolicy(ScalingPolicyType.Percent, 100, 30), new HpaScalingPolicy(ScalingPolicyType.Pods, 2, 30)]),
                new HpaScalingRules(300, null, [new HpaScalingPolicy(ScalingPolicyType.Percent, 50, 60)])));
        _scale = new ScaleInfo(Pods, Pods, "app=erlmcp");
        var labels = new Dictionary<string, string> { ["app"] = "erlmcp" };
        var requests = new Dictionary<string, long> { ["cpu"] = 2_000, ["memory"] = 4L * 1024 * 1024 * 1024 * 1000 };
        _pods = [];
        _metrics = new MetricsSnapshot();
        var random = new Random(42);
        for (var i = 0; i < Pods; i++)
        {
            var name = $"erlmcp-{i}";
            _pods.Add(new PodInfo(name, PodPhase.Running, new PodReadyCondition(ConditionStatus.True, Now.AddHours(-2)), Now.AddHours(-2),
                [new ContainerInfo("erlmcp", requests)], Labels: labels));
            _metrics.AddPodUsage(name, Now, TimeSpan.FromSeconds(15), [new ContainerUsage("erlmcp", new Dictionary<string, long>
            {
                ["cpu"] = 1_000 + random.Next(400),
                ["memory"] = (3L * 1024 * 1024 * 1024 + random.Next(1 << 28)) * 1000,
            })]);
            _metrics.AddPodMetric("erlmcp_connections", name, (22_000 + random.Next(3_000)) * 1000L, Now);
        }

        // Twenty recommendations over the last five minutes, as a controller syncing every 15 s remembers.
        _history = new HpaHistory(
            Enumerable.Range(1, 20).Select(i => new TimestampedRecommendation(Pods, Now.AddSeconds(-15 * i))).ToList(),
            [new TimestampedScaleEvent(2, Now.AddSeconds(-20), false)],
            []);
    }

    [Benchmark]
    public int Evaluate() =>
        _controller.Evaluate(_spec, _scale, _pods, _metrics, _history, [], Now).DesiredReplicas;
}
