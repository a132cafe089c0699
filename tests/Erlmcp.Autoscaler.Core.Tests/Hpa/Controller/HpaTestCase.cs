using Erlmcp.Autoscaler.Core.Hpa;
using Erlmcp.Autoscaler.Core.Labels;

namespace Erlmcp.Autoscaler.Core.Tests.Hpa.Controller;

/// <summary>What upstream's mock monitor records for a reconciliation or a metric computation.</summary>
public enum ActionLabel
{
    None,
    ScaleUp,
    ScaleDown,
}

public enum ErrorLabel
{
    None,
    Internal,
    Spec,
}

/// <summary>A condition as upstream's tests compare them: type, status and reason (message and time cleared).</summary>
public sealed record ExpectedCondition(string Type, ConditionStatus Status, string Reason);

/// <summary>
/// Upstream's horizontal_test.go <c>testCase</c>: one HPA on a ReplicationController whose pods are named
/// <c>test-pod-N</c> and labelled <c>name=test-pod</c>, each with two containers that split the pod's CPU request and
/// usage in halves; <see cref="Run"/> is upstream's runTest with its verifyResults and verifyRecordedMetric, on
/// <see cref="HorizontalController.Evaluate"/> over a <see cref="MetricsSnapshot"/> instead of fake API clients.
/// </summary>
public sealed record HpaTestCase
{
    public const string PodNamePrefix = "test-pod";
    public const string ScaleSelector = "name=test-pod";

    /// <summary>The time of the sync (upstream's time.Now()).</summary>
    public static readonly DateTimeOffset Now = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    /// <summary>Upstream's zero metav1.Time, the start time of pods whose start time the case leaves out.</summary>
    public static readonly DateTimeOffset ZeroTime = DateTimeOffset.MinValue;

    private static readonly MetricSourceType ResourceType = MetricSourceType.Resource;

    public int MinReplicas { get; init; }

    public int MaxReplicas { get; init; }

    public int SpecReplicas { get; init; }

    public int StatusReplicas { get; init; }

    public int ExpectedDesiredReplicas { get; init; }

    public HpaScalingRules? ScaleUpRules { get; init; }

    public HpaScalingRules? ScaleDownRules { get; init; }

    /// <summary>CPU target utilization as a percentage of the requested resources (0: no CPU metric).</summary>
    public int CpuTarget { get; init; }

    /// <summary>The expected current utilization; computed from the reported levels and requests when 0.</summary>
    public int CpuCurrent { get; init; }

    public bool VerifyCpuCurrent { get; init; }

    /// <summary>Per pod: CPU usage (milli-cores), qps value (milli), object and external metric values (milli).</summary>
    public long[] ReportedLevels { get; init; } = [];

    /// <summary>Per pod CPU requests in milli-cores; null creates <see cref="StatusReplicas"/> pods requesting 1 core.</summary>
    public long[]? ReportedCpuRequests { get; init; }

    public ConditionStatus[]? ReportedPodReadiness { get; init; }

    public DateTimeOffset[]? ReportedPodStartTime { get; init; }

    public PodPhase[]? ReportedPodPhase { get; init; }

    public bool[]? ReportedPodDeletionTimestamp { get; init; }

    /// <summary>Labels of every pod (upstream's pod list reactor, overridden by some cases).</summary>
    public IReadOnlyDictionary<string, string> PodLabels { get; init; } = new Dictionary<string, string> { ["name"] = PodNamePrefix };

    public MetricSpec[] MetricsTarget { get; init; } = [];

    /// <summary>null: upstream's statusOk (SucceededRescale, ValidMetricFound, DesiredWithinRange).</summary>
    public IReadOnlyList<ExpectedCondition>? ExpectedConditions { get; init; }

    /// <summary>The controller's recommendations for this HPA; null is upstream's nil (first sync).</summary>
    public TimestampedRecommendation[]? Recommendations { get; init; }

    public TimestampedScaleEvent[] ScaleUpEvents { get; init; } = [];

    public TimestampedScaleEvent[] ScaleDownEvents { get; init; } = [];

    /// <summary>The HPA's scaleTargetRef (upstream's fakeResource; the Core does not read it).</summary>
    public CrossVersionObjectReference ScaleTargetRef { get; init; } = new("ReplicationController", "test-rc", "v1");

    /// <summary>The scale's status.selector; upstream's default is name=test-pod.</summary>
    public string Selector { get; init; } = ScaleSelector;

    public HpaSelectorRegistry? HpaSelectors { get; init; }

    /// <summary>Errors the metrics APIs answer with (upstream's prepended reactors).</summary>
    public string? ResourceMetricsError { get; init; }

    public string? CustomMetricsError { get; init; }

    public string? ExternalMetricsError { get; init; }

    public IReadOnlyList<HpaCondition> PreviousConditions { get; init; } = [];

    /// <summary>Upstream's defaultTestingTolerance, defaultTestingCPUInitializationPeriod, ...InitialReadinessStatus.</summary>
    public HpaControllerOptions Options { get; init; } = new()
    {
        Tolerance = 0.1,
        CpuInitializationPeriod = TimeSpan.FromMinutes(2),
        DelayOfInitialReadinessStatus = TimeSpan.FromSeconds(10),
        DownscaleStabilisationWindow = TimeSpan.FromMinutes(5),
    };

    public ActionLabel ExpectedReportedReconciliationActionLabel { get; init; }

    public ErrorLabel ExpectedReportedReconciliationErrorLabel { get; init; }

    public IReadOnlyDictionary<MetricSourceType, ActionLabel> ExpectedReportedMetricComputationActionLabels { get; init; } =
        new Dictionary<MetricSourceType, ActionLabel>();

    public IReadOnlyDictionary<MetricSourceType, ErrorLabel> ExpectedReportedMetricComputationErrorLabels { get; init; } =
        new Dictionary<MetricSourceType, ErrorLabel>();

    public static DateTimeOffset HotCpuCreationTime() => Now;

    public static DateTimeOffset CoolCpuCreationTime() => Now.AddMinutes(-3);

    public static ExpectedCondition Condition(string type, ConditionStatus status, string reason) => new(type, status, reason);

    /// <summary>Upstream's statusOk with the overrides set on it as setConditionInList would.</summary>
    public static IReadOnlyList<ExpectedCondition> StatusOkWithOverrides(params ExpectedCondition[] overrides)
    {
        var result = new List<ExpectedCondition>
        {
            new(HpaConditionType.AbleToScale, ConditionStatus.True, "SucceededRescale"),
            new(HpaConditionType.ScalingActive, ConditionStatus.True, "ValidMetricFound"),
            new(HpaConditionType.ScalingLimited, ConditionStatus.False, "DesiredWithinRange"),
        };
        foreach (var condition in overrides)
        {
            var index = result.FindIndex(c => c.Type == condition.Type);
            if (index < 0)
            {
                result.Add(condition);
            }
            else
            {
                result[index] = condition;
            }
        }

        return result;
    }

    /// <summary>Upstream's generateScalingRules: Max policy selection, policies only for non-zero values.</summary>
    public static HpaScalingRules GenerateScalingRules(int pods, int podsPeriod, int percent, int percentPeriod, int stabilizationWindow)
    {
        var policies = new List<HpaScalingPolicy>();
        if (pods != 0)
        {
            policies.Add(new HpaScalingPolicy(ScalingPolicyType.Pods, pods, podsPeriod));
        }

        if (percent != 0)
        {
            policies.Add(new HpaScalingPolicy(ScalingPolicyType.Percent, percent, percentPeriod));
        }

        return new HpaScalingRules(stabilizationWindow, ScalingPolicySelect.Max, policies);
    }

    /// <summary>Upstream's generateEventsUniformDistribution: events at the centers of equal segments of the last period.</summary>
    public static TimestampedScaleEvent[] GenerateEventsUniformDistribution(int[] rawEvents, int periodSeconds)
    {
        var segment = (double)periodSeconds / rawEvents.Length;
        return
        [
            .. rawEvents.Select((change, index) =>
            {
                // Go converts the float to a Duration (nanoseconds) before multiplying by a second.
                var seconds = (long)(periodSeconds - (segment * (index + 1)) + (segment / 2));
                return new TimestampedScaleEvent(change, Now.AddSeconds(-seconds), false);
            }),
        ];
    }

    public HpaSpec Spec()
    {
        var metrics = new List<MetricSpec>();
        if (CpuTarget > 0)
        {
            metrics.Add(new MetricSpec(
                ResourceType,
                Resource: new ResourceMetricSource("cpu", new MetricTarget(MetricTargetType.Utilization, AverageUtilization: CpuTarget))));
        }

        metrics.AddRange(MetricsTarget);
        if (metrics.Count == 0)
        {
            // Upstream's test harness "manually adds in the defaulting logic": a CPU metric without a target.
            metrics.Add(new MetricSpec(ResourceType, Resource: new ResourceMetricSource("cpu", new MetricTarget(MetricTargetType.Utilization))));
        }

        var behavior = ScaleUpRules is null && ScaleDownRules is null ? null : new HpaBehavior(ScaleUpRules, ScaleDownRules);
        return new HpaSpec(MinReplicas, MaxReplicas, metrics, behavior, ScaleTargetRef);
    }

    public IReadOnlyList<PodInfo> Pods()
    {
        var count = ReportedCpuRequests?.Length ?? StatusReplicas;
        var pods = new List<PodInfo>(count);
        for (var i = 0; i < count; i++)
        {
            var readiness = ReportedPodReadiness?[i] ?? ConditionStatus.True;
            var start = ReportedPodStartTime?[i] ?? ZeroTime;
            var phase = ReportedPodPhase?[i] ?? PodPhase.Running;
            var deleted = ReportedPodDeletionTimestamp?[i] ?? false;
            var request = ReportedCpuRequests?[i] ?? 1000;
            var halfRequest = new Dictionary<string, long> { ["cpu"] = request / 2 };
            pods.Add(new PodInfo(
                $"{PodNamePrefix}-{i}",
                phase,
                new PodReadyCondition(readiness, start),
                start,
                [new ContainerInfo("container1", halfRequest), new ContainerInfo("container2", halfRequest)],
                deleted ? Now : null,
                Labels: PodLabels));
        }

        return pods;
    }

    public MetricsSnapshot Metrics()
    {
        var snapshot = new MetricsSnapshot();
        for (var i = 0; i < ReportedLevels.Length; i++)
        {
            var pod = $"{PodNamePrefix}-{i}";
            var level = ReportedLevels[i];
            var usage = new Dictionary<string, long> { ["cpu"] = level / 2, ["memory"] = 1024 * 1024 / 2 * 1000L };
            snapshot.AddPodUsage(pod, Now, TimeSpan.FromMinutes(1), [new ContainerUsage("container1", usage), new ContainerUsage("container2", usage)]);
            snapshot.AddPodMetric("qps", pod, level, Now);
            snapshot.AddExternalSeries("qps", level, Now);
        }

        foreach (var target in MetricsTarget)
        {
            if (target.Object is { } source && ReportedLevels.Length > 0)
            {
                snapshot.SetObjectMetric(source.Metric.Name, source.DescribedObject, ReportedLevels[0], Now, source.Metric.Selector?.MatchLabels);
            }
        }

        if (ResourceMetricsError is { } resourceError)
        {
            snapshot.FailResourceMetric("cpu", resourceError);
        }

        if (CustomMetricsError is { } customError)
        {
            snapshot.FailPodsMetric("qps", customError);
            snapshot.FailObjectMetric("qps", customError);
        }

        if (ExternalMetricsError is { } externalError)
        {
            snapshot.FailExternalMetric("qps", externalError);
        }

        return snapshot;
    }

    public HpaHistory? History() => Recommendations is null && ScaleUpEvents.Length == 0 && ScaleDownEvents.Length == 0
        ? null
        : new HpaHistory(Recommendations ?? [], ScaleUpEvents, ScaleDownEvents);

    /// <summary>
    /// Evaluates the case without checking it, on <paramref name="spec"/> instead of <see cref="Spec()"/> and
    /// <paramref name="metrics"/> instead of <see cref="Metrics()"/> when given.
    /// </summary>
    public HpaEvaluation Evaluate(HpaSpec? spec = null, IMetricsClient? metrics = null) => new HorizontalController(Options).Evaluate(
        spec ?? Spec(),
        new ScaleInfo(SpecReplicas, StatusReplicas, Selector),
        Pods(),
        metrics ?? Metrics(),
        History(),
        PreviousConditions,
        Now,
        HpaSelectors);

    /// <summary>Upstream's runTest: evaluates the case and checks its outcome. Returns the evaluation for further checks.</summary>
    public HpaEvaluation Run()
    {
        var evaluation = Evaluate();

        Assert.Equal(ExpectedDesiredReplicas, evaluation.DesiredReplicas);
        Assert.Equal(SpecReplicas != ExpectedDesiredReplicas, evaluation.Rescale);
        var actualConditions = evaluation.Conditions.Select(c => new ExpectedCondition(c.Type, c.Status, c.Reason)).ToList();
        Assert.Equal(ExpectedConditions ?? StatusOkWithOverrides(), actualConditions);
        if (VerifyCpuCurrent)
        {
            var cpu = evaluation.CurrentMetrics.FirstOrDefault(m => m.Type == ResourceType && m.Name == "cpu");
            Assert.NotNull(cpu);
            Assert.Equal(CpuCurrent != 0 ? CpuCurrent : ComputeCpuCurrent(), cpu.Current.AverageUtilization);
        }

        VerifyRecordedMetric(evaluation);
        return evaluation;
    }

    // Upstream's computeCPUCurrent.
    private int ComputeCpuCurrent()
    {
        var requests = ReportedCpuRequests ?? [];
        return checked((int)(100 * ReportedLevels.Sum() / requests.Sum()));
    }

    // Upstream's verifyRecordedMetric over the mock monitor: the labels of the reconciliation and of the first
    // computation of each metric type.
    private void VerifyRecordedMetric(HpaEvaluation evaluation)
    {
        var reconciliationAction = !evaluation.Rescale ? ActionLabel.None
            : evaluation.DesiredReplicas > evaluation.CurrentReplicas ? ActionLabel.ScaleUp
            : ActionLabel.ScaleDown;
        Assert.Equal(ExpectedReportedReconciliationActionLabel, reconciliationAction);
        Assert.Equal(ExpectedReportedReconciliationErrorLabel, evaluation.Error is null ? ErrorLabel.None : ErrorLabel.Internal);

        var actions = new Dictionary<MetricSourceType, ActionLabel>();
        var errors = new Dictionary<MetricSourceType, ErrorLabel>();
        foreach (var proposal in evaluation.Proposals)
        {
            actions.TryAdd(proposal.Type, MetricAction(proposal, evaluation.CurrentReplicas));
            errors.TryAdd(proposal.Type, proposal.Failure switch
            {
                null => ErrorLabel.None,
                { IsSpecError: true } => ErrorLabel.Spec,
                _ => ErrorLabel.Internal,
            });
        }

        Assert.Equal(ExpectedReportedMetricComputationActionLabels.OrderBy(p => p.Key), actions.OrderBy(p => p.Key));
        Assert.Equal(ExpectedReportedMetricComputationErrorLabels.OrderBy(p => p.Key), errors.OrderBy(p => p.Key));
    }

    private static ActionLabel MetricAction(MetricProposal proposal, int currentReplicas) =>
        !proposal.Succeeded ? ActionLabel.None
        : proposal.Replicas > currentReplicas ? ActionLabel.ScaleUp
        : proposal.Replicas < currentReplicas ? ActionLabel.ScaleDown
        : ActionLabel.None;

    /// <summary>Shorthand for a metric-labels map with one entry.</summary>
    public static Dictionary<MetricSourceType, T> MetricLabels<T>(MetricSourceType type, T label) => new() { [type] = label };

    public static Dictionary<MetricSourceType, T> MetricLabels<T>(MetricSourceType type1, T label1, MetricSourceType type2, T label2) =>
        new() { [type1] = label1, [type2] = label2 };

    /// <summary>A selector-less pods/qps or object/qps style helper: a Pods metric named qps with an average value target.</summary>
    public static MetricSpec PodsQps(long averageValueMilli) => new(
        MetricSourceType.Pods,
        Pods: new PodsMetricSource(new MetricIdentifier("qps"), new MetricTarget(MetricTargetType.AverageValue, AverageValueMilli: averageValueMilli)));

    public static MetricSpec ObjectQps(MetricTarget target, LabelSelectorSpec? selector = null) => new(
        MetricSourceType.Object,
        Object: new ObjectMetricSource(
            new CrossVersionObjectReference("Deployment", "some-deployment", "apps/v1"), new MetricIdentifier("qps", selector), target));

    public static MetricSpec ExternalQps(MetricTarget target) => new(
        MetricSourceType.External,
        External: new ExternalMetricSource(new MetricIdentifier("qps", LabelSelectorSpec.Empty), target));

    public static MetricSpec ContainerCpu(string container, int averageUtilization) => new(
        MetricSourceType.ContainerResource,
        ContainerResource: new ContainerResourceMetricSource(
            "cpu", container, new MetricTarget(MetricTargetType.Utilization, AverageUtilization: averageUtilization)));

    public static MetricTarget Value(long milli) => new(MetricTargetType.Value, ValueMilli: milli);

    public static MetricTarget AverageValue(long milli) => new(MetricTargetType.AverageValue, AverageValueMilli: milli);
}
