using CsCheck;
using Erlmcp.Autoscaler.Core.Hpa;
using static Erlmcp.Autoscaler.Core.Tests.Hpa.Controller.HpaTestCase;

namespace Erlmcp.Autoscaler.Core.Tests.Hpa.Controller;

/// <summary>Properties of <see cref="HorizontalController.Evaluate"/> over generated HPAs, pods and metrics.</summary>
public sealed class HorizontalControllerProperties
{
    private static readonly Gen<HpaBehavior?> Behavior =
        from kind in Gen.Int[0, 2]
        from upTolerance in Gen.Double[0, 0.5]
        from downTolerance in Gen.Double[0, 0.5]
        from upPods in Gen.Int[1, 10]
        from downPercent in Gen.Int[1, 100]
        from window in Gen.Int[0, 600]
        select kind switch
        {
            0 => null,
            1 => new HpaBehavior(new HpaScalingRules(Tolerance: upTolerance), new HpaScalingRules(Tolerance: downTolerance)),
            _ => new HpaBehavior(GenerateScalingRules(upPods, 60, 0, 0, 0), GenerateScalingRules(0, 0, downPercent, 60, window)),
        };

    private static readonly Gen<HpaTestCase> AnyHpa =
        from minReplicas in Gen.Int[0, 5]
        from span in Gen.Int[0, 15]
        from replicas in Gen.Int[0, 25]
        from cpuTarget in Gen.Int[1, 200]
        from levels in Gen.Long[0, 5000].Array[replicas]
        from requests in Gen.Long[100, 2000].Array[replicas]
        from ready in Gen.Bool.Array[replicas]
        from qpsTarget in Gen.Long[0, 50_000]
        from firstSync in Gen.Bool
        from behavior in Behavior
        select new HpaTestCase
        {
            MinReplicas = minReplicas,
            MaxReplicas = Math.Max(1, minReplicas + span),
            SpecReplicas = replicas,
            StatusReplicas = replicas,
            CpuTarget = cpuTarget,
            ReportedLevels = levels,
            ReportedCpuRequests = requests,
            ReportedPodReadiness = [.. ready.Select(r => r ? ConditionStatus.True : ConditionStatus.False)],
            ReportedPodStartTime = [.. ready.Select(_ => CoolCpuCreationTime())],
            MetricsTarget = qpsTarget == 0 ? [] : [PodsQps(qpsTarget)],
            Recommendations = firstSync ? null : [],
            ScaleUpRules = behavior?.ScaleUp,
            ScaleDownRules = behavior?.ScaleDown,
        };

    // Every metric exactly at its target: each pod uses cpuTarget% of its request (requests are multiples of 200
    // milli-cores, so that each of the two containers' halves is whole), every pod reports the qps target, and the
    // external series is the per-pod target times the replicas.
    private static readonly Gen<(HpaTestCase Case, MetricsSnapshot Metrics)> HpaAtTarget =
        from replicas in Gen.Int[1, 20]
        from minReplicas in Gen.Int[0, replicas]
        from span in Gen.Int[0, 10]
        from cpuTarget in Gen.Int[1, 150]
        from cores in Gen.Int[1, 10].Array[replicas]
        from qps in Gen.Long[1, 100_000]
        from perPod in Gen.Long[1, 10_000]
        from firstSync in Gen.Bool
        from behavior in Behavior
        select (
            new HpaTestCase
            {
                MinReplicas = minReplicas,
                MaxReplicas = Math.Max(1, replicas + span),
                SpecReplicas = replicas,
                StatusReplicas = replicas,
                CpuTarget = cpuTarget,
                ReportedCpuRequests = [.. cores.Select(k => 200L * k)],
                ReportedLevels = [.. cores.Select(k => 2L * k * cpuTarget)],
                MetricsTarget = [PodsQps(qps), ExternalQps(AverageValue(perPod))],
                Recommendations = firstSync ? null : [],
                ScaleUpRules = behavior?.ScaleUp,
                ScaleDownRules = behavior?.ScaleDown,
            },
            AtTarget(cores, cpuTarget, qps, perPod));

    [Fact]
    public void DesiredReplicasStayWithinMinAndMaxWhenScalingIsEnabled() => AnyHpa.Sample(
        testCase =>
        {
            var evaluation = testCase.Evaluate();
            if (testCase.SpecReplicas == 0 && testCase.MinReplicas != 0)
            {
                Assert.Equal((0, false), (evaluation.DesiredReplicas, evaluation.Rescale));
                return;
            }

            Assert.InRange(evaluation.DesiredReplicas, testCase.MinReplicas, testCase.MaxReplicas);
            Assert.Equal(evaluation.DesiredReplicas != testCase.SpecReplicas, evaluation.Rescale);
        },
        iter: 500,
        print: Describe);

    [Fact]
    public void NothingChangesWhenEveryMetricIsAtItsTarget() => HpaAtTarget.Sample(
        sample =>
        {
            var (testCase, metrics) = sample;
            var evaluation = testCase.Evaluate(metrics: metrics);

            Assert.Null(evaluation.Error);
            Assert.Equal((testCase.SpecReplicas, false), (evaluation.DesiredReplicas, evaluation.Rescale));
            Assert.Equal(3, evaluation.Proposals.Count);
            Assert.All(evaluation.Proposals, p => Assert.Equal(testCase.SpecReplicas, p.Replicas));
            Assert.Equal(
                [
                    Condition(HpaConditionType.AbleToScale, ConditionStatus.True, "ReadyForNewScale"),
                    Condition(HpaConditionType.ScalingActive, ConditionStatus.True, "ValidMetricFound"),
                    Condition(HpaConditionType.ScalingLimited, ConditionStatus.False, "DesiredWithinRange"),
                ],
                evaluation.Conditions.Select(c => Condition(c.Type, c.Status, c.Reason)));
        },
        iter: 300,
        print: sample => Describe(sample.Item1));

    private static MetricsSnapshot AtTarget(int[] cores, int cpuTarget, long qps, long perPod)
    {
        var snapshot = new MetricsSnapshot().AddExternalSeries("qps", perPod * cores.Length, Now);
        for (var i = 0; i < cores.Length; i++)
        {
            var pod = $"{PodNamePrefix}-{i}";
            var half = new Dictionary<string, long> { ["cpu"] = (long)cores[i] * cpuTarget };
            snapshot.AddPodUsage(pod, Now, TimeSpan.FromMinutes(1), [new ContainerUsage("container1", half), new ContainerUsage("container2", half)]);
            snapshot.AddPodMetric("qps", pod, qps, Now);
        }

        return snapshot;
    }

    private static string Describe(HpaTestCase c) =>
        $"min={c.MinReplicas} max={c.MaxReplicas} replicas={c.SpecReplicas} cpuTarget={c.CpuTarget} "
        + $"levels=[{string.Join(',', c.ReportedLevels)}] requests=[{string.Join(',', c.ReportedCpuRequests ?? [])}] "
        + $"ready=[{string.Join(',', c.ReportedPodReadiness ?? [])}] metrics={c.MetricsTarget.Length} "
        + $"firstSync={c.Recommendations is null} behavior=({c.ScaleUpRules}, {c.ScaleDownRules})";
}
