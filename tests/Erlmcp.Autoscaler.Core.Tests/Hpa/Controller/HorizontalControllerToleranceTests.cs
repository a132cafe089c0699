using System.Globalization;
using Erlmcp.Autoscaler.Core.Hpa;
using Erlmcp.Autoscaler.Core.Labels;
using static Erlmcp.Autoscaler.Core.Tests.Hpa.Controller.HpaTestCase;

namespace Erlmcp.Autoscaler.Core.Tests.Hpa.Controller;

/// <summary>
/// Upstream's tolerance cases: horizontal_test.go's TestTolerance* and TestComputedToleranceAlgImplementation, the
/// per-direction tolerances of Kubernetes 1.33+ (KEP-4951) and test/integration/podautoscaler's TestHPAWithTolerance.
/// </summary>
public sealed class HorizontalControllerToleranceTests
{
    private const MetricSourceType Resource = MetricSourceType.Resource;
    private const MetricSourceType Pods = MetricSourceType.Pods;
    private const MetricSourceType Object = MetricSourceType.Object;
    private const MetricSourceType External = MetricSourceType.External;
    private const double DefaultTestingTolerance = 0.1;

    private static readonly long[] UnevenRequests = [900, 1000, 1100];
    private static readonly IReadOnlyList<ExpectedCondition> ReadyForNewScale =
        StatusOkWithOverrides(Condition(HpaConditionType.AbleToScale, ConditionStatus.True, "ReadyForNewScale"));

    [Fact]
    public void TestTolerance() => new HpaTestCase
    {
        MinReplicas = 1,
        MaxReplicas = 5,
        SpecReplicas = 3,
        StatusReplicas = 3,
        ExpectedDesiredReplicas = 3,
        CpuTarget = 100,
        ReportedLevels = [1010, 1030, 1020],
        ReportedCpuRequests = UnevenRequests,
        ExpectedConditions = ReadyForNewScale,
        ExpectedReportedReconciliationActionLabel = ActionLabel.None,
        ExpectedReportedReconciliationErrorLabel = ErrorLabel.None,
        ExpectedReportedMetricComputationActionLabels = MetricLabels(Resource, ActionLabel.None),
        ExpectedReportedMetricComputationErrorLabels = MetricLabels(Resource, ErrorLabel.None),
    }.Run();

    [Fact]
    public void TestToleranceCM() => new HpaTestCase
    {
        MinReplicas = 1,
        MaxReplicas = 5,
        SpecReplicas = 3,
        StatusReplicas = 3,
        ExpectedDesiredReplicas = 3,
        MetricsTarget = [PodsQps(20000)],
        ReportedLevels = [20000, 20001, 21000],
        ReportedCpuRequests = UnevenRequests,
        ExpectedConditions = ReadyForNewScale,
        ExpectedReportedReconciliationActionLabel = ActionLabel.None,
        ExpectedReportedReconciliationErrorLabel = ErrorLabel.None,
        ExpectedReportedMetricComputationActionLabels = MetricLabels(Pods, ActionLabel.None),
        ExpectedReportedMetricComputationErrorLabels = MetricLabels(Pods, ErrorLabel.None),
    }.Run();

    [Fact]
    public void TestToleranceCMObject() => new HpaTestCase
    {
        MinReplicas = 1,
        MaxReplicas = 5,
        SpecReplicas = 3,
        StatusReplicas = 3,
        ExpectedDesiredReplicas = 3,
        MetricsTarget = [ObjectQps(Value(20000))],
        ReportedLevels = [20050],
        ReportedCpuRequests = UnevenRequests,
        ExpectedConditions = ReadyForNewScale,
        ExpectedReportedReconciliationActionLabel = ActionLabel.None,
        ExpectedReportedReconciliationErrorLabel = ErrorLabel.None,
        ExpectedReportedMetricComputationActionLabels = MetricLabels(Object, ActionLabel.None),
        ExpectedReportedMetricComputationErrorLabels = MetricLabels(Object, ErrorLabel.None),
    }.Run();

    [Fact]
    public void TestToleranceCMExternal() => new HpaTestCase
    {
        MinReplicas = 2,
        MaxReplicas = 6,
        SpecReplicas = 4,
        StatusReplicas = 4,
        ExpectedDesiredReplicas = 4,
        MetricsTarget = [ExternalQps(Value(8666))],
        ReportedLevels = [8600],
        ExpectedConditions = ReadyForNewScale,
        ExpectedReportedReconciliationActionLabel = ActionLabel.None,
        ExpectedReportedReconciliationErrorLabel = ErrorLabel.None,
        ExpectedReportedMetricComputationActionLabels = MetricLabels(External, ActionLabel.None),
        ExpectedReportedMetricComputationErrorLabels = MetricLabels(External, ErrorLabel.None),
    }.Run();

    [Fact]
    public void TestTolerancePerPodCMObject() => new HpaTestCase
    {
        MinReplicas = 2,
        MaxReplicas = 6,
        SpecReplicas = 4,
        StatusReplicas = 4,
        ExpectedDesiredReplicas = 4,
        MetricsTarget = [ObjectQps(AverageValue(2200), LabelSelectorSpec.Empty)],
        ReportedLevels = [8600],
        ExpectedConditions = ReadyForNewScale,
        ExpectedReportedReconciliationActionLabel = ActionLabel.None,
        ExpectedReportedReconciliationErrorLabel = ErrorLabel.None,
        ExpectedReportedMetricComputationActionLabels = MetricLabels(Object, ActionLabel.None),
        ExpectedReportedMetricComputationErrorLabels = MetricLabels(Object, ErrorLabel.None),
    }.Run();

    [Fact]
    public void TestTolerancePerPodCMExternal() => new HpaTestCase
    {
        MinReplicas = 2,
        MaxReplicas = 6,
        SpecReplicas = 4,
        StatusReplicas = 4,
        ExpectedDesiredReplicas = 4,
        MetricsTarget = [ExternalQps(AverageValue(2200))],
        ReportedLevels = [8600],
        ExpectedConditions = ReadyForNewScale,
        ExpectedReportedReconciliationActionLabel = ActionLabel.None,
        ExpectedReportedReconciliationErrorLabel = ErrorLabel.None,
        ExpectedReportedMetricComputationActionLabels = MetricLabels(External, ActionLabel.None),
        ExpectedReportedMetricComputationErrorLabels = MetricLabels(External, ErrorLabel.None),
    }.Run();

    /// <summary>
    /// Upstream's regression test that back-calculates a minimal percentage for downscaling based on a small
    /// percentage increase in pod utilization, calibrated against the tolerance value: tc1 just breaches the
    /// tolerance and scales down, tc2 stays within it.
    /// </summary>
    [Fact]
    public void TestComputedToleranceAlgImplementation()
    {
        const int startPods = 10;
        const long totalUsedCpuOfAllPods = startPods * 150; // 150 mCPU per pod.

        // Each pod starts out asking for 2X what is really needed: a 50% ratio of used/requested.
        const int totalRequestedCpuOfAllPods = (int)(2 * totalUsedCpuOfAllPods);
        const double requestedToUsed = totalRequestedCpuOfAllPods / (int)totalUsedCpuOfAllPods;
        const int perPodRequested = totalRequestedCpuOfAllPods / startPods;

        // Force a minimal scaling event by satisfying (tolerance < 1 - resourcesUsedRatio).
        var target = Math.Abs(1 / (requestedToUsed * (1 - DefaultTestingTolerance))) + .01;
        var finalCpuPercentTarget = (int)(target * 100);
        var resourcesUsedRatio = totalUsedCpuOfAllPods / (totalRequestedCpuOfAllPods * target);

        // i.e. .60 * 20 -> scaled down expectation.
        var finalPods = (int)Math.Ceiling(resourcesUsedRatio * startPods);
        long[] levels = [.. Enumerable.Repeat(totalUsedCpuOfAllPods / 10, 10)];
        long[] requests =
        [
            perPodRequested + 100, perPodRequested - 100, perPodRequested + 10, perPodRequested - 10, perPodRequested + 2,
            perPodRequested - 2, perPodRequested + 1, perPodRequested - 1, perPodRequested, perPodRequested,
        ];

        // To breach tolerance we will create a utilization ratio difference of tolerance to usageRatioToleranceValue.
        new HpaTestCase
        {
            MinReplicas = 0,
            MaxReplicas = 1000,
            SpecReplicas = startPods,
            StatusReplicas = startPods,
            ExpectedDesiredReplicas = finalPods,
            CpuTarget = finalCpuPercentTarget,
            ReportedLevels = levels,
            ReportedCpuRequests = requests,
            Recommendations = [],
            ExpectedReportedReconciliationActionLabel = ActionLabel.ScaleDown,
            ExpectedReportedReconciliationErrorLabel = ErrorLabel.None,
            ExpectedReportedMetricComputationActionLabels = MetricLabels(Resource, ActionLabel.ScaleDown),
            ExpectedReportedMetricComputationErrorLabels = MetricLabels(Resource, ErrorLabel.None),
        }.Run();
        Assert.Equal((56, 9), (finalCpuPercentTarget, finalPods));

        target = Math.Abs(1 / (requestedToUsed * (1 - DefaultTestingTolerance))) + .004;
        finalCpuPercentTarget = (int)(target * 100);
        new HpaTestCase
        {
            MinReplicas = 0,
            MaxReplicas = 1000,
            SpecReplicas = startPods,
            StatusReplicas = startPods,
            ExpectedDesiredReplicas = startPods,
            CpuTarget = finalCpuPercentTarget,
            ReportedLevels = levels,
            ReportedCpuRequests = requests,
            Recommendations = [],
            ExpectedConditions = ReadyForNewScale,
            ExpectedReportedReconciliationActionLabel = ActionLabel.None,
            ExpectedReportedReconciliationErrorLabel = ErrorLabel.None,
            ExpectedReportedMetricComputationActionLabels = MetricLabels(Resource, ActionLabel.None),
            ExpectedReportedMetricComputationErrorLabels = MetricLabels(Resource, ErrorLabel.None),
        }.Run();
        Assert.Equal(55, finalCpuPercentTarget);
    }

    /// <summary>
    /// Per-direction tolerances (HPAConfigurableTolerance, Kubernetes 1.33+), in the shape of upstream's table added
    /// with the feature (three pods requesting 0.9, 1.0 and 1.1 cores, a 100% CPU target, the feature gate per case):
    /// each pod uses <paramref name="level"/> milli-cores, so the usage ratio is level / 1000.
    /// </summary>
    [Theory]
    [InlineData("ratio 1.05 within the default tolerance", 1050, null, null, true, 3)]
    [InlineData("ratio 1.05 beyond a 1% scale-up tolerance", 1050, 0.01, null, true, 4)]
    [InlineData("a 1% scale-up tolerance is ignored with the gate off", 1050, 0.01, null, false, 3)]
    [InlineData("ratio 1.4 within a 50% scale-up tolerance", 1400, 0.5, null, true, 3)]
    [InlineData("ratio 1.4 beyond the default tolerance", 1400, null, null, true, 5)]
    [InlineData("a scale-down tolerance does not hold a scale-up", 1400, null, 0.5, true, 5)]
    [InlineData("ratio 0.6 within a 50% scale-down tolerance", 600, null, 0.5, true, 3)]
    [InlineData("ratio 0.6 beyond the default tolerance", 600, null, null, true, 2)]
    [InlineData("a scale-up tolerance does not hold a scale-down", 600, 0.5, null, true, 2)]
    [InlineData("a 50% scale-down tolerance is ignored with the gate off", 600, null, 0.5, false, 2)]
    [InlineData("a zero scale-up tolerance acts on ratio 1.01", 1010, 0.0, null, true, 4)]
    public void TestConfigurableTolerance(
        string name, long level, double? scaleUpTolerance, double? scaleDownTolerance, bool configurableToleranceGate, int expected)
    {
        var scaleUp = scaleUpTolerance is null ? null : new HpaScalingRules(Tolerance: scaleUpTolerance);
        var scaleDown = scaleDownTolerance is null ? null : new HpaScalingRules(Tolerance: scaleDownTolerance);
        var evaluation = new HpaTestCase
        {
            MinReplicas = 1,
            MaxReplicas = 5,
            SpecReplicas = 3,
            StatusReplicas = 3,
            ScaleUpRules = scaleUp,
            ScaleDownRules = scaleDown,
            ExpectedDesiredReplicas = expected,
            CpuTarget = 100,
            ReportedLevels = [level, level, level],
            ReportedCpuRequests = UnevenRequests,
            Recommendations = [],
            Options = new HpaTestCase().Options with { ConfigurableTolerance = configurableToleranceGate },
            ExpectedConditions = expected == 3 ? ReadyForNewScale : StatusOkWithOverrides(),
            ExpectedReportedReconciliationActionLabel = expected > 3 ? ActionLabel.ScaleUp : expected < 3 ? ActionLabel.ScaleDown : ActionLabel.None,
            ExpectedReportedReconciliationErrorLabel = ErrorLabel.None,
            ExpectedReportedMetricComputationActionLabels = MetricLabels(
                Resource, expected > 3 ? ActionLabel.ScaleUp : expected < 3 ? ActionLabel.ScaleDown : ActionLabel.None),
            ExpectedReportedMetricComputationErrorLabels = MetricLabels(Resource, ErrorLabel.None),
        }.Run();

        _ = name; // names the case in the test runner's output
        Assert.Equal((int)(level / 10), evaluation.CurrentMetrics.Single().Current.AverageUtilization);
    }

    /// <summary>
    /// Not upstream: the tolerance rule reaches the decision. At a ratio of exactly 1.1 with a 10% tolerance, 1.33+
    /// (Inclusive) leaves the count alone while 1.32 and earlier (Legacy) scales, |1 - 1.1| being above 0.1 in
    /// floating point.
    /// </summary>
    [Theory]
    [InlineData(ToleranceRule.Inclusive, 3)]
    [InlineData(ToleranceRule.Legacy, 4)]
    public void ToleranceRuleDecidesAtTheExactBoundary(ToleranceRule rule, int expected)
    {
        var options = new HpaTestCase().Options with { ToleranceRule = rule, ConfigurableTolerance = rule == ToleranceRule.Inclusive };
        var evaluation = new HpaTestCase
        {
            MinReplicas = 1,
            MaxReplicas = 5,
            SpecReplicas = 3,
            StatusReplicas = 3,
            CpuTarget = 100,
            ReportedLevels = [1100, 1100, 1100],
            ReportedCpuRequests = UnevenRequests,
            Options = options,
        }.Evaluate();

        Assert.Equal(expected, evaluation.DesiredReplicas);
        Assert.Equal(110, evaluation.CurrentMetrics.Single().Current.AverageUtilization);
    }

    /// <summary>
    /// test/integration/podautoscaler TestHPAWithTolerance, as successive syncs: an HPA with 5% up and 50% down
    /// tolerances on an external metric with a target of 100 per pod, over a Deployment of 35 pods whose metric
    /// starts at 3500.
    /// </summary>
    [Fact]
    public void TestHPAWithTolerance()
    {
        var controller = new HorizontalController(new HpaControllerOptions());
        var spec = new HpaSpec(
            1,
            1000,
            [
                new MetricSpec(
                    MetricSourceType.External,
                    External: new ExternalMetricSource(
                        new MetricIdentifier("qps"), new MetricTarget(MetricTargetType.Value, AverageValueMilli: 100_000))),
            ],
            new HpaBehavior(new HpaScalingRules(Tolerance: 0.05), new HpaScalingRules(Tolerance: 0.5)));
        HpaHistory? history = null;
        IReadOnlyList<HpaCondition> conditions = [];

        HpaEvaluation Sync(int replicas, long metric, TimeSpan after)
        {
            var metrics = new MetricsSnapshot().AddExternalSeries("qps", metric * 1000, Now + after);
            var evaluation = controller.Evaluate(
                spec, new ScaleInfo(replicas, replicas, ScaleSelector), [], metrics, history, conditions, Now + after);
            history = evaluation.History;
            conditions = evaluation.Conditions;
            return evaluation;
        }

        Assert.Equal((35, false), Outcome(Sync(35, 3500, TimeSpan.Zero)));

        // Phase 1: Increase metric from 3500 to 3700 (a 6% increase), scaling to 37 replicas.
        Assert.Equal((37, true), Outcome(Sync(35, 3700, TimeSpan.FromSeconds(15))));

        // Phase 2: Increase metric from 3700 to 3800 (a 3% increase): no scale-up.
        Assert.Equal((37, false), Outcome(Sync(37, 3800, TimeSpan.FromSeconds(30))));

        // Phase 3: Decrease metric from 3800 to 1000 (a 74% decrease), scaling down to 10 replicas once the
        // scale-down stabilization window (300 s) has let go of the earlier recommendations.
        var held = Sync(37, 1000, TimeSpan.FromSeconds(45));
        Assert.Equal((37, false), Outcome(held));
        Assert.Equal("ScaleDownStabilized", held.Conditions.Single(c => c.Type == HpaConditionType.AbleToScale).Reason);
        Assert.Equal((10, true), Outcome(Sync(37, 1000, TimeSpan.FromSeconds(45 + 300))));

        // Phase 4: Decrease metric from 1000 to 800 (a 20% decrease): no scale-down.
        Assert.Equal((10, false), Outcome(Sync(10, 800, TimeSpan.FromSeconds(360))));
    }

    private static (int Desired, bool Rescale) Outcome(HpaEvaluation evaluation) =>
        (evaluation.DesiredReplicas, evaluation.Rescale);

    [Fact]
    public void ToleranceOfTheBehaviorMustBeValid()
    {
        var spec = new HpaTestCase { MinReplicas = 1, MaxReplicas = 5, CpuTarget = 50 }.Spec() with
        {
            Behavior = new HpaBehavior(ScaleDown: new HpaScalingRules(Tolerance: -0.1)),
        };

        var error = Assert.Throws<ArgumentException>(() => new HorizontalController(new HpaControllerOptions()).Evaluate(
            spec, new ScaleInfo(3, 3, ScaleSelector), [], new MetricsSnapshot(), null, [], Now));
        Assert.Equal(
            string.Create(CultureInfo.InvariantCulture, $"spec.behavior.scaleDown.tolerance must be a finite number >= 0, got -0.1 (Parameter 'spec')"),
            error.Message);
    }
}
