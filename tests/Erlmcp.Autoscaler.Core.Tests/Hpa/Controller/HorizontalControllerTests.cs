using Erlmcp.Autoscaler.Core.Hpa;
using Erlmcp.Autoscaler.Core.Labels;
using static Erlmcp.Autoscaler.Core.Tests.Hpa.Controller.HpaTestCase;

namespace Erlmcp.Autoscaler.Core.Tests.Hpa.Controller;

/// <summary>
/// The parts of the controller upstream's table does not reach: condition bookkeeping, metric sources without a
/// usable target, the API's metric default, spec and option validation.
/// </summary>
public sealed class HorizontalControllerTests
{
    private static readonly DateTimeOffset Earlier = Now.AddHours(-1);

    private static readonly HpaTestCase ThreePodsAtHalfACore = new()
    {
        MinReplicas = 1,
        MaxReplicas = 10,
        SpecReplicas = 3,
        StatusReplicas = 3,
        ReportedLevels = [500, 500, 500],
        ReportedCpuRequests = [1000, 1000, 1000],
        Recommendations = [],
    };

    [Fact]
    public void SetConditionAppendsANewTypeWithTheTimeOfTheSync()
    {
        var conditions = HpaConditionList.Set([], HpaConditionType.AbleToScale, ConditionStatus.True, "SucceededGetScale", "m", Now);

        Assert.Equal([new HpaCondition(HpaConditionType.AbleToScale, ConditionStatus.True, "SucceededGetScale", "m", Now)], conditions);
    }

    [Fact]
    public void SetConditionKeepsTheTransitionTimeWhenOnlyTheReasonChanges()
    {
        IReadOnlyList<HpaCondition> previous =
        [
            new(HpaConditionType.AbleToScale, ConditionStatus.True, "ReadyForNewScale", "old", Earlier),
            new(HpaConditionType.ScalingActive, ConditionStatus.False, "FailedGetResourceMetric", "old", Earlier),
        ];

        var sameStatus = HpaConditionList.Set(previous, HpaConditionType.AbleToScale, ConditionStatus.True, "SucceededRescale", "new", Now);
        var newStatus = HpaConditionList.Set(previous, HpaConditionType.ScalingActive, ConditionStatus.True, "ValidMetricFound", "new", Now);

        Assert.Equal(new HpaCondition(HpaConditionType.AbleToScale, ConditionStatus.True, "SucceededRescale", "new", Earlier), sameStatus[0]);
        Assert.Equal(previous[1], sameStatus[1]);
        Assert.Equal(new HpaCondition(HpaConditionType.ScalingActive, ConditionStatus.True, "ValidMetricFound", "new", Now), newStatus[1]);
    }

    [Fact]
    public void EvaluateCarriesTransitionTimesOverFromThePreviousConditions()
    {
        var evaluation = (ThreePodsAtHalfACore with
        {
            CpuTarget = 25,
            PreviousConditions =
            [
                new(HpaConditionType.AbleToScale, ConditionStatus.True, "ReadyForNewScale", "recommended size matches current size", Earlier),
                new(HpaConditionType.ScalingActive, ConditionStatus.False, "FailedGetResourceMetric", "failed", Earlier),
            ],
        }).Evaluate();

        Assert.Equal(6, evaluation.DesiredReplicas);
        Assert.Equal(
            [
                new HpaCondition(
                    HpaConditionType.AbleToScale, ConditionStatus.True, "SucceededRescale", "the HPA controller was able to update the target scale to 6", Earlier),
                new HpaCondition(
                    HpaConditionType.ScalingActive,
                    ConditionStatus.True,
                    "ValidMetricFound",
                    "the HPA was able to successfully calculate a replica count from cpu resource utilization (percentage of request)",
                    Now),
                new HpaCondition(
                    HpaConditionType.ScalingLimited, ConditionStatus.False, "DesiredWithinRange", "the desired count is within the acceptable range", Now),
            ],
            evaluation.Conditions);
    }

    [Fact]
    public void AnHpaWithoutMetricsTargetsEightyPercentCpu()
    {
        // The API server defaults an empty metrics list to cpu at 80% utilization: 3 pods at 100% → ceil(3 × 1.25) = 4.
        var testCase = ThreePodsAtHalfACore with { ReportedLevels = [1000, 1000, 1000] };
        var evaluation = testCase.Evaluate(testCase.Spec() with { Metrics = [] });

        Assert.Equal(4, evaluation.DesiredReplicas);
        Assert.Equal("cpu resource utilization (percentage of request)", evaluation.Metric);
    }

    [Fact]
    public void AResourceMetricWithAnAverageValueTargetComparesRawUsage()
    {
        var evaluation = (ThreePodsAtHalfACore with
        {
            MetricsTarget = [new MetricSpec(MetricSourceType.Resource, Resource: new ResourceMetricSource("cpu", AverageValue(250)))],
        }).Evaluate();

        Assert.Equal(6, evaluation.DesiredReplicas);
        Assert.Equal("cpu resource", evaluation.Metric);
        Assert.Equal(
            [new MetricStatusValue(MetricSourceType.Resource, "cpu", new MetricValueStatus(AverageValueMilli: 500))],
            evaluation.CurrentMetrics);
    }

    public static TheoryData<string, MetricSpec, string, string> SourcesWithoutATarget => new()
    {
        {
            "object",
            ObjectQps(new MetricTarget(MetricTargetType.Utilization, AverageUtilization: 50)),
            "FailedGetObjectMetric",
            "failed to get object metric value: invalid object metric source: neither a value target nor an average value target was set"
        },
        {
            "external",
            ExternalQps(new MetricTarget(MetricTargetType.Value)),
            "FailedGetExternalMetric",
            "failed to get qps external metric value: invalid external metric source: neither a value target nor an average value target was set"
        },
        {
            "resource",
            new MetricSpec(MetricSourceType.Resource, Resource: new ResourceMetricSource("memory", new MetricTarget(MetricTargetType.Utilization))),
            "FailedGetResourceMetric",
            "failed to get memory resource metric value: invalid resource metric source: neither an average utilization target nor an average value (usage) target was set"
        },
        {
            "container resource",
            new MetricSpec(
                MetricSourceType.ContainerResource,
                ContainerResource: new ContainerResourceMetricSource("cpu", "app", new MetricTarget(MetricTargetType.Utilization))),
            "FailedGetContainerResourceMetric",
            "failed to get app container metric value: invalid resource metric source: neither an average utilization target nor an average value (usage) target was set"
        },
        {
            "pods",
            new MetricSpec(MetricSourceType.Pods, Pods: new PodsMetricSource(new MetricIdentifier("qps"), new MetricTarget(MetricTargetType.AverageValue))),
            "FailedGetPodsMetric",
            "failed to get pods metric value: invalid pods metric source: no average value target was set"
        },
    };

    [Theory]
    [MemberData(nameof(SourcesWithoutATarget))]
    public void AMetricSourceWithoutAUsableTargetFails(string source, MetricSpec metric, string reason, string error)
    {
        var evaluation = (ThreePodsAtHalfACore with { MetricsTarget = [metric] }).Evaluate();

        _ = source; // names the case in the test runner's output
        Assert.Equal(3, evaluation.DesiredReplicas);
        var failure = Assert.Single(evaluation.Proposals).Failure;
        Assert.NotNull(failure);
        Assert.Equal(error, failure.Error);
        Assert.Equal(reason, failure.Condition.Reason);
        Assert.Equal($"invalid metrics (1 invalid out of 1), first error is: {error}", evaluation.Error);
        Assert.Equal(failure.Condition with { LastTransitionTime = Now }, evaluation.Conditions[1]);
    }

    [Fact]
    public void AnInvalidMetricSelectorFailsTheMetricBeforeFetching()
    {
        var badSelector = new LabelSelectorSpec(
            new Dictionary<string, string>(), [new LabelSelectorRequirement("tier", "Near", ["a"])]);
        var evaluation = (ThreePodsAtHalfACore with { MetricsTarget = [ObjectQps(Value(1000), badSelector)] }).Evaluate();

        var failure = Assert.Single(evaluation.Proposals).Failure;
        Assert.NotNull(failure);
        Assert.Equal("FailedGetObjectMetric", failure.Condition.Reason);
        Assert.Equal(
            "failed to get object metric value: matchExpressions[0].operator: \"Near\" is not a valid label selector operator (expected In, NotIn, Exists or DoesNotExist)",
            failure.Error);
    }

    [Fact]
    public void AMetricSpecWithoutItsSourceIsASpecError()
    {
        var evaluation = (ThreePodsAtHalfACore with { MetricsTarget = [new MetricSpec(MetricSourceType.External)] }).Evaluate();

        var failure = Assert.Single(evaluation.Proposals).Failure;
        Assert.Equal(new MetricFailure(
            "invalid metric spec: type External without its External source",
            new HpaCondition(
                HpaConditionType.ScalingActive,
                ConditionStatus.False,
                "FailedGetExternalMetric",
                "the HPA was unable to compute the replica count: invalid metric spec: type External without its External source",
                Now),
            IsSpecError: true), failure);
    }

    [Fact]
    public void ExternalMetricDescriptionsPrintTheSelectorAsGoDoes()
    {
        var selector = new LabelSelectorSpec(
            new Dictionary<string, string> { ["zone"] = "b", ["app"] = "erlmcp" },
            [new LabelSelectorRequirement("tier", "In", ["front", "edge"])]);
        var metrics = new MetricsSnapshot().AddExternalSeries(
            "qps", 3000, Now, new Dictionary<string, string> { ["zone"] = "b", ["app"] = "erlmcp", ["tier"] = "edge" });
        var spec = new HpaSpec(
            1, 10, [new MetricSpec(MetricSourceType.External, External: new ExternalMetricSource(new MetricIdentifier("qps", selector), AverageValue(1000)))]);

        var evaluation = new HorizontalController(new HpaControllerOptions()).Evaluate(
            spec, new ScaleInfo(1, 1, ScaleSelector), [], metrics, HpaHistory.Empty, [], Now);

        Assert.Equal(
            "external metric qps(&LabelSelector{MatchLabels:map[string]string{app: erlmcp,zone: b,},"
            + "MatchExpressions:[]LabelSelectorRequirement{LabelSelectorRequirement{Key:tier,Operator:In,Values:[front edge],},},})",
            evaluation.Metric);
    }

    [Theory]
    [InlineData(null, 0, "spec.maxReplicas must be at least 1 and at least spec.minReplicas (1), got 0")]
    [InlineData(5, 4, "spec.maxReplicas must be at least 1 and at least spec.minReplicas (5), got 4")]
    [InlineData(-1, 4, "spec.minReplicas must not be negative, got -1")]
    public void AnInvalidReplicaRangeIsRejected(int? minReplicas, int maxReplicas, string message)
    {
        var spec = new HpaSpec(minReplicas, maxReplicas, []);

        var error = Assert.Throws<ArgumentException>(() => new HorizontalController(new HpaControllerOptions()).Evaluate(
            spec, new ScaleInfo(3, 3, ScaleSelector), [], new MetricsSnapshot(), null, [], Now));

        Assert.Equal($"{message} (Parameter 'spec')", error.Message);
    }

    public static TheoryData<HpaControllerOptions, string> InvalidOptions => new()
    {
        { new HpaControllerOptions { Tolerance = -0.1 }, "Tolerance (--horizontal-pod-autoscaler-tolerance) must be a finite number >= 0 (Parameter 'Tolerance')\nActual value was -0.1." },
        { new HpaControllerOptions { Tolerance = double.NaN }, "Tolerance (--horizontal-pod-autoscaler-tolerance) must be a finite number >= 0 (Parameter 'Tolerance')\nActual value was NaN." },
        { new HpaControllerOptions { ToleranceRule = (ToleranceRule)7 }, "ToleranceRule must be Inclusive or Legacy (Parameter 'ToleranceRule')\nActual value was 7." },
        {
            new HpaControllerOptions { ToleranceRule = ToleranceRule.Legacy },
            "ToleranceRule Legacy models Kubernetes 1.32 and earlier, which have no per-HPA tolerance: set ConfigurableTolerance to false (Parameter 'ConfigurableTolerance')"
        },
        {
            new HpaControllerOptions { CpuInitializationPeriod = TimeSpan.FromSeconds(-1) },
            "CpuInitializationPeriod (--horizontal-pod-autoscaler-cpu-initialization-period) must not be negative (Parameter 'CpuInitializationPeriod')\nActual value was -00:00:01."
        },
        {
            new HpaControllerOptions { DelayOfInitialReadinessStatus = TimeSpan.FromSeconds(-1) },
            "DelayOfInitialReadinessStatus (--horizontal-pod-autoscaler-initial-readiness-delay) must not be negative (Parameter 'DelayOfInitialReadinessStatus')\nActual value was -00:00:01."
        },
        {
            new HpaControllerOptions { DownscaleStabilisationWindow = TimeSpan.FromSeconds(-1) },
            "DownscaleStabilisationWindow (--horizontal-pod-autoscaler-downscale-stabilization) must not be negative (Parameter 'DownscaleStabilisationWindow')\nActual value was -00:00:01."
        },
    };

    [Theory]
    [MemberData(nameof(InvalidOptions))]
    public void InvalidOptionsAreRejectedNamingTheSettingAndItsFlag(HpaControllerOptions options, string message)
    {
        var error = Assert.ThrowsAny<ArgumentException>(() => new HorizontalController(options));

        Assert.Equal(message, error.Message.ReplaceLineEndings("\n"));
    }

    [Theory]
    [InlineData(60, 3)]
    [InlineData(300, 5)]
    public void TheControllerWindowFillsABehaviorScaleDownWithoutWindow(int windowSeconds, int expected)
    {
        // 5 pods at 30% of a 50% target ask for 3; a recommendation of 5 two minutes ago holds a 300 s window only.
        var testCase = new HpaTestCase
        {
            MinReplicas = 1,
            MaxReplicas = 10,
            SpecReplicas = 5,
            StatusReplicas = 5,
            CpuTarget = 50,
            ReportedLevels = [300, 300, 300, 300, 300],
            ReportedCpuRequests = [1000, 1000, 1000, 1000, 1000],
            ScaleDownRules = new HpaScalingRules(SelectPolicy: ScalingPolicySelect.Max),
            Recommendations = [new(5, Now.AddMinutes(-2))],
            Options = new HpaTestCase().Options with { DownscaleStabilisationWindow = TimeSpan.FromSeconds(windowSeconds) },
        };

        Assert.Equal(expected, testCase.Evaluate().DesiredReplicas);
    }

    [Fact]
    public void TheDefaultOptionsAreTheControllerManagerFlagDefaults()
    {
        var options = new HpaControllerOptions();

        Assert.Equal(
            (0.1, ToleranceRule.Inclusive, TimeSpan.FromMinutes(5), TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(5), true),
            (options.Tolerance, options.ToleranceRule, options.CpuInitializationPeriod, options.DelayOfInitialReadinessStatus,
                options.DownscaleStabilisationWindow, options.ConfigurableTolerance));
    }
}
