using Erlmcp.Autoscaler.Core.Hpa;
using static Erlmcp.Autoscaler.Core.Tests.Hpa.Controller.HpaTestCase;

namespace Erlmcp.Autoscaler.Core.Tests.Hpa.Controller;

/// <summary>Upstream's horizontal_test.go full-pipeline scale-down cases, one for one.</summary>
public sealed class HorizontalControllerScaleDownTests
{
    private const MetricSourceType Resource = MetricSourceType.Resource;
    private const MetricSourceType ContainerResource = MetricSourceType.ContainerResource;
    private const MetricSourceType Pods = MetricSourceType.Pods;
    private const MetricSourceType Object = MetricSourceType.Object;
    private const MetricSourceType External = MetricSourceType.External;

    private static readonly long[] FiveCores = [1000, 1000, 1000, 1000, 1000];
    private static readonly long[] FiveLevels = [100, 300, 500, 250, 250];

    [Fact]
    public void TestScaleDown()
    {
        var evaluation = new HpaTestCase
        {
            MinReplicas = 2,
            MaxReplicas = 6,
            SpecReplicas = 5,
            StatusReplicas = 5,
            ExpectedDesiredReplicas = 3,
            CpuTarget = 50,
            VerifyCpuCurrent = true,
            ReportedLevels = FiveLevels,
            ReportedCpuRequests = FiveCores,
            Recommendations = [],
            ExpectedReportedReconciliationActionLabel = ActionLabel.ScaleDown,
            ExpectedReportedReconciliationErrorLabel = ErrorLabel.None,
            ExpectedReportedMetricComputationActionLabels = MetricLabels(Resource, ActionLabel.ScaleDown),
            ExpectedReportedMetricComputationErrorLabels = MetricLabels(Resource, ErrorLabel.None),
        }.Run();

        Assert.Equal("All metrics below target", evaluation.RescaleReason);

        // The recommendation is remembered for the next sync's stabilization window; without a behavior, no scale
        // event is stored.
        Assert.Equal([new TimestampedRecommendation(3, Now)], evaluation.History.Recommendations);
        Assert.Empty(evaluation.History.ScaleDownEvents);
    }

    [Fact]
    public void TestScaleDownContainerResource() => new HpaTestCase
    {
        MinReplicas = 2,
        MaxReplicas = 6,
        SpecReplicas = 5,
        StatusReplicas = 5,
        ExpectedDesiredReplicas = 3,
        ReportedLevels = FiveLevels,
        ReportedCpuRequests = FiveCores,
        MetricsTarget = [ContainerCpu("container2", 50)],
        Recommendations = [],
        ExpectedReportedReconciliationActionLabel = ActionLabel.ScaleDown,
        ExpectedReportedReconciliationErrorLabel = ErrorLabel.None,
        ExpectedReportedMetricComputationActionLabels = MetricLabels(ContainerResource, ActionLabel.ScaleDown),
        ExpectedReportedMetricComputationErrorLabels = MetricLabels(ContainerResource, ErrorLabel.None),
    }.Run();

    [Fact]
    public void TestScaleDownWithScalingRules()
    {
        var evaluation = new HpaTestCase
        {
            MinReplicas = 2,
            MaxReplicas = 6,
            ScaleUpRules = GenerateScalingRules(0, 0, 100, 15, 30),
            SpecReplicas = 5,
            StatusReplicas = 5,
            ExpectedDesiredReplicas = 3,
            CpuTarget = 50,
            VerifyCpuCurrent = true,
            ReportedLevels = FiveLevels,
            ReportedCpuRequests = FiveCores,
            Recommendations = [],
            ExpectedReportedReconciliationActionLabel = ActionLabel.ScaleDown,
            ExpectedReportedReconciliationErrorLabel = ErrorLabel.None,
            ExpectedReportedMetricComputationActionLabels = MetricLabels(Resource, ActionLabel.ScaleDown),
            ExpectedReportedMetricComputationErrorLabels = MetricLabels(Resource, ErrorLabel.None),
        }.Run();

        // With a behavior, the rescale is stored as a scale event (storeScaleEvent).
        Assert.Equal([new TimestampedScaleEvent(2, Now, false)], evaluation.History.ScaleDownEvents);
        Assert.Empty(evaluation.History.ScaleUpEvents);
    }

    [Fact]
    public void TestScaleDownStabilizeInitialSize() => new HpaTestCase
    {
        MinReplicas = 2,
        MaxReplicas = 6,
        SpecReplicas = 5,
        StatusReplicas = 5,
        ExpectedDesiredReplicas = 5,
        CpuTarget = 50,
        VerifyCpuCurrent = true,
        ReportedLevels = FiveLevels,
        ReportedCpuRequests = FiveCores,
        Recommendations = null,
        ExpectedConditions = StatusOkWithOverrides(
            Condition(HpaConditionType.AbleToScale, ConditionStatus.True, "ReadyForNewScale"),
            Condition(HpaConditionType.AbleToScale, ConditionStatus.True, "ScaleDownStabilized")),
        ExpectedReportedReconciliationActionLabel = ActionLabel.None,
        ExpectedReportedReconciliationErrorLabel = ErrorLabel.None,
        ExpectedReportedMetricComputationActionLabels = MetricLabels(Resource, ActionLabel.ScaleDown),
        ExpectedReportedMetricComputationErrorLabels = MetricLabels(Resource, ErrorLabel.None),
    }.Run();

    [Fact]
    public void TestScaleDownCM() => new HpaTestCase
    {
        MinReplicas = 2,
        MaxReplicas = 6,
        SpecReplicas = 5,
        StatusReplicas = 5,
        ExpectedDesiredReplicas = 3,
        MetricsTarget = [PodsQps(20000)],
        ReportedLevels = [12000, 12000, 12000, 12000, 12000],
        ReportedCpuRequests = FiveCores,
        Recommendations = [],
        ExpectedReportedReconciliationActionLabel = ActionLabel.ScaleDown,
        ExpectedReportedReconciliationErrorLabel = ErrorLabel.None,
        ExpectedReportedMetricComputationActionLabels = MetricLabels(Pods, ActionLabel.ScaleDown),
        ExpectedReportedMetricComputationErrorLabels = MetricLabels(Pods, ErrorLabel.None),
    }.Run();

    [Fact]
    public void TestScaleDownCMObject() => new HpaTestCase
    {
        MinReplicas = 2,
        MaxReplicas = 6,
        SpecReplicas = 5,
        StatusReplicas = 5,
        ExpectedDesiredReplicas = 3,
        MetricsTarget = [ObjectQps(Value(20000))],
        ReportedLevels = [12000],
        ReportedCpuRequests = FiveCores,
        Recommendations = [],
        ExpectedReportedReconciliationActionLabel = ActionLabel.ScaleDown,
        ExpectedReportedReconciliationErrorLabel = ErrorLabel.None,
        ExpectedReportedMetricComputationActionLabels = MetricLabels(Object, ActionLabel.ScaleDown),
        ExpectedReportedMetricComputationErrorLabels = MetricLabels(Object, ErrorLabel.None),
    }.Run();

    [Fact]
    public void TestScaleDownToZeroCMObject() => new HpaTestCase
    {
        MinReplicas = 0,
        MaxReplicas = 6,
        SpecReplicas = 5,
        StatusReplicas = 5,
        ExpectedDesiredReplicas = 0,
        MetricsTarget = [ObjectQps(Value(20000))],
        ReportedLevels = [0],
        ReportedCpuRequests = FiveCores,
        Recommendations = [],
        ExpectedReportedReconciliationActionLabel = ActionLabel.ScaleDown,
        ExpectedReportedReconciliationErrorLabel = ErrorLabel.None,
        ExpectedReportedMetricComputationActionLabels = MetricLabels(Object, ActionLabel.ScaleDown),
        ExpectedReportedMetricComputationErrorLabels = MetricLabels(Object, ErrorLabel.None),
    }.Run();

    [Fact]
    public void TestScaleDownPerPodCMObject() => new HpaTestCase
    {
        MinReplicas = 2,
        MaxReplicas = 6,
        SpecReplicas = 5,
        StatusReplicas = 5,
        ExpectedDesiredReplicas = 3,
        MetricsTarget = [ObjectQps(AverageValue(20000))],
        ReportedLevels = [60000],
        ReportedCpuRequests = FiveCores,
        Recommendations = [],
        ExpectedReportedReconciliationActionLabel = ActionLabel.ScaleDown,
        ExpectedReportedReconciliationErrorLabel = ErrorLabel.None,
        ExpectedReportedMetricComputationActionLabels = MetricLabels(Object, ActionLabel.ScaleDown),
        ExpectedReportedMetricComputationErrorLabels = MetricLabels(Object, ErrorLabel.None),
    }.Run();

    [Fact]
    public void TestScaleDownCMExternal() => new HpaTestCase
    {
        MinReplicas = 2,
        MaxReplicas = 6,
        SpecReplicas = 5,
        StatusReplicas = 5,
        ExpectedDesiredReplicas = 3,
        MetricsTarget = [ExternalQps(Value(14400))],
        ReportedLevels = [8600],
        Recommendations = [],
        ExpectedReportedReconciliationActionLabel = ActionLabel.ScaleDown,
        ExpectedReportedReconciliationErrorLabel = ErrorLabel.None,
        ExpectedReportedMetricComputationActionLabels = MetricLabels(External, ActionLabel.ScaleDown),
        ExpectedReportedMetricComputationErrorLabels = MetricLabels(External, ErrorLabel.None),
    }.Run();

    [Fact]
    public void TestScaleDownToZeroCMExternal() => new HpaTestCase
    {
        MinReplicas = 0,
        MaxReplicas = 6,
        SpecReplicas = 5,
        StatusReplicas = 5,
        ExpectedDesiredReplicas = 0,
        MetricsTarget = [ExternalQps(Value(14400))],
        ReportedLevels = [0],
        Recommendations = [],
        ExpectedReportedReconciliationActionLabel = ActionLabel.ScaleDown,
        ExpectedReportedReconciliationErrorLabel = ErrorLabel.None,
        ExpectedReportedMetricComputationActionLabels = MetricLabels(External, ActionLabel.ScaleDown),
        ExpectedReportedMetricComputationErrorLabels = MetricLabels(External, ErrorLabel.None),
    }.Run();

    [Fact]
    public void TestScaleDownPerPodCMExternal() => new HpaTestCase
    {
        MinReplicas = 2,
        MaxReplicas = 6,
        SpecReplicas = 5,
        StatusReplicas = 5,
        ExpectedDesiredReplicas = 3,
        MetricsTarget = [ExternalQps(AverageValue(3000))],
        ReportedLevels = [8600],
        Recommendations = [],
        ExpectedReportedReconciliationActionLabel = ActionLabel.ScaleDown,
        ExpectedReportedReconciliationErrorLabel = ErrorLabel.None,
        ExpectedReportedMetricComputationActionLabels = MetricLabels(External, ActionLabel.ScaleDown),
        ExpectedReportedMetricComputationErrorLabels = MetricLabels(External, ErrorLabel.None),
    }.Run();

    [Fact]
    public void TestScaleDownIncludeUnreadyPods() => new HpaTestCase
    {
        MinReplicas = 2,
        MaxReplicas = 6,
        SpecReplicas = 5,
        StatusReplicas = 5,
        ExpectedDesiredReplicas = 2,
        CpuTarget = 50,
        CpuCurrent = 30,
        VerifyCpuCurrent = true,
        ReportedLevels = FiveLevels,
        ReportedCpuRequests = FiveCores,
        ReportedPodReadiness = [ConditionStatus.True, ConditionStatus.True, ConditionStatus.True, ConditionStatus.False, ConditionStatus.False],
        Recommendations = [],
        ExpectedReportedReconciliationActionLabel = ActionLabel.ScaleDown,
        ExpectedReportedReconciliationErrorLabel = ErrorLabel.None,
        ExpectedReportedMetricComputationActionLabels = MetricLabels(Resource, ActionLabel.ScaleDown),
        ExpectedReportedMetricComputationErrorLabels = MetricLabels(Resource, ErrorLabel.None),
    }.Run();

    [Fact]
    public void TestScaleDownIgnoreHotCpuPods() => new HpaTestCase
    {
        MinReplicas = 2,
        MaxReplicas = 6,
        SpecReplicas = 5,
        StatusReplicas = 5,
        ExpectedDesiredReplicas = 2,
        CpuTarget = 50,
        CpuCurrent = 30,
        VerifyCpuCurrent = true,
        ReportedLevels = FiveLevels,
        ReportedCpuRequests = FiveCores,
        ReportedPodStartTime =
        [
            CoolCpuCreationTime(), CoolCpuCreationTime(), CoolCpuCreationTime(), HotCpuCreationTime(), HotCpuCreationTime(),
        ],
        Recommendations = [],
        ExpectedReportedReconciliationActionLabel = ActionLabel.ScaleDown,
        ExpectedReportedReconciliationErrorLabel = ErrorLabel.None,
        ExpectedReportedMetricComputationActionLabels = MetricLabels(Resource, ActionLabel.ScaleDown),
        ExpectedReportedMetricComputationErrorLabels = MetricLabels(Resource, ErrorLabel.None),
    }.Run();

    [Fact]
    public void TestScaleDownIgnoresFailedPods() => new HpaTestCase
    {
        MinReplicas = 2,
        MaxReplicas = 6,
        SpecReplicas = 5,
        StatusReplicas = 5,
        ExpectedDesiredReplicas = 3,
        CpuTarget = 50,
        CpuCurrent = 28,
        VerifyCpuCurrent = true,
        ReportedLevels = FiveLevels,
        ReportedCpuRequests = [1000, 1000, 1000, 1000, 1000, 1000, 1000],
        ReportedPodReadiness =
        [
            ConditionStatus.True, ConditionStatus.True, ConditionStatus.True, ConditionStatus.True, ConditionStatus.True,
            ConditionStatus.False, ConditionStatus.False,
        ],
        ReportedPodPhase =
        [
            PodPhase.Running, PodPhase.Running, PodPhase.Running, PodPhase.Running, PodPhase.Running, PodPhase.Failed, PodPhase.Failed,
        ],
        Recommendations = [],
        ExpectedReportedReconciliationActionLabel = ActionLabel.ScaleDown,
        ExpectedReportedReconciliationErrorLabel = ErrorLabel.None,
        ExpectedReportedMetricComputationActionLabels = MetricLabels(Resource, ActionLabel.ScaleDown),
        ExpectedReportedMetricComputationErrorLabels = MetricLabels(Resource, ErrorLabel.None),
    }.Run();

    [Fact]
    public void TestScaleDownIgnoresDeletionPods() => new HpaTestCase
    {
        MinReplicas = 2,
        MaxReplicas = 6,
        SpecReplicas = 5,
        StatusReplicas = 5,
        ExpectedDesiredReplicas = 3,
        CpuTarget = 50,
        CpuCurrent = 28,
        VerifyCpuCurrent = true,
        ReportedLevels = FiveLevels,
        ReportedCpuRequests = [1000, 1000, 1000, 1000, 1000, 1000, 1000],
        ReportedPodReadiness =
        [
            ConditionStatus.True, ConditionStatus.True, ConditionStatus.True, ConditionStatus.True, ConditionStatus.True,
            ConditionStatus.False, ConditionStatus.False,
        ],
        ReportedPodPhase =
        [
            PodPhase.Running, PodPhase.Running, PodPhase.Running, PodPhase.Running, PodPhase.Running, PodPhase.Running, PodPhase.Running,
        ],
        ReportedPodDeletionTimestamp = [false, false, false, false, false, true, true],
        Recommendations = [],
        ExpectedReportedReconciliationActionLabel = ActionLabel.ScaleDown,
        ExpectedReportedReconciliationErrorLabel = ErrorLabel.None,
        ExpectedReportedMetricComputationActionLabels = MetricLabels(Resource, ActionLabel.ScaleDown),
        ExpectedReportedMetricComputationErrorLabels = MetricLabels(Resource, ErrorLabel.None),
    }.Run();

    [Fact]
    public void TestNoScaleDownOneMetricInvalid()
    {
        var evaluation = new HpaTestCase
        {
            MinReplicas = 2,
            MaxReplicas = 6,
            SpecReplicas = 5,
            StatusReplicas = 5,
            ExpectedDesiredReplicas = 5,
            CpuTarget = 50,
            MetricsTarget = [new MetricSpec(HorizontalControllerScaleUpTests.CheddarCheese)],
            ReportedLevels = FiveLevels,
            ReportedCpuRequests = FiveCores,
            Recommendations = [],
            ExpectedConditions =
            [
                Condition(HpaConditionType.AbleToScale, ConditionStatus.True, "SucceededGetScale"),
                Condition(HpaConditionType.ScalingActive, ConditionStatus.False, "InvalidMetricSourceType"),
            ],
            ExpectedReportedReconciliationActionLabel = ActionLabel.None,
            ExpectedReportedReconciliationErrorLabel = ErrorLabel.Internal,
            ExpectedReportedMetricComputationActionLabels = MetricLabels(
                Resource, ActionLabel.ScaleDown, HorizontalControllerScaleUpTests.CheddarCheese, ActionLabel.None),
            ExpectedReportedMetricComputationErrorLabels = MetricLabels(
                Resource, ErrorLabel.None, HorizontalControllerScaleUpTests.CheddarCheese, ErrorLabel.Spec),
        }.Run();

        // The metric that still works is reported, but it does not scale down on its own.
        Assert.Equal(3, evaluation.Proposals[0].Replicas);
        Assert.Equal(Resource, Assert.Single(evaluation.CurrentMetrics).Type);
        Assert.Null(evaluation.Normalization);
        Assert.Null(evaluation.Metric);
    }

    [Fact]
    public void TestNoScaleDownOneMetricEmpty() => new HpaTestCase
    {
        MinReplicas = 2,
        MaxReplicas = 6,
        SpecReplicas = 5,
        StatusReplicas = 5,
        ExpectedDesiredReplicas = 5,
        CpuTarget = 50,
        MetricsTarget = [ExternalQps(Value(1000))],
        ReportedLevels = FiveLevels,
        ReportedCpuRequests = FiveCores,
        Recommendations = [],
        ExternalMetricsError = "something went wrong",
        ExpectedConditions =
        [
            Condition(HpaConditionType.AbleToScale, ConditionStatus.True, "SucceededGetScale"),
            Condition(HpaConditionType.ScalingActive, ConditionStatus.False, "FailedGetExternalMetric"),
        ],
        ExpectedReportedReconciliationActionLabel = ActionLabel.None,
        ExpectedReportedReconciliationErrorLabel = ErrorLabel.Internal,
        ExpectedReportedMetricComputationActionLabels = MetricLabels(Resource, ActionLabel.ScaleDown, External, ActionLabel.None),
        ExpectedReportedMetricComputationErrorLabels = MetricLabels(Resource, ErrorLabel.None, External, ErrorLabel.Internal),
    }.Run();

    [Fact]
    public void TestStabilizeDownscale() => new HpaTestCase
    {
        MinReplicas = 1,
        MaxReplicas = 5,
        SpecReplicas = 4,
        StatusReplicas = 4,
        ExpectedDesiredReplicas = 4,
        CpuTarget = 100,
        ReportedLevels = [50, 50, 50],
        ReportedCpuRequests = [100, 100, 100],
        ExpectedConditions = StatusOkWithOverrides(
            Condition(HpaConditionType.AbleToScale, ConditionStatus.True, "ReadyForNewScale"),
            Condition(HpaConditionType.AbleToScale, ConditionStatus.True, "ScaleDownStabilized")),
        Recommendations = [new(10, Now.AddMinutes(-10)), new(4, Now.AddMinutes(-1))],
        ExpectedReportedReconciliationActionLabel = ActionLabel.None,
        ExpectedReportedReconciliationErrorLabel = ErrorLabel.None,
        ExpectedReportedMetricComputationActionLabels = MetricLabels(Resource, ActionLabel.ScaleDown),
        ExpectedReportedMetricComputationErrorLabels = MetricLabels(Resource, ErrorLabel.None),
    }.Run();

    [Fact]
    public void TestScaleDownRCImmediately()
    {
        var evaluation = new HpaTestCase
        {
            MinReplicas = 2,
            MaxReplicas = 5,
            SpecReplicas = 6,
            StatusReplicas = 6,
            ExpectedDesiredReplicas = 5,
            CpuTarget = 50,
            ReportedLevels = [8000, 9500, 1000],
            ReportedCpuRequests = [900, 1000, 1100],
            ExpectedConditions = [Condition(HpaConditionType.AbleToScale, ConditionStatus.True, "SucceededRescale")],
            ExpectedReportedReconciliationActionLabel = ActionLabel.ScaleDown,
            ExpectedReportedReconciliationErrorLabel = ErrorLabel.None,
        }.Run();

        Assert.Equal("Current number of replicas above Spec.MaxReplicas", evaluation.RescaleReason);
        Assert.Empty(evaluation.Proposals);
        Assert.Null(evaluation.Normalization);
    }
}
