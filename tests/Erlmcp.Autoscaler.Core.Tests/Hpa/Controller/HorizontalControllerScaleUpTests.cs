using Erlmcp.Autoscaler.Core.Hpa;
using Erlmcp.Autoscaler.Core.Labels;
using static Erlmcp.Autoscaler.Core.Tests.Hpa.Controller.HpaTestCase;

namespace Erlmcp.Autoscaler.Core.Tests.Hpa.Controller;

/// <summary>Upstream's horizontal_test.go full-pipeline scale-up cases, one for one.</summary>
public sealed class HorizontalControllerScaleUpTests
{
    private const MetricSourceType Resource = MetricSourceType.Resource;
    private const MetricSourceType ContainerResource = MetricSourceType.ContainerResource;
    private const MetricSourceType Pods = MetricSourceType.Pods;
    private const MetricSourceType Object = MetricSourceType.Object;
    private const MetricSourceType External = MetricSourceType.External;

    /// <summary>Upstream's "CheddarCheese" metric type: a type the controller does not know.</summary>
    internal const MetricSourceType CheddarCheese = (MetricSourceType)99;

    private static readonly long[] ThreeCores = [1000, 1000, 1000];

    [Fact]
    public void TestScaleUp()
    {
        var evaluation = new HpaTestCase
        {
            MinReplicas = 2,
            MaxReplicas = 6,
            SpecReplicas = 3,
            StatusReplicas = 3,
            ExpectedDesiredReplicas = 5,
            CpuTarget = 30,
            VerifyCpuCurrent = true,
            ReportedLevels = [300, 500, 700],
            ReportedCpuRequests = ThreeCores,
            ExpectedReportedReconciliationActionLabel = ActionLabel.ScaleUp,
            ExpectedReportedReconciliationErrorLabel = ErrorLabel.None,
            ExpectedReportedMetricComputationActionLabels = MetricLabels(Resource, ActionLabel.ScaleUp),
            ExpectedReportedMetricComputationErrorLabels = MetricLabels(Resource, ErrorLabel.None),
        }.Run();

        // Beyond upstream's checks: the status entry and the decisive metric.
        Assert.Equal("cpu resource utilization (percentage of request)", evaluation.Metric);
        var cpu = Assert.Single(evaluation.CurrentMetrics);
        Assert.Equal(new MetricStatusValue(Resource, "cpu", new MetricValueStatus(AverageValueMilli: 500, AverageUtilization: 50)), cpu);
        Assert.Equal(
            "the HPA was able to successfully calculate a replica count from cpu resource utilization (percentage of request)",
            evaluation.Conditions.Single(c => c.Type == HpaConditionType.ScalingActive).Message);
        Assert.Equal(
            "the HPA controller was able to update the target scale to 5",
            evaluation.Conditions.Single(c => c.Type == HpaConditionType.AbleToScale).Message);
    }

    [Fact]
    public void TestScaleUpContainer()
    {
        var evaluation = new HpaTestCase
        {
            MinReplicas = 2,
            MaxReplicas = 6,
            SpecReplicas = 3,
            StatusReplicas = 3,
            ExpectedDesiredReplicas = 5,
            MetricsTarget = [ContainerCpu("container1", 30)],
            ReportedLevels = [300, 500, 700],
            ReportedCpuRequests = ThreeCores,
            ExpectedReportedReconciliationActionLabel = ActionLabel.ScaleUp,
            ExpectedReportedReconciliationErrorLabel = ErrorLabel.None,
            ExpectedReportedMetricComputationActionLabels = MetricLabels(ContainerResource, ActionLabel.ScaleUp),
            ExpectedReportedMetricComputationErrorLabels = MetricLabels(ContainerResource, ErrorLabel.None),
        }.Run();

        Assert.Equal("cpu container resource utilization (percentage of request)", evaluation.Metric);
        Assert.Equal(
            new MetricStatusValue(ContainerResource, "cpu", new MetricValueStatus(AverageValueMilli: 250, AverageUtilization: 50), Container: "container1"),
            Assert.Single(evaluation.CurrentMetrics));
    }

    [Fact]
    public void TestScaleUpUnreadyLessScale() => new HpaTestCase
    {
        MinReplicas = 2,
        MaxReplicas = 6,
        SpecReplicas = 3,
        StatusReplicas = 3,
        ExpectedDesiredReplicas = 4,
        CpuTarget = 30,
        CpuCurrent = 60,
        VerifyCpuCurrent = true,
        ReportedLevels = [300, 500, 700],
        ReportedCpuRequests = ThreeCores,
        ReportedPodReadiness = [ConditionStatus.False, ConditionStatus.True, ConditionStatus.True],
        ExpectedReportedReconciliationActionLabel = ActionLabel.ScaleUp,
        ExpectedReportedReconciliationErrorLabel = ErrorLabel.None,
        ExpectedReportedMetricComputationActionLabels = MetricLabels(Resource, ActionLabel.ScaleUp),
        ExpectedReportedMetricComputationErrorLabels = MetricLabels(Resource, ErrorLabel.None),
    }.Run();

    [Fact]
    public void TestScaleUpHotCpuLessScale() => new HpaTestCase
    {
        MinReplicas = 2,
        MaxReplicas = 6,
        SpecReplicas = 3,
        StatusReplicas = 3,
        ExpectedDesiredReplicas = 4,
        CpuTarget = 30,
        CpuCurrent = 60,
        VerifyCpuCurrent = true,
        ReportedLevels = [300, 500, 700],
        ReportedCpuRequests = ThreeCores,
        ReportedPodStartTime = [HotCpuCreationTime(), CoolCpuCreationTime(), CoolCpuCreationTime()],
        ExpectedReportedReconciliationActionLabel = ActionLabel.ScaleUp,
        ExpectedReportedReconciliationErrorLabel = ErrorLabel.None,
        ExpectedReportedMetricComputationActionLabels = MetricLabels(Resource, ActionLabel.ScaleUp),
        ExpectedReportedMetricComputationErrorLabels = MetricLabels(Resource, ErrorLabel.None),
    }.Run();

    [Fact]
    public void TestScaleUpUnreadyNoScale() => new HpaTestCase
    {
        MinReplicas = 2,
        MaxReplicas = 6,
        SpecReplicas = 3,
        StatusReplicas = 3,
        ExpectedDesiredReplicas = 3,
        CpuTarget = 30,
        CpuCurrent = 40,
        VerifyCpuCurrent = true,
        ReportedLevels = [400, 500, 700],
        ReportedCpuRequests = ThreeCores,
        ReportedPodReadiness = [ConditionStatus.True, ConditionStatus.False, ConditionStatus.False],
        ExpectedConditions = StatusOkWithOverrides(Condition(HpaConditionType.AbleToScale, ConditionStatus.True, "ReadyForNewScale")),
        ExpectedReportedReconciliationActionLabel = ActionLabel.None,
        ExpectedReportedReconciliationErrorLabel = ErrorLabel.None,
        ExpectedReportedMetricComputationActionLabels = MetricLabels(Resource, ActionLabel.None),
        ExpectedReportedMetricComputationErrorLabels = MetricLabels(Resource, ErrorLabel.None),
    }.Run();

    [Fact]
    public void TestScaleUpHotCpuNoScale() => new HpaTestCase
    {
        MinReplicas = 2,
        MaxReplicas = 6,
        SpecReplicas = 3,
        StatusReplicas = 3,
        ExpectedDesiredReplicas = 3,
        CpuTarget = 30,
        CpuCurrent = 40,
        VerifyCpuCurrent = true,
        ReportedLevels = [400, 500, 700],
        ReportedCpuRequests = ThreeCores,
        ReportedPodReadiness = [ConditionStatus.True, ConditionStatus.False, ConditionStatus.False],
        ReportedPodStartTime = [CoolCpuCreationTime(), HotCpuCreationTime(), HotCpuCreationTime()],
        ExpectedConditions = StatusOkWithOverrides(Condition(HpaConditionType.AbleToScale, ConditionStatus.True, "ReadyForNewScale")),
        ExpectedReportedReconciliationActionLabel = ActionLabel.None,
        ExpectedReportedReconciliationErrorLabel = ErrorLabel.None,
        ExpectedReportedMetricComputationActionLabels = MetricLabels(Resource, ActionLabel.None),
        ExpectedReportedMetricComputationErrorLabels = MetricLabels(Resource, ErrorLabel.None),
    }.Run();

    [Fact]
    public void TestScaleUpIgnoresFailedPods() => new HpaTestCase
    {
        MinReplicas = 2,
        MaxReplicas = 6,
        SpecReplicas = 2,
        StatusReplicas = 2,
        ExpectedDesiredReplicas = 4,
        CpuTarget = 30,
        CpuCurrent = 60,
        VerifyCpuCurrent = true,
        ReportedLevels = [500, 700],
        ReportedCpuRequests = [1000, 1000, 1000, 1000],
        ReportedPodReadiness = [ConditionStatus.True, ConditionStatus.True, ConditionStatus.False, ConditionStatus.False],
        ReportedPodPhase = [PodPhase.Running, PodPhase.Running, PodPhase.Failed, PodPhase.Failed],
        ExpectedReportedReconciliationActionLabel = ActionLabel.ScaleUp,
        ExpectedReportedReconciliationErrorLabel = ErrorLabel.None,
        ExpectedReportedMetricComputationActionLabels = MetricLabels(Resource, ActionLabel.ScaleUp),
        ExpectedReportedMetricComputationErrorLabels = MetricLabels(Resource, ErrorLabel.None),
    }.Run();

    [Fact]
    public void TestScaleUpIgnoresDeletionPods() => new HpaTestCase
    {
        MinReplicas = 2,
        MaxReplicas = 6,
        SpecReplicas = 2,
        StatusReplicas = 2,
        ExpectedDesiredReplicas = 4,
        CpuTarget = 30,
        CpuCurrent = 60,
        VerifyCpuCurrent = true,
        ReportedLevels = [500, 700],
        ReportedCpuRequests = [1000, 1000, 1000, 1000],
        ReportedPodReadiness = [ConditionStatus.True, ConditionStatus.True, ConditionStatus.False, ConditionStatus.False],
        ReportedPodPhase = [PodPhase.Running, PodPhase.Running, PodPhase.Running, PodPhase.Running],
        ReportedPodDeletionTimestamp = [false, false, true, true],
        ExpectedReportedReconciliationActionLabel = ActionLabel.ScaleUp,
        ExpectedReportedReconciliationErrorLabel = ErrorLabel.None,
        ExpectedReportedMetricComputationActionLabels = MetricLabels(Resource, ActionLabel.ScaleUp),
        ExpectedReportedMetricComputationErrorLabels = MetricLabels(Resource, ErrorLabel.None),
    }.Run();

    [Fact]
    public void TestScaleUpDeployment() => new HpaTestCase
    {
        MinReplicas = 2,
        MaxReplicas = 6,
        SpecReplicas = 3,
        StatusReplicas = 3,
        ExpectedDesiredReplicas = 5,
        CpuTarget = 30,
        VerifyCpuCurrent = true,
        ReportedLevels = [300, 500, 700],
        ReportedCpuRequests = ThreeCores,
        ScaleTargetRef = new CrossVersionObjectReference("Deployment", "test-dep", "apps/v1"),
        ExpectedReportedReconciliationActionLabel = ActionLabel.ScaleUp,
        ExpectedReportedReconciliationErrorLabel = ErrorLabel.None,
        ExpectedReportedMetricComputationActionLabels = MetricLabels(Resource, ActionLabel.ScaleUp),
        ExpectedReportedMetricComputationErrorLabels = MetricLabels(Resource, ErrorLabel.None),
    }.Run();

    [Fact]
    public void TestScaleUpReplicaSet() => new HpaTestCase
    {
        MinReplicas = 2,
        MaxReplicas = 6,
        SpecReplicas = 3,
        StatusReplicas = 3,
        ExpectedDesiredReplicas = 5,
        CpuTarget = 30,
        VerifyCpuCurrent = true,
        ReportedLevels = [300, 500, 700],
        ReportedCpuRequests = ThreeCores,
        ScaleTargetRef = new CrossVersionObjectReference("ReplicaSet", "test-replicaset", "apps/v1"),
        ExpectedReportedReconciliationActionLabel = ActionLabel.ScaleUp,
        ExpectedReportedReconciliationErrorLabel = ErrorLabel.None,
        ExpectedReportedMetricComputationActionLabels = MetricLabels(Resource, ActionLabel.ScaleUp),
        ExpectedReportedMetricComputationErrorLabels = MetricLabels(Resource, ErrorLabel.None),
    }.Run();

    [Fact]
    public void TestScaleUpCM()
    {
        var evaluation = new HpaTestCase
        {
            MinReplicas = 2,
            MaxReplicas = 6,
            SpecReplicas = 3,
            StatusReplicas = 3,
            ExpectedDesiredReplicas = 4,
            MetricsTarget = [PodsQps(15000)],
            ReportedLevels = [20000, 10000, 30000],
            ReportedCpuRequests = ThreeCores,
            ExpectedReportedReconciliationActionLabel = ActionLabel.ScaleUp,
            ExpectedReportedReconciliationErrorLabel = ErrorLabel.None,
            ExpectedReportedMetricComputationActionLabels = MetricLabels(Pods, ActionLabel.ScaleUp),
            ExpectedReportedMetricComputationErrorLabels = MetricLabels(Pods, ErrorLabel.None),
        }.Run();

        Assert.Equal("pods metric qps", evaluation.Metric);
        Assert.Equal(
            new MetricStatusValue(Pods, "qps", new MetricValueStatus(AverageValueMilli: 20000)),
            Assert.Single(evaluation.CurrentMetrics));
        Assert.Equal("pods metric qps above target", evaluation.RescaleReason);
    }

    [Fact]
    public void TestScaleUpCMUnreadyAndHotCpuNoLessScale() => new HpaTestCase
    {
        MinReplicas = 2,
        MaxReplicas = 6,
        SpecReplicas = 3,
        StatusReplicas = 3,
        ExpectedDesiredReplicas = 6,
        MetricsTarget = [PodsQps(15000)],
        ReportedLevels = [50000, 10000, 30000],
        ReportedPodReadiness = [ConditionStatus.True, ConditionStatus.True, ConditionStatus.False],
        ReportedPodStartTime = [CoolCpuCreationTime(), CoolCpuCreationTime(), HotCpuCreationTime()],
        ReportedCpuRequests = ThreeCores,
        ExpectedReportedReconciliationActionLabel = ActionLabel.ScaleUp,
        ExpectedReportedReconciliationErrorLabel = ErrorLabel.None,
        ExpectedReportedMetricComputationActionLabels = MetricLabels(Pods, ActionLabel.ScaleUp),
        ExpectedReportedMetricComputationErrorLabels = MetricLabels(Pods, ErrorLabel.None),
    }.Run();

    [Fact]
    public void TestScaleUpCMUnreadyandCpuHot() => new HpaTestCase
    {
        MinReplicas = 2,
        MaxReplicas = 6,
        SpecReplicas = 3,
        StatusReplicas = 3,
        ExpectedDesiredReplicas = 6,
        MetricsTarget = [PodsQps(15000)],
        ReportedLevels = [50000, 15000, 30000],
        ReportedPodReadiness = [ConditionStatus.False, ConditionStatus.True, ConditionStatus.False],
        ReportedPodStartTime = [HotCpuCreationTime(), CoolCpuCreationTime(), HotCpuCreationTime()],
        ReportedCpuRequests = ThreeCores,
        ExpectedConditions = StatusOkWithOverrides(
            Condition(HpaConditionType.AbleToScale, ConditionStatus.True, "SucceededRescale"),
            Condition(HpaConditionType.ScalingLimited, ConditionStatus.True, "TooManyReplicas")),
        ExpectedReportedReconciliationActionLabel = ActionLabel.ScaleUp,
        ExpectedReportedReconciliationErrorLabel = ErrorLabel.None,
        ExpectedReportedMetricComputationActionLabels = MetricLabels(Pods, ActionLabel.ScaleUp),
        ExpectedReportedMetricComputationErrorLabels = MetricLabels(Pods, ErrorLabel.None),
    }.Run();

    [Fact]
    public void TestScaleUpHotCpuNoScaleWouldScaleDown() => new HpaTestCase
    {
        MinReplicas = 2,
        MaxReplicas = 6,
        SpecReplicas = 3,
        StatusReplicas = 3,
        ExpectedDesiredReplicas = 6,
        MetricsTarget = [PodsQps(15000)],
        ReportedLevels = [50000, 15000, 30000],
        ReportedCpuRequests = ThreeCores,
        ReportedPodStartTime = [HotCpuCreationTime(), CoolCpuCreationTime(), HotCpuCreationTime()],
        ExpectedConditions = StatusOkWithOverrides(
            Condition(HpaConditionType.AbleToScale, ConditionStatus.True, "SucceededRescale"),
            Condition(HpaConditionType.ScalingLimited, ConditionStatus.True, "TooManyReplicas")),
        ExpectedReportedReconciliationActionLabel = ActionLabel.ScaleUp,
        ExpectedReportedReconciliationErrorLabel = ErrorLabel.None,
        ExpectedReportedMetricComputationActionLabels = MetricLabels(Pods, ActionLabel.ScaleUp),
        ExpectedReportedMetricComputationErrorLabels = MetricLabels(Pods, ErrorLabel.None),
    }.Run();

    [Fact]
    public void TestScaleUpCMObject()
    {
        var evaluation = new HpaTestCase
        {
            MinReplicas = 2,
            MaxReplicas = 6,
            SpecReplicas = 3,
            StatusReplicas = 3,
            ExpectedDesiredReplicas = 4,
            MetricsTarget = [ObjectQps(Value(15000))],
            ReportedLevels = [20000],
            ExpectedReportedReconciliationActionLabel = ActionLabel.ScaleUp,
            ExpectedReportedReconciliationErrorLabel = ErrorLabel.None,
            ExpectedReportedMetricComputationActionLabels = MetricLabels(Object, ActionLabel.ScaleUp),
            ExpectedReportedMetricComputationErrorLabels = MetricLabels(Object, ErrorLabel.None),
        }.Run();

        Assert.Equal("Deployment metric qps", evaluation.Metric);
        Assert.Equal(
            new MetricStatusValue(
                Object,
                "qps",
                new MetricValueStatus(ValueMilli: 20000),
                DescribedObject: new CrossVersionObjectReference("Deployment", "some-deployment", "apps/v1")),
            Assert.Single(evaluation.CurrentMetrics));
    }

    [Fact]
    public void TestScaleUpFromZeroCMObject() => new HpaTestCase
    {
        MinReplicas = 0,
        MaxReplicas = 6,
        SpecReplicas = 0,
        StatusReplicas = 0,
        ExpectedDesiredReplicas = 2,
        MetricsTarget = [ObjectQps(Value(15000))],
        ReportedLevels = [20000],
        ExpectedReportedReconciliationActionLabel = ActionLabel.ScaleUp,
        ExpectedReportedReconciliationErrorLabel = ErrorLabel.None,
        ExpectedReportedMetricComputationActionLabels = MetricLabels(Object, ActionLabel.ScaleUp),
        ExpectedReportedMetricComputationErrorLabels = MetricLabels(Object, ErrorLabel.None),
    }.Run();

    [Fact]
    public void TestScaleUpFromZeroIgnoresToleranceCMObject() => new HpaTestCase
    {
        MinReplicas = 0,
        MaxReplicas = 6,
        SpecReplicas = 0,
        StatusReplicas = 0,
        ExpectedDesiredReplicas = 1,
        MetricsTarget = [ObjectQps(Value(1000))],
        ReportedLevels = [1000],
        ExpectedReportedReconciliationActionLabel = ActionLabel.ScaleUp,
        ExpectedReportedReconciliationErrorLabel = ErrorLabel.None,
        ExpectedReportedMetricComputationActionLabels = MetricLabels(Object, ActionLabel.ScaleUp),
        ExpectedReportedMetricComputationErrorLabels = MetricLabels(Object, ErrorLabel.None),
    }.Run();

    [Fact]
    public void TestScaleUpPerPodCMObject()
    {
        var evaluation = new HpaTestCase
        {
            MinReplicas = 2,
            MaxReplicas = 6,
            SpecReplicas = 3,
            StatusReplicas = 3,
            ExpectedDesiredReplicas = 4,
            MetricsTarget = [ObjectQps(AverageValue(10000))],
            ReportedLevels = [40000],
            ExpectedReportedReconciliationActionLabel = ActionLabel.ScaleUp,
            ExpectedReportedReconciliationErrorLabel = ErrorLabel.None,
            ExpectedReportedMetricComputationActionLabels = MetricLabels(Object, ActionLabel.ScaleUp),
            ExpectedReportedMetricComputationErrorLabels = MetricLabels(Object, ErrorLabel.None),
        }.Run();

        // Upstream's description (and its "external" slip) and status, without the described object.
        Assert.Equal("external metric qps(nil)", evaluation.Metric);
        Assert.Equal(
            new MetricStatusValue(Object, "qps", new MetricValueStatus(AverageValueMilli: 13334)),
            Assert.Single(evaluation.CurrentMetrics));
    }

    [Fact]
    public void TestScaleUpCMExternal()
    {
        var evaluation = new HpaTestCase
        {
            MinReplicas = 2,
            MaxReplicas = 6,
            SpecReplicas = 3,
            StatusReplicas = 3,
            ExpectedDesiredReplicas = 4,
            MetricsTarget = [ExternalQps(Value(6666))],
            ReportedLevels = [8600],
            ExpectedReportedReconciliationActionLabel = ActionLabel.ScaleUp,
            ExpectedReportedReconciliationErrorLabel = ErrorLabel.None,
            ExpectedReportedMetricComputationActionLabels = MetricLabels(External, ActionLabel.ScaleUp),
            ExpectedReportedMetricComputationErrorLabels = MetricLabels(External, ErrorLabel.None),
        }.Run();

        Assert.Equal(
            "external metric qps(&LabelSelector{MatchLabels:map[string]string{},MatchExpressions:[]LabelSelectorRequirement{},})",
            evaluation.Metric);
        Assert.Equal(
            new MetricStatusValue(External, "qps", new MetricValueStatus(ValueMilli: 8600), Selector: LabelSelectorSpec.Empty),
            Assert.Single(evaluation.CurrentMetrics));
    }

    [Fact]
    public void TestScaleUpPerPodCMExternal() => new HpaTestCase
    {
        MinReplicas = 2,
        MaxReplicas = 6,
        SpecReplicas = 3,
        StatusReplicas = 3,
        ExpectedDesiredReplicas = 4,
        MetricsTarget = [ExternalQps(AverageValue(2222))],
        ReportedLevels = [8600],
        ExpectedReportedReconciliationActionLabel = ActionLabel.ScaleUp,
        ExpectedReportedReconciliationErrorLabel = ErrorLabel.None,
        ExpectedReportedMetricComputationActionLabels = MetricLabels(External, ActionLabel.ScaleUp),
        ExpectedReportedMetricComputationErrorLabels = MetricLabels(External, ErrorLabel.None),
    }.Run();

    [Fact]
    public void TestScaleUpOneMetricInvalid()
    {
        var evaluation = new HpaTestCase
        {
            MinReplicas = 2,
            MaxReplicas = 6,
            SpecReplicas = 3,
            StatusReplicas = 3,
            ExpectedDesiredReplicas = 4,
            CpuTarget = 30,
            VerifyCpuCurrent = true,
            MetricsTarget = [new MetricSpec(CheddarCheese)],
            ReportedLevels = [300, 400, 500],
            ReportedCpuRequests = ThreeCores,
            ExpectedReportedReconciliationActionLabel = ActionLabel.ScaleUp,
            ExpectedReportedReconciliationErrorLabel = ErrorLabel.Internal,
            ExpectedReportedMetricComputationActionLabels = MetricLabels(Resource, ActionLabel.ScaleUp, CheddarCheese, ActionLabel.None),
            ExpectedReportedMetricComputationErrorLabels = MetricLabels(Resource, ErrorLabel.None, CheddarCheese, ErrorLabel.Spec),
        }.Run();

        Assert.Equal("invalid metrics (1 invalid out of 2), first error is: unknown metric source type \"99\"", evaluation.Error);
    }

    [Fact]
    public void TestScaleUpFromZeroOneMetricInvalid() => new HpaTestCase
    {
        MinReplicas = 0,
        MaxReplicas = 6,
        SpecReplicas = 0,
        StatusReplicas = 0,
        ExpectedDesiredReplicas = 4,
        CpuTarget = 30,
        VerifyCpuCurrent = true,
        MetricsTarget = [new MetricSpec(CheddarCheese)],
        ReportedLevels = [300, 400, 500],
        ReportedCpuRequests = ThreeCores,
        Recommendations = [],
        ExpectedReportedReconciliationActionLabel = ActionLabel.ScaleUp,
        ExpectedReportedReconciliationErrorLabel = ErrorLabel.Internal,
        ExpectedReportedMetricComputationActionLabels = MetricLabels(Resource, ActionLabel.ScaleUp, CheddarCheese, ActionLabel.None),
        ExpectedReportedMetricComputationErrorLabels = MetricLabels(Resource, ErrorLabel.None, CheddarCheese, ErrorLabel.Spec),
    }.Run();

    [Fact]
    public void TestScaleUpBothMetricsEmpty()
    {
        var evaluation = new HpaTestCase
        {
            MinReplicas = 2,
            MaxReplicas = 6,
            SpecReplicas = 3,
            StatusReplicas = 3,
            ExpectedDesiredReplicas = 3,
            MetricsTarget = [new MetricSpec(CheddarCheese)],
            ReportedLevels = [],
            ReportedCpuRequests = ThreeCores,
            ExpectedConditions =
            [
                Condition(HpaConditionType.AbleToScale, ConditionStatus.True, "SucceededGetScale"),
                Condition(HpaConditionType.ScalingActive, ConditionStatus.False, "InvalidMetricSourceType"),
            ],
            ExpectedReportedReconciliationActionLabel = ActionLabel.None,
            ExpectedReportedReconciliationErrorLabel = ErrorLabel.Internal,
            ExpectedReportedMetricComputationActionLabels = MetricLabels(CheddarCheese, ActionLabel.None),
            ExpectedReportedMetricComputationErrorLabels = MetricLabels(CheddarCheese, ErrorLabel.Spec),
        }.Run();

        Assert.Equal(
            "the HPA was unable to compute the replica count: unknown metric source type \"99\"",
            evaluation.Conditions.Single(c => c.Type == HpaConditionType.ScalingActive).Message);
        Assert.Empty(evaluation.CurrentMetrics);
        Assert.Null(evaluation.Metric);
    }

    [Fact]
    public void TestScaleUpOneMetricEmpty()
    {
        var evaluation = new HpaTestCase
        {
            MinReplicas = 2,
            MaxReplicas = 6,
            SpecReplicas = 3,
            StatusReplicas = 3,
            ExpectedDesiredReplicas = 4,
            CpuTarget = 30,
            VerifyCpuCurrent = true,
            MetricsTarget = [ExternalQps(Value(100))],
            ReportedLevels = [300, 400, 500],
            ReportedCpuRequests = ThreeCores,
            ExternalMetricsError = "something went wrong",
            ExpectedReportedReconciliationActionLabel = ActionLabel.ScaleUp,
            ExpectedReportedReconciliationErrorLabel = ErrorLabel.Internal,
            ExpectedReportedMetricComputationActionLabels = MetricLabels(Resource, ActionLabel.ScaleUp, External, ActionLabel.None),
            ExpectedReportedMetricComputationErrorLabels = MetricLabels(Resource, ErrorLabel.None, External, ErrorLabel.Internal),
        }.Run();

        Assert.StartsWith(
            "invalid metrics (1 invalid out of 2), first error is: failed to get qps external metric value: failed to get external metric qps: ",
            evaluation.Error);
        Assert.EndsWith("something went wrong", evaluation.Error);
    }
}
