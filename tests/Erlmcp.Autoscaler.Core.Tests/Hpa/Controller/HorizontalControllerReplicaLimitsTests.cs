using Erlmcp.Autoscaler.Core.Hpa;
using static Erlmcp.Autoscaler.Core.Tests.Hpa.Controller.HpaTestCase;

namespace Erlmcp.Autoscaler.Core.Tests.Hpa.Controller;

/// <summary>
/// Upstream's horizontal_test.go cases on min/max replicas, scaling limits, missing or superfluous metrics and the
/// rescale event, one for one.
/// </summary>
public sealed class HorizontalControllerReplicaLimitsTests
{
    private const MetricSourceType Resource = MetricSourceType.Resource;

    private static readonly long[] UnevenRequests = [900, 1000, 1100];

    [Fact]
    public void TestMinReplicas() => new HpaTestCase
    {
        MinReplicas = 2,
        MaxReplicas = 5,
        SpecReplicas = 3,
        StatusReplicas = 3,
        ExpectedDesiredReplicas = 2,
        CpuTarget = 90,
        ReportedLevels = [10, 95, 10],
        ReportedCpuRequests = UnevenRequests,
        ExpectedConditions = StatusOkWithOverrides(Condition(HpaConditionType.ScalingLimited, ConditionStatus.True, "TooFewReplicas")),
        Recommendations = [],
        ExpectedReportedReconciliationActionLabel = ActionLabel.ScaleDown,
        ExpectedReportedReconciliationErrorLabel = ErrorLabel.None,
        ExpectedReportedMetricComputationActionLabels = MetricLabels(Resource, ActionLabel.ScaleDown),
        ExpectedReportedMetricComputationErrorLabels = MetricLabels(Resource, ErrorLabel.None),
    }.Run();

    [Fact]
    public void TestZeroMinReplicasDesiredZero() => new HpaTestCase
    {
        MinReplicas = 0,
        MaxReplicas = 5,
        SpecReplicas = 3,
        StatusReplicas = 3,
        ExpectedDesiredReplicas = 0,
        CpuTarget = 90,
        ReportedLevels = [0, 0, 0],
        ReportedCpuRequests = UnevenRequests,
        ExpectedConditions = StatusOkWithOverrides(Condition(HpaConditionType.ScalingLimited, ConditionStatus.False, "DesiredWithinRange")),
        Recommendations = [],
        ExpectedReportedReconciliationActionLabel = ActionLabel.ScaleDown,
        ExpectedReportedReconciliationErrorLabel = ErrorLabel.None,
        ExpectedReportedMetricComputationActionLabels = MetricLabels(Resource, ActionLabel.ScaleDown),
        ExpectedReportedMetricComputationErrorLabels = MetricLabels(Resource, ErrorLabel.None),
    }.Run();

    [Fact]
    public void TestMinReplicasDesiredZero() => new HpaTestCase
    {
        MinReplicas = 2,
        MaxReplicas = 5,
        SpecReplicas = 3,
        StatusReplicas = 3,
        ExpectedDesiredReplicas = 2,
        CpuTarget = 90,
        ReportedLevels = [0, 0, 0],
        ReportedCpuRequests = UnevenRequests,
        ExpectedConditions = StatusOkWithOverrides(Condition(HpaConditionType.ScalingLimited, ConditionStatus.True, "TooFewReplicas")),
        Recommendations = [],
        ExpectedReportedReconciliationActionLabel = ActionLabel.ScaleDown,
        ExpectedReportedReconciliationErrorLabel = ErrorLabel.None,
        ExpectedReportedMetricComputationActionLabels = MetricLabels(Resource, ActionLabel.ScaleDown),
        ExpectedReportedMetricComputationErrorLabels = MetricLabels(Resource, ErrorLabel.None),
    }.Run();

    [Fact]
    public void TestZeroReplicas()
    {
        var evaluation = new HpaTestCase
        {
            MinReplicas = 3,
            MaxReplicas = 5,
            SpecReplicas = 0,
            StatusReplicas = 0,
            ExpectedDesiredReplicas = 0,
            CpuTarget = 90,
            ReportedLevels = [],
            ReportedCpuRequests = [],
            ExpectedConditions =
            [
                Condition(HpaConditionType.AbleToScale, ConditionStatus.True, "SucceededGetScale"),
                Condition(HpaConditionType.ScalingActive, ConditionStatus.False, "ScalingDisabled"),
            ],
            ExpectedReportedReconciliationActionLabel = ActionLabel.None,
            ExpectedReportedReconciliationErrorLabel = ErrorLabel.None,
        }.Run();

        Assert.Equal(
            "scaling is disabled since the replica count of the target is zero",
            evaluation.Conditions.Single(c => c.Type == HpaConditionType.ScalingActive).Message);
        Assert.Empty(evaluation.Proposals);
    }

    [Fact]
    public void TestTooFewReplicas()
    {
        var evaluation = new HpaTestCase
        {
            MinReplicas = 3,
            MaxReplicas = 5,
            SpecReplicas = 2,
            StatusReplicas = 2,
            ExpectedDesiredReplicas = 3,
            CpuTarget = 90,
            ReportedLevels = [],
            ReportedCpuRequests = [],
            ExpectedConditions = [Condition(HpaConditionType.AbleToScale, ConditionStatus.True, "SucceededRescale")],
            ExpectedReportedReconciliationActionLabel = ActionLabel.ScaleUp,
            ExpectedReportedReconciliationErrorLabel = ErrorLabel.None,
        }.Run();

        Assert.Equal("Current number of replicas below Spec.MinReplicas", evaluation.RescaleReason);
    }

    [Fact]
    public void TestTooManyReplicas() => new HpaTestCase
    {
        MinReplicas = 3,
        MaxReplicas = 5,
        SpecReplicas = 10,
        StatusReplicas = 10,
        ExpectedDesiredReplicas = 5,
        CpuTarget = 90,
        ReportedLevels = [],
        ReportedCpuRequests = [],
        ExpectedConditions = [Condition(HpaConditionType.AbleToScale, ConditionStatus.True, "SucceededRescale")],
        ExpectedReportedReconciliationActionLabel = ActionLabel.ScaleDown,
        ExpectedReportedReconciliationErrorLabel = ErrorLabel.None,
    }.Run();

    [Fact]
    public void TestMaxReplicas() => new HpaTestCase
    {
        MinReplicas = 2,
        MaxReplicas = 5,
        SpecReplicas = 3,
        StatusReplicas = 3,
        ExpectedDesiredReplicas = 5,
        CpuTarget = 90,
        ReportedLevels = [8000, 9500, 1000],
        ReportedCpuRequests = UnevenRequests,
        ExpectedConditions = StatusOkWithOverrides(Condition(HpaConditionType.ScalingLimited, ConditionStatus.True, "TooManyReplicas")),
        ExpectedReportedReconciliationActionLabel = ActionLabel.ScaleUp,
        ExpectedReportedReconciliationErrorLabel = ErrorLabel.None,
        ExpectedReportedMetricComputationActionLabels = MetricLabels(Resource, ActionLabel.ScaleUp),
        ExpectedReportedMetricComputationErrorLabels = MetricLabels(Resource, ErrorLabel.None),
    }.Run();

    [Fact]
    public void TestSuperfluousMetrics() => new HpaTestCase
    {
        MinReplicas = 2,
        MaxReplicas = 6,
        SpecReplicas = 4,
        StatusReplicas = 4,
        ExpectedDesiredReplicas = 6,
        CpuTarget = 100,
        ReportedLevels = [4000, 9500, 3000, 7000, 3200, 2000],
        ReportedCpuRequests = [1000, 1000, 1000, 1000],
        ExpectedConditions = StatusOkWithOverrides(Condition(HpaConditionType.ScalingLimited, ConditionStatus.True, "TooManyReplicas")),
        ExpectedReportedReconciliationActionLabel = ActionLabel.ScaleUp,
        ExpectedReportedReconciliationErrorLabel = ErrorLabel.None,
        ExpectedReportedMetricComputationActionLabels = MetricLabels(Resource, ActionLabel.ScaleUp),
        ExpectedReportedMetricComputationErrorLabels = MetricLabels(Resource, ErrorLabel.None),
    }.Run();

    [Fact]
    public void TestMissingMetrics() => new HpaTestCase
    {
        MinReplicas = 2,
        MaxReplicas = 6,
        SpecReplicas = 4,
        StatusReplicas = 4,
        ExpectedDesiredReplicas = 3,
        CpuTarget = 100,
        ReportedLevels = [400, 95],
        ReportedCpuRequests = [1000, 1000, 1000, 1000],
        Recommendations = [],
        ExpectedReportedReconciliationActionLabel = ActionLabel.ScaleDown,
        ExpectedReportedReconciliationErrorLabel = ErrorLabel.None,
        ExpectedReportedMetricComputationActionLabels = MetricLabels(Resource, ActionLabel.ScaleDown),
        ExpectedReportedMetricComputationErrorLabels = MetricLabels(Resource, ErrorLabel.None),
    }.Run();

    [Fact]
    public void TestEmptyMetrics()
    {
        var evaluation = new HpaTestCase
        {
            MinReplicas = 2,
            MaxReplicas = 6,
            SpecReplicas = 4,
            StatusReplicas = 4,
            ExpectedDesiredReplicas = 4,
            CpuTarget = 100,
            ReportedLevels = [],
            ReportedCpuRequests = [1000, 1000, 1000, 1000],
            ExpectedConditions =
            [
                Condition(HpaConditionType.AbleToScale, ConditionStatus.True, "SucceededGetScale"),
                Condition(HpaConditionType.ScalingActive, ConditionStatus.False, "FailedGetResourceMetric"),
            ],
            ExpectedReportedReconciliationActionLabel = ActionLabel.None,
            ExpectedReportedReconciliationErrorLabel = ErrorLabel.Internal,
            ExpectedReportedMetricComputationActionLabels = MetricLabels(Resource, ActionLabel.None),
            ExpectedReportedMetricComputationErrorLabels = MetricLabels(Resource, ErrorLabel.Internal),
        }.Run();

        // The condition carries the inner error, the returned error the outer one, as upstream.
        Assert.Equal(
            "the HPA was unable to compute the replica count: failed to get cpu utilization: "
            + "unable to get metrics for resource cpu: no metrics returned from resource metrics API",
            evaluation.Conditions.Single(c => c.Type == HpaConditionType.ScalingActive).Message);
        Assert.Equal(
            "invalid metrics (1 invalid out of 1), first error is: failed to get cpu resource metric value: failed to get cpu utilization: "
            + "unable to get metrics for resource cpu: no metrics returned from resource metrics API",
            evaluation.Error);
    }

    [Fact]
    public void TestEmptyCPURequest() => new HpaTestCase
    {
        MinReplicas = 1,
        MaxReplicas = 5,
        SpecReplicas = 1,
        StatusReplicas = 1,
        ExpectedDesiredReplicas = 1,
        CpuTarget = 100,
        ReportedLevels = [200],
        ReportedCpuRequests = [],
        ExpectedConditions =
        [
            Condition(HpaConditionType.AbleToScale, ConditionStatus.True, "SucceededGetScale"),
            Condition(HpaConditionType.ScalingActive, ConditionStatus.False, "FailedGetResourceMetric"),
        ],
        ExpectedReportedReconciliationActionLabel = ActionLabel.None,
        ExpectedReportedReconciliationErrorLabel = ErrorLabel.Internal,
        ExpectedReportedMetricComputationActionLabels = MetricLabels(Resource, ActionLabel.None),
        ExpectedReportedMetricComputationErrorLabels = MetricLabels(Resource, ErrorLabel.Internal),
    }.Run();

    [Fact]
    public void TestEventCreated()
    {
        var evaluation = new HpaTestCase
        {
            MinReplicas = 1,
            MaxReplicas = 5,
            SpecReplicas = 1,
            StatusReplicas = 1,
            ExpectedDesiredReplicas = 2,
            CpuTarget = 50,
            ReportedLevels = [200],
            ReportedCpuRequests = [200],
            ExpectedReportedReconciliationActionLabel = ActionLabel.ScaleUp,
            ExpectedReportedReconciliationErrorLabel = ErrorLabel.None,
            ExpectedReportedMetricComputationActionLabels = MetricLabels(Resource, ActionLabel.ScaleUp),
            ExpectedReportedMetricComputationErrorLabels = MetricLabels(Resource, ErrorLabel.None),
        }.Run();

        // Upstream's SuccessfulRescale event: "New size: 2; reason: cpu resource utilization (percentage of request) above target".
        Assert.Equal("cpu resource utilization (percentage of request) above target", evaluation.RescaleReason);
    }

    [Fact]
    public void TestEventNotCreated()
    {
        var evaluation = new HpaTestCase
        {
            MinReplicas = 1,
            MaxReplicas = 5,
            SpecReplicas = 2,
            StatusReplicas = 2,
            ExpectedDesiredReplicas = 2,
            CpuTarget = 50,
            ReportedLevels = [200, 200],
            ReportedCpuRequests = [400, 400],
            ExpectedConditions = StatusOkWithOverrides(Condition(HpaConditionType.AbleToScale, ConditionStatus.True, "ReadyForNewScale")),
            ExpectedReportedReconciliationActionLabel = ActionLabel.None,
            ExpectedReportedReconciliationErrorLabel = ErrorLabel.None,
            ExpectedReportedMetricComputationActionLabels = MetricLabels(Resource, ActionLabel.None),
            ExpectedReportedMetricComputationErrorLabels = MetricLabels(Resource, ErrorLabel.None),
        }.Run();

        Assert.Null(evaluation.RescaleReason);
    }

    [Fact]
    public void TestMissingReports() => new HpaTestCase
    {
        MinReplicas = 1,
        MaxReplicas = 5,
        SpecReplicas = 4,
        StatusReplicas = 4,
        ExpectedDesiredReplicas = 2,
        CpuTarget = 50,
        ReportedLevels = [200],
        ReportedCpuRequests = [200],
        Recommendations = [],
        ExpectedReportedReconciliationActionLabel = ActionLabel.ScaleDown,
        ExpectedReportedReconciliationErrorLabel = ErrorLabel.None,
        ExpectedReportedMetricComputationActionLabels = MetricLabels(Resource, ActionLabel.ScaleDown),
        ExpectedReportedMetricComputationErrorLabels = MetricLabels(Resource, ErrorLabel.None),
    }.Run();

    [Fact]
    public void TestUpscaleCap()
    {
        var evaluation = new HpaTestCase
        {
            MinReplicas = 1,
            MaxReplicas = 100,
            SpecReplicas = 3,
            StatusReplicas = 3,
            ScaleUpRules = GenerateScalingRules(0, 0, 700, 60, 0),
            ExpectedDesiredReplicas = 24,
            CpuTarget = 10,
            ReportedLevels = [100, 200, 300],
            ReportedCpuRequests = [100, 100, 100],
            ExpectedConditions = StatusOkWithOverrides(Condition(HpaConditionType.ScalingLimited, ConditionStatus.True, "ScaleUpLimit")),
            ExpectedReportedReconciliationActionLabel = ActionLabel.ScaleUp,
            ExpectedReportedReconciliationErrorLabel = ErrorLabel.None,
            ExpectedReportedMetricComputationActionLabels = MetricLabels(Resource, ActionLabel.ScaleUp),
            ExpectedReportedMetricComputationErrorLabels = MetricLabels(Resource, ErrorLabel.None),
        }.Run();

        Assert.Equal(60, evaluation.Proposals.Single().Replicas);
        Assert.Equal([new TimestampedScaleEvent(21, Now, false)], evaluation.History.ScaleUpEvents);
    }

    [Fact]
    public void TestUpscaleCapGreaterThanMaxReplicas() => new HpaTestCase
    {
        MinReplicas = 1,
        MaxReplicas = 20,
        SpecReplicas = 3,
        StatusReplicas = 3,
        ScaleUpRules = GenerateScalingRules(0, 0, 700, 60, 0),

        // expectedDesiredReplicas would be 24 without maxReplicas
        ExpectedDesiredReplicas = 20,
        CpuTarget = 10,
        ReportedLevels = [100, 200, 300],
        ReportedCpuRequests = [100, 100, 100],
        ExpectedConditions = StatusOkWithOverrides(Condition(HpaConditionType.ScalingLimited, ConditionStatus.True, "TooManyReplicas")),
        ExpectedReportedReconciliationActionLabel = ActionLabel.ScaleUp,
        ExpectedReportedReconciliationErrorLabel = ErrorLabel.None,
        ExpectedReportedMetricComputationActionLabels = MetricLabels(Resource, ActionLabel.ScaleUp),
        ExpectedReportedMetricComputationErrorLabels = MetricLabels(Resource, ErrorLabel.None),
    }.Run();

    [Fact]
    public void TestMoreReplicasThanSpecNoScale() => new HpaTestCase
    {
        MinReplicas = 1,
        MaxReplicas = 8,
        SpecReplicas = 4,
        StatusReplicas = 5, // Deployment update with 25% surge.
        ExpectedDesiredReplicas = 4,
        CpuTarget = 50,
        ReportedLevels = [500, 500, 500, 500, 500],
        ReportedCpuRequests = [1000, 1000, 1000, 1000, 1000],
        ExpectedConditions = StatusOkWithOverrides(Condition(HpaConditionType.AbleToScale, ConditionStatus.True, "ReadyForNewScale")),
        ExpectedReportedReconciliationActionLabel = ActionLabel.None,
        ExpectedReportedReconciliationErrorLabel = ErrorLabel.None,
        ExpectedReportedMetricComputationActionLabels = MetricLabels(Resource, ActionLabel.None),
        ExpectedReportedMetricComputationErrorLabels = MetricLabels(Resource, ErrorLabel.None),
    }.Run();

    [Fact]
    public void TestScaleUpRCImmediately() => new HpaTestCase
    {
        MinReplicas = 2,
        MaxReplicas = 6,
        SpecReplicas = 1,
        StatusReplicas = 1,
        ExpectedDesiredReplicas = 2,
        VerifyCpuCurrent = false,
        ReportedLevels = [0, 0, 0, 0],
        ReportedCpuRequests = [1000, 1000, 1000, 1000],
        ExpectedConditions = [Condition(HpaConditionType.AbleToScale, ConditionStatus.True, "SucceededRescale")],
        ExpectedReportedReconciliationActionLabel = ActionLabel.ScaleUp,
        ExpectedReportedReconciliationErrorLabel = ErrorLabel.None,
    }.Run();
}
