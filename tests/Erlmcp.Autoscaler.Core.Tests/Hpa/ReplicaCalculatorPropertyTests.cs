using CsCheck;
using Erlmcp.Autoscaler.Core.Hpa;
using static Erlmcp.Autoscaler.Core.Tests.Hpa.ReplicaCalcTestCase;

namespace Erlmcp.Autoscaler.Core.Tests.Hpa;

/// <summary>Properties of the replica calculator over generated pods, samples and tolerances.</summary>
public sealed class ReplicaCalculatorPropertyTests
{
    private const string Metric = "erlmcp_connections";

    private static readonly Gen<PodCase> AnyPod = Gen.Select(
        Gen.Frequency((6, PodPhase.Running), (1, PodPhase.Pending), (1, PodPhase.Failed), (1, PodPhase.Succeeded)),
        Gen.Frequency((4, ConditionStatus.True), (1, ConditionStatus.False), (1, ConditionStatus.Unknown)),
        Gen.Bool,
        Gen.Int[0, 9],
        Gen.Int[0, 4],
        Gen.Long[1, 40],
        Gen.Long[0, 40_000],
        (phase, ready, hot, deleted, missing, cores, usage) =>
            new PodCase(phase, ready, hot, Deleted: deleted == 0, Reports: missing != 0, RequestMilli: cores * 100, Usage: usage));

    /// <summary>A running pod, ready long since and reporting: the calculation always has one trusted sample.</summary>
    private static readonly PodCase SteadyPod = new(PodPhase.Running, ConditionStatus.True, Hot: false, Deleted: false, Reports: true, 1000, 0);

    private static readonly Gen<Tolerances> AnyTolerances =
        Gen.Select(Gen.Double[0.0, 0.5], Gen.Double[0.0, 0.5], (down, up) => new Tolerances(down, up));

    [Fact]
    public void Proposals_are_never_negative() =>
        Gen.Select(AnyPod.List[1, 30], Gen.Int[0, 50], Gen.Int[1, 300], Gen.Long[1, 40_000], AnyTolerances)
            .Sample((pods, currentReplicas, targetUtilization, targetUsage, tolerances) =>
            {
                var calculator = Calculator(pods, uniformTarget: null);
                AssertNotNegative(() => calculator.GetResourceReplicas(currentReplicas, targetUtilization, "cpu", tolerances, "").ReplicaCount);
                AssertNotNegative(() => calculator.GetRawResourceReplicas(currentReplicas, targetUsage, "cpu", tolerances, "").ReplicaCount);
                AssertNotNegative(() => calculator.GetMetricReplicas(currentReplicas, targetUsage, Metric, tolerances, null).ReplicaCount);
                AssertNotNegative(() => calculator.GetObjectMetricReplicas(currentReplicas, targetUsage, Metric, tolerances, SomeDeployment(), null).ReplicaCount);
                AssertNotNegative(() => calculator.GetObjectPerPodMetricReplicas(currentReplicas, targetUsage, Metric, tolerances, SomeDeployment(), null).ReplicaCount);
                AssertNotNegative(() => calculator.GetExternalMetricReplicas(currentReplicas, targetUsage, Metric, tolerances, null).ReplicaCount);
                AssertNotNegative(() => calculator.GetExternalPerPodMetricReplicas(currentReplicas, targetUsage, Metric, tolerances, null).ReplicaCount);
            });

    [Fact]
    public void A_usage_within_tolerance_keeps_the_count() =>
        AnyTolerances.SelectMany(tolerances => Gen.Select(
                Gen.Const(tolerances),
                Gen.Int[1, 50],
                Gen.Long[1_000, 40_000],
                Gen.Double[-tolerances.ScaleDown, tolerances.ScaleUp].Array[1, 30]))
            .Sample((tolerances, currentReplicas, targetUsage, deviations) =>
            {
                // Every pod steady and reporting, each within the tolerance band around the target.
                var pods = deviations.Select(d => SteadyPod with { Usage = (long)(targetUsage * (1 + d)) }).ToList();
                var result = Calculator(pods, uniformTarget: null).GetMetricReplicas(currentReplicas, targetUsage, Metric, tolerances, null);

                if (tolerances.IsWithin((double)result.Usage / targetUsage))
                {
                    Assert.Equal(currentReplicas, result.ReplicaCount);
                }
            });

    [Fact]
    public void A_utilization_within_tolerance_keeps_the_count() =>
        AnyTolerances.SelectMany(tolerances => Gen.Select(
                Gen.Const(tolerances),
                Gen.Int[1, 50],
                Gen.Int[10, 200],
                Gen.Double[-tolerances.ScaleDown, tolerances.ScaleUp].Array[1, 30]))
            .Sample((tolerances, currentReplicas, targetUtilization, deviations) =>
            {
                var pods = deviations
                    .Select(d => SteadyPod with { Usage = (long)(SteadyPod.RequestMilli * targetUtilization / 100.0 * (1 + d)) })
                    .ToList();
                var result = Calculator(pods, uniformTarget: null).GetResourceReplicas(currentReplicas, targetUtilization, "cpu", tolerances, "");

                if (tolerances.IsWithin((double)result.Utilization / targetUtilization))
                {
                    Assert.Equal(currentReplicas, result.ReplicaCount);
                }
            });

    [Fact]
    public void A_uniform_load_at_exactly_the_target_keeps_the_count() =>
        Gen.Select(AnyPod.List[0, 30], Gen.Int[0, 50], Gen.Int[1, 300], Gen.Long[1, 40_000], AnyTolerances)
            .Sample((others, currentReplicas, targetUtilization, targetUsage, tolerances) =>
            {
                // Whatever state the other pods are in, every sample is exactly at the target.
                List<PodCase> pods = [SteadyPod, .. others];
                var metricCalculator = Calculator(pods, uniformTarget: (targetUsage, null));
                Assert.Equal(currentReplicas, metricCalculator.GetMetricReplicas(currentReplicas, targetUsage, Metric, tolerances, null).ReplicaCount);
                Assert.Equal(currentReplicas, metricCalculator.GetRawResourceReplicas(currentReplicas, targetUsage, "cpu", tolerances, "").ReplicaCount);

                var resourceCalculator = Calculator(pods, uniformTarget: (targetUsage, targetUtilization));
                var resource = resourceCalculator.GetResourceReplicas(currentReplicas, targetUtilization, "cpu", tolerances, "");
                Assert.Equal((currentReplicas, targetUtilization), (resource.ReplicaCount, resource.Utilization));
            });

    private static void AssertNotNegative(Func<int> calculate)
    {
        try
        {
            Assert.InRange(calculate(), 0, int.MaxValue);
        }
        catch (ReplicaCalculationException)
        {
            // No trusted samples, no pods, a missing request: the controller reports these as conditions.
        }
    }

    /// <summary>
    /// Pods p0.. as described, each reporting pod recorded for CPU, for the custom metric, and as one external series;
    /// the object metric is the sum of the reported usages. With <paramref name="uniformTarget"/>, every sample is the
    /// target instead: the average value, or for CPU the target utilization of the pod's request.
    /// </summary>
    private static ReplicaCalculator Calculator(IReadOnlyList<PodCase> pods, (long Usage, int? Utilization)? uniformTarget)
    {
        var snapshot = new MetricsSnapshot();
        var infos = new List<PodInfo>(pods.Count);
        long objectTotal = 0;
        for (var i = 0; i < pods.Count; i++)
        {
            var pod = pods[i];
            var name = $"p{i}";
            var start = pod.Hot ? Now : Now - TimeSpan.FromHours(1);
            infos.Add(new PodInfo(
                name,
                pod.Phase,
                new PodReadyCondition(pod.Ready, start),
                start,
                [new ContainerInfo("app", new Dictionary<string, long> { ["cpu"] = pod.RequestMilli })],
                pod.Deleted ? Now : null));
            if (!pod.Reports)
            {
                continue;
            }

            var usage = uniformTarget?.Usage ?? pod.Usage;
            var cpu = uniformTarget is (_, { } utilization) ? pod.RequestMilli * utilization / 100 : usage;
            snapshot
                .AddPodUsage(name, Now - TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(30), [new ContainerUsage("app", new Dictionary<string, long> { ["cpu"] = cpu })])
                .AddPodMetric(Metric, name, usage, Now - TimeSpan.FromSeconds(15))
                .AddExternalSeries(Metric, usage, Now - TimeSpan.FromSeconds(15));
            objectTotal += usage;
        }

        snapshot.SetObjectMetric(Metric, SomeDeployment(), objectTotal, Now);
        return new ReplicaCalculator(snapshot, infos, DefaultTestingCpuInitializationPeriod, DefaultTestingDelayOfInitialReadinessStatus, Now);
    }

    private sealed record PodCase(
        PodPhase Phase, ConditionStatus Ready, bool Hot, bool Deleted, bool Reports, long RequestMilli, long Usage);
}
