using Erlmcp.Autoscaler.Core.Hpa;
using Erlmcp.Autoscaler.Core.Labels;
using static Erlmcp.Autoscaler.Core.Tests.Hpa.Controller.HpaTestCase;

namespace Erlmcp.Autoscaler.Core.Tests.Hpa.Controller;

/// <summary>
/// Upstream's horizontal_test.go condition cases (selectors, failed metrics, invalid source type), the no-backoff
/// cases, TestAvoidUnnecessaryUpdates and TestMultipleHPAs, one for one.
/// </summary>
public sealed class HorizontalControllerConditionTests
{
    private const string TestNamespace = "test-namespace";
    private const MetricSourceType Resource = MetricSourceType.Resource;
    private const MetricSourceType Pods = MetricSourceType.Pods;

    private static readonly long[] ThreeTenthCores = [100, 100, 100];

    private static readonly IReadOnlyList<ExpectedCondition> InvalidSelector =
    [
        Condition(HpaConditionType.AbleToScale, ConditionStatus.True, "SucceededGetScale"),
        Condition(HpaConditionType.ScalingActive, ConditionStatus.False, "InvalidSelector"),
    ];

    private static readonly IReadOnlyList<ExpectedCondition> AmbiguousSelector =
    [
        Condition(HpaConditionType.AbleToScale, ConditionStatus.True, "SucceededGetScale"),
        Condition(HpaConditionType.ScalingActive, ConditionStatus.False, "AmbiguousSelector"),
    ];

    [Fact]
    public void TestConditionInvalidSelectorMissing()
    {
        var evaluation = new HpaTestCase
        {
            MinReplicas = 1,
            MaxReplicas = 100,
            SpecReplicas = 3,
            StatusReplicas = 3,
            ExpectedDesiredReplicas = 3,
            CpuTarget = 10,
            ReportedLevels = [100, 200, 300],
            ReportedCpuRequests = ThreeTenthCores,
            Selector = "",
            ExpectedConditions = InvalidSelector,
            ExpectedReportedReconciliationActionLabel = ActionLabel.None,
            ExpectedReportedReconciliationErrorLabel = ErrorLabel.Internal,
        }.Run();

        Assert.Equal("the HPA target's scale is missing a selector", evaluation.Conditions[1].Message);
        Assert.Equal("selector is required", evaluation.Error);
    }

    [Fact]
    public void TestConditionInvalidSelectorUnparsable()
    {
        var evaluation = new HpaTestCase
        {
            MinReplicas = 1,
            MaxReplicas = 100,
            SpecReplicas = 3,
            StatusReplicas = 3,
            ExpectedDesiredReplicas = 3,
            CpuTarget = 10,
            ReportedLevels = [100, 200, 300],
            ReportedCpuRequests = ThreeTenthCores,
            Selector = "cheddar cheese",
            ExpectedConditions = InvalidSelector,
            ExpectedReportedReconciliationActionLabel = ActionLabel.None,
            ExpectedReportedReconciliationErrorLabel = ErrorLabel.Internal,
        }.Run();

        var parseError = Assert.Throws<LabelSelectorException>(() => LabelSelector.Parse("cheddar cheese"));
        var message = $"couldn't convert selector into a corresponding internal selector object: {parseError.Message}";
        Assert.Equal(message, evaluation.Conditions[1].Message);
        Assert.Equal(message, evaluation.Error);
    }

    [Fact]
    public void TestConditionNoAmbiguousSelectorWhenNoSelectorOverlapBetweenHPAs() => new HpaTestCase
    {
        MinReplicas = 2,
        MaxReplicas = 6,
        SpecReplicas = 3,
        StatusReplicas = 3,
        ExpectedDesiredReplicas = 5,
        CpuTarget = 30,
        ReportedLevels = [300, 500, 700],
        ReportedCpuRequests = [1000, 1000, 1000],
        HpaSelectors = Registry(new RegisteredHpaSelector($"{TestNamespace}/test-hpa-2", LabelSelector.Parse("cheddar=cheese"))),
        ExpectedReportedReconciliationActionLabel = ActionLabel.ScaleUp,
        ExpectedReportedReconciliationErrorLabel = ErrorLabel.None,
        ExpectedReportedMetricComputationActionLabels = MetricLabels(Resource, ActionLabel.ScaleUp),
        ExpectedReportedMetricComputationErrorLabels = MetricLabels(Resource, ErrorLabel.None),
    }.Run();

    [Fact]
    public void TestConditionAmbiguousSelectorWhenFullSelectorOverlapBetweenHPAs()
    {
        var evaluation = new HpaTestCase
        {
            MinReplicas = 2,
            MaxReplicas = 6,
            SpecReplicas = 3,
            StatusReplicas = 3,
            ExpectedDesiredReplicas = 3,
            CpuTarget = 30,
            ReportedLevels = [300, 500, 700],
            ReportedCpuRequests = [1000, 1000, 1000],
            ExpectedConditions = AmbiguousSelector,
            HpaSelectors = Registry(new RegisteredHpaSelector($"{TestNamespace}/test-hpa-2", LabelSelector.Parse($"name={PodNamePrefix}"))),
            ExpectedReportedReconciliationActionLabel = ActionLabel.None,
            ExpectedReportedReconciliationErrorLabel = ErrorLabel.Internal,
        }.Run();

        const string message = "pods by selector name=test-pod are controlled by multiple HPAs: [test-namespace/test-hpa test-namespace/test-hpa-2]";
        Assert.Equal(message, evaluation.Conditions[1].Message);
        Assert.Equal(message, evaluation.Error);
    }

    [Fact]
    public void TestConditionAmbiguousSelectorWhenPartialSelectorOverlapBetweenHPAs() => new HpaTestCase
    {
        MinReplicas = 2,
        MaxReplicas = 6,
        SpecReplicas = 3,
        StatusReplicas = 3,
        ExpectedDesiredReplicas = 3,
        CpuTarget = 30,
        ReportedLevels = [300, 500, 700],
        ReportedCpuRequests = [1000, 1000, 1000],
        ExpectedConditions = AmbiguousSelector,
        HpaSelectors = Registry(new RegisteredHpaSelector($"{TestNamespace}/test-hpa-2", LabelSelector.Parse("cheddar=cheese"))),

        // selected by the original HPA (name) and by test-hpa-2 (cheddar)
        PodLabels = new Dictionary<string, string> { ["name"] = PodNamePrefix, ["cheddar"] = "cheese" },
        ExpectedReportedReconciliationActionLabel = ActionLabel.None,
        ExpectedReportedReconciliationErrorLabel = ErrorLabel.Internal,
    }.Run();

    [Theory]
    [InlineData("FailedGetResourceMetric")]
    [InlineData("FailedGetPodsMetric")]
    [InlineData("FailedGetObjectMetric")]
    [InlineData("FailedGetExternalMetric")]
    public void TestConditionFailedGetMetrics(string reason)
    {
        MetricSpec[] specs = reason switch
        {
            "FailedGetResourceMetric" => [],
            "FailedGetPodsMetric" => [PodsQps(15000)],
            "FailedGetObjectMetric" => [ObjectQps(Value(15000))],
            _ => [ExternalQps(Value(300))],
        };
        var metricType = specs.Length > 0 ? specs[0].Type : Resource;
        var evaluation = new HpaTestCase
        {
            MinReplicas = 1,
            MaxReplicas = 100,
            SpecReplicas = 3,
            StatusReplicas = 3,
            ExpectedDesiredReplicas = 3,
            CpuTarget = specs.Length > 0 ? 0 : 10,
            MetricsTarget = specs,
            ReportedLevels = [100, 200, 300],
            ReportedCpuRequests = ThreeTenthCores,
            ResourceMetricsError = "something went wrong",
            CustomMetricsError = "something went wrong",
            ExternalMetricsError = "something went wrong",
            ExpectedConditions =
            [
                Condition(HpaConditionType.AbleToScale, ConditionStatus.True, "SucceededGetScale"),
                Condition(HpaConditionType.ScalingActive, ConditionStatus.False, reason),
            ],
            ExpectedReportedReconciliationActionLabel = ActionLabel.None,
            ExpectedReportedReconciliationErrorLabel = ErrorLabel.Internal,
            ExpectedReportedMetricComputationActionLabels = MetricLabels(metricType, ActionLabel.None),
            ExpectedReportedMetricComputationErrorLabels = MetricLabels(metricType, ErrorLabel.Internal),
        }.Run();

        Assert.StartsWith("the HPA was unable to compute the replica count: ", evaluation.Conditions[1].Message);
        Assert.EndsWith("something went wrong", evaluation.Conditions[1].Message);
        Assert.StartsWith("invalid metrics (1 invalid out of 1), first error is: failed to get ", evaluation.Error);
    }

    [Fact]
    public void TestConditionInvalidSourceType() => new HpaTestCase
    {
        MinReplicas = 2,
        MaxReplicas = 6,
        SpecReplicas = 3,
        StatusReplicas = 3,
        ExpectedDesiredReplicas = 3,
        MetricsTarget = [new MetricSpec(HorizontalControllerScaleUpTests.CheddarCheese)],
        ReportedLevels = [20000],
        ExpectedConditions =
        [
            Condition(HpaConditionType.AbleToScale, ConditionStatus.True, "SucceededGetScale"),
            Condition(HpaConditionType.ScalingActive, ConditionStatus.False, "InvalidMetricSourceType"),
        ],
        ExpectedReportedReconciliationActionLabel = ActionLabel.None,
        ExpectedReportedReconciliationErrorLabel = ErrorLabel.Internal,
        ExpectedReportedMetricComputationActionLabels = MetricLabels(HorizontalControllerScaleUpTests.CheddarCheese, ActionLabel.None),
        ExpectedReportedMetricComputationErrorLabels = MetricLabels(HorizontalControllerScaleUpTests.CheddarCheese, ErrorLabel.Spec),
    }.Run();

    [Fact]
    public void TestNoBackoffUpscaleCM() => new HpaTestCase
    {
        MinReplicas = 1,
        MaxReplicas = 5,
        SpecReplicas = 3,
        StatusReplicas = 3,
        ExpectedDesiredReplicas = 4,
        MetricsTarget = [PodsQps(15000)],
        ReportedLevels = [20000, 10000, 30000],
        ReportedCpuRequests = [1000, 1000, 1000],
        ExpectedConditions = StatusOkWithOverrides(
            Condition(HpaConditionType.AbleToScale, ConditionStatus.True, "ReadyForNewScale"),
            Condition(HpaConditionType.AbleToScale, ConditionStatus.True, "SucceededRescale"),
            Condition(HpaConditionType.ScalingLimited, ConditionStatus.False, "DesiredWithinRange")),
        ExpectedReportedReconciliationActionLabel = ActionLabel.ScaleUp,
        ExpectedReportedReconciliationErrorLabel = ErrorLabel.None,
        ExpectedReportedMetricComputationActionLabels = MetricLabels(Pods, ActionLabel.ScaleUp),
        ExpectedReportedMetricComputationErrorLabels = MetricLabels(Pods, ErrorLabel.None),
    }.Run();

    [Fact]
    public void TestNoBackoffUpscaleCMNoBackoffCpu()
    {
        var evaluation = new HpaTestCase
        {
            MinReplicas = 1,
            MaxReplicas = 5,
            SpecReplicas = 3,
            StatusReplicas = 3,
            ExpectedDesiredReplicas = 5,
            CpuTarget = 10,
            MetricsTarget = [PodsQps(15000)],
            ReportedLevels = [20000, 10000, 30000],
            ReportedCpuRequests = [1000, 1000, 1000],
            ExpectedConditions = StatusOkWithOverrides(
                Condition(HpaConditionType.AbleToScale, ConditionStatus.True, "ReadyForNewScale"),
                Condition(HpaConditionType.AbleToScale, ConditionStatus.True, "SucceededRescale"),
                Condition(HpaConditionType.ScalingLimited, ConditionStatus.True, "TooManyReplicas")),
            ExpectedReportedReconciliationActionLabel = ActionLabel.ScaleUp,
            ExpectedReportedReconciliationErrorLabel = ErrorLabel.None,
            ExpectedReportedMetricComputationActionLabels = MetricLabels(Resource, ActionLabel.ScaleUp, Pods, ActionLabel.ScaleUp),
            ExpectedReportedMetricComputationErrorLabels = MetricLabels(Resource, ErrorLabel.None, Pods, ErrorLabel.None),
        }.Run();

        // The highest proposal decides: CPU at 2000% of a 10% target asks for far more than qps.
        Assert.Equal("cpu resource utilization (percentage of request)", evaluation.Metric);
        Assert.Equal(2, evaluation.CurrentMetrics.Count);
    }

    /// <summary>
    /// Upstream checks that the controller writes nothing when nothing changed. The Core does not write; the same
    /// guarantee is that a sync whose outcome matches the previous status returns that status unchanged, last
    /// transition times and messages included, so the caller's comparison finds nothing to update.
    /// </summary>
    [Fact]
    public void TestAvoidUnnecessaryUpdates()
    {
        var lastScaleTime = Now.AddHours(-1);
        IReadOnlyList<HpaCondition> previous =
        [
            new(HpaConditionType.AbleToScale, ConditionStatus.True, "ReadyForNewScale", "recommended size matches current size", lastScaleTime),
            new(
                HpaConditionType.ScalingActive,
                ConditionStatus.True,
                "ValidMetricFound",
                "the HPA was able to successfully calculate a replica count from cpu resource utilization (percentage of request)",
                lastScaleTime),
            new(
                HpaConditionType.ScalingLimited,
                ConditionStatus.True,
                "TooFewReplicas",
                "the desired replica count is less than the minimum replica count",
                lastScaleTime),
        ];
        var evaluation = new HpaTestCase
        {
            MinReplicas = 2,
            MaxReplicas = 6,
            SpecReplicas = 2,
            StatusReplicas = 2,
            ExpectedDesiredReplicas = 2,

            // Upstream's HPA object targets 80% (its comment: the test relies on downscale stabilization).
            MetricsTarget =
            [
                new MetricSpec(Resource, Resource: new ResourceMetricSource("cpu", new MetricTarget(MetricTargetType.Utilization, AverageUtilization: 80))),
            ],
            CpuCurrent = 40,
            VerifyCpuCurrent = true,
            ReportedLevels = [400, 500, 700],
            ReportedCpuRequests = [1000, 1000, 1000],
            ReportedPodStartTime = [CoolCpuCreationTime(), HotCpuCreationTime(), HotCpuCreationTime()],
            Recommendations = [],
            PreviousConditions = previous,
            ExpectedConditions = [.. previous.Select(c => Condition(c.Type, c.Status, c.Reason))],
            ExpectedReportedReconciliationActionLabel = ActionLabel.None,
            ExpectedReportedReconciliationErrorLabel = ErrorLabel.None,
            ExpectedReportedMetricComputationActionLabels = MetricLabels(Resource, ActionLabel.ScaleDown),
            ExpectedReportedMetricComputationErrorLabels = MetricLabels(Resource, ErrorLabel.None),
        }.Run();

        Assert.Equal(previous, evaluation.Conditions);
        Assert.Equal(
            [new MetricStatusValue(Resource, "cpu", new MetricValueStatus(AverageValueMilli: 400, AverageUtilization: 40))],
            evaluation.CurrentMetrics);
    }

    /// <summary>
    /// Upstream runs 1000 HPAs of one namespace through the controller's workers and checks that each is processed.
    /// Here each is evaluated with the others' selectors registered: none is ambiguous, and each, at 50% CPU of a
    /// 10% target with recent scale events, scales its single pod to 5.
    /// </summary>
    [Fact]
    public void TestMultipleHPAs()
    {
        const int hpaCount = 1000;
        const string testNamespace = "dummy-namespace";
        var controller = new HorizontalController(new HpaControllerOptions
        {
            CpuInitializationPeriod = TimeSpan.FromMinutes(2),
            DelayOfInitialReadinessStatus = TimeSpan.FromSeconds(10),
        });
        var selectors = Enumerable.Range(0, hpaCount)
            .Select(i => new RegisteredHpaSelector($"{testNamespace}/dummy-hpa-{i}", LabelSelector.Parse($"name=dummy-target-{i}")))
            .ToList();
        var pods = Enumerable.Range(0, hpaCount)
            .Select(i => new PodInfo(
                $"dummy-target-{i}-0",
                PodPhase.Running,
                new PodReadyCondition(ConditionStatus.True, ZeroTime),
                Now.AddMinutes(-10),
                [
                    new ContainerInfo("container1", new Dictionary<string, long> { ["cpu"] = 500 }),
                    new ContainerInfo("container2", new Dictionary<string, long> { ["cpu"] = 500 }),
                ],
                Labels: new Dictionary<string, string> { ["name"] = $"dummy-target-{i}" }))
            .ToList();
        var spec = new HpaSpec(
            1,
            10,
            [new MetricSpec(Resource, Resource: new ResourceMetricSource("cpu", new MetricTarget(MetricTargetType.Utilization, AverageUtilization: 10)))],
            new HpaBehavior(GenerateScalingRules(100, 60, 0, 0, 0), GenerateScalingRules(2, 60, 1, 60, 300)));
        var history = new HpaHistory(
            [], GenerateEventsUniformDistribution([8, 12, 9, 11], 120), GenerateEventsUniformDistribution([10, 10, 10], 120));

        for (var i = 0; i < hpaCount; i++)
        {
            var metrics = new MetricsSnapshot().AddPodUsage(
                $"dummy-target-{i}-0",
                Now,
                TimeSpan.FromMinutes(1),
                [
                    new ContainerUsage("container1", new Dictionary<string, long> { ["cpu"] = 200 }),
                    new ContainerUsage("container2", new Dictionary<string, long> { ["cpu"] = 300 }),
                ]);
            var registry = new HpaSelectorRegistry(selectors[i].HpaKey, [.. selectors.Where((_, j) => j != i)]);

            var evaluation = controller.Evaluate(
                spec, new ScaleInfo(1, 1, $"name=dummy-target-{i}"), pods, metrics, history, [], Now, registry);

            Assert.Null(evaluation.Error);
            Assert.Equal((5, true), (evaluation.DesiredReplicas, evaluation.Rescale));
        }
    }

    private static HpaSelectorRegistry Registry(params RegisteredHpaSelector[] others) => new($"{TestNamespace}/test-hpa", others);
}
