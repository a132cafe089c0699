using System.Globalization;

namespace Erlmcp.Autoscaler.Core.Hpa;

/// <summary>
/// The decision half of upstream's HPA controller (pkg/controller/podautoscaler/horizontal.go, Kubernetes 1.33+):
/// one call of <see cref="Evaluate"/> is one reconcileAutoscaler of one HPA whose scale subresource was read. Reading
/// the scale, writing it and writing the status are the caller's; the history between syncs is passed in and out.
/// </summary>
public sealed class HorizontalController
{
    // autoscaling/v2 defaulting: an HPA without metrics targets 80% CPU utilization.
    private static readonly MetricSpec DefaultMetric = new(
        MetricSourceType.Resource,
        Resource: new ResourceMetricSource("cpu", new MetricTarget(MetricTargetType.Utilization, AverageUtilization: 80)));

    private readonly HpaControllerOptions options;

    /// <exception cref="ArgumentOutOfRangeException">A setting of <paramref name="options"/> is out of range.</exception>
    public HorizontalController(HpaControllerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        this.options = options;
    }

    /// <summary>
    /// One sync of one HPA.
    /// </summary>
    /// <param name="spec">The HPA spec, as the API server stores it (minReplicas null means 1).</param>
    /// <param name="scale">The target's scale subresource.</param>
    /// <param name="namespacePods">The pods of the HPA's namespace; the ones the scale's selector selects are the
    /// target's pods, as upstream's pod lister returns them.</param>
    /// <param name="metrics">The metrics of this sync.</param>
    /// <param name="history">What the previous sync returned, or null for the first sync of this HPA since the
    /// controller started (upstream then records the current replica count as a recommendation, which holds a
    /// scale-down for the stabilization window). <see cref="HpaHistory.Empty"/> is a known, empty history.</param>
    /// <param name="previousConditions">status.conditions before this sync.</param>
    /// <param name="now">The time of this sync.</param>
    /// <param name="selectorRegistry">The selectors of the namespace's other HPAs, for the AmbiguousSelector check;
    /// null skips the check.</param>
    /// <exception cref="ArgumentException">The spec is invalid in a way the API server rejects: maxReplicas below 1 or
    /// below minReplicas, minReplicas negative, or a behavior tolerance negative or not finite.</exception>
    public HpaEvaluation Evaluate(
        HpaSpec spec,
        ScaleInfo scale,
        IReadOnlyList<PodInfo> namespacePods,
        IMetricsClient metrics,
        HpaHistory? history,
        IReadOnlyList<HpaCondition> previousConditions,
        DateTimeOffset now,
        HpaSelectorRegistry? selectorRegistry = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(scale);
        ArgumentNullException.ThrowIfNull(namespacePods);
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentNullException.ThrowIfNull(previousConditions);
        RequireValidSpec(spec);
        var minReplicas = spec.MinReplicas ?? 1;

        var currentReplicas = scale.SpecReplicas;
        history ??= ReplicaNormalizer.RecordInitialRecommendation(HpaHistory.Empty, currentReplicas, now);
        var sync = new Sync(currentReplicas, previousConditions, history, now);
        sync.SetCondition(
            HpaConditionType.AbleToScale,
            ConditionStatus.True,
            HpaConditionReason.SucceededGetScale,
            "the HPA controller was able to get the target's current scale");

        if (currentReplicas == 0 && minReplicas != 0)
        {
            sync.SetCondition(
                HpaConditionType.ScalingActive,
                ConditionStatus.False,
                HpaConditionReason.ScalingDisabled,
                "scaling is disabled since the replica count of the target is zero");
            return sync.Done(currentReplicas, rescale: false);
        }

        if (currentReplicas > spec.MaxReplicas)
        {
            sync.RescaleReason = "Current number of replicas above Spec.MaxReplicas";
            return Rescale(sync, spec, spec.MaxReplicas, now);
        }

        if (currentReplicas < minReplicas)
        {
            sync.RescaleReason = "Current number of replicas below Spec.MinReplicas";
            return Rescale(sync, spec, minReplicas, now);
        }

        var computed = ComputeReplicasForMetrics(sync, spec, scale, namespacePods, metrics, now, selectorRegistry);
        if (computed is null)
        {
            return sync.Done(currentReplicas, rescale: false);
        }

        sync.RescaleReason = computed.Value > currentReplicas ? $"{sync.Metric} above target"
            : computed.Value < currentReplicas ? "All metrics below target"
            : null;
        var normalization = Normalize(spec, sync.History, now, currentReplicas, computed.Value, minReplicas);
        sync.History = normalization.History;
        sync.Normalization = normalization.Trace;
        sync.SetCondition(normalization.AbleToScale);
        sync.SetCondition(normalization.ScalingLimited);
        var desired = normalization.DesiredReplicas;
        return desired != currentReplicas ? Rescale(sync, spec, desired, now) : sync.Done(currentReplicas, rescale: false);
    }

    // What the API server's validation rejects, and the Core could not make sense of.
    private static void RequireValidSpec(HpaSpec spec)
    {
        var minReplicas = spec.MinReplicas ?? 1;
        if (minReplicas < 0)
        {
            throw new ArgumentException($"spec.minReplicas must not be negative, got {minReplicas}", nameof(spec));
        }

        if (spec.MaxReplicas < 1 || spec.MaxReplicas < minReplicas)
        {
            throw new ArgumentException(
                $"spec.maxReplicas must be at least 1 and at least spec.minReplicas ({minReplicas}), got {spec.MaxReplicas}", nameof(spec));
        }

        foreach (var (tolerance, field) in new[]
        {
            (spec.Behavior?.ScaleUp?.Tolerance, "spec.behavior.scaleUp.tolerance"),
            (spec.Behavior?.ScaleDown?.Tolerance, "spec.behavior.scaleDown.tolerance"),
        })
        {
            if (tolerance is { } value && (!double.IsFinite(value) || value < 0))
            {
                throw new ArgumentException(
                    $"{field} must be a finite number >= 0, got {value.ToString(CultureInfo.InvariantCulture)}", nameof(spec));
            }
        }
    }

    private HpaEvaluation Rescale(Sync sync, HpaSpec spec, int desiredReplicas, DateTimeOffset now)
    {
        sync.SetCondition(
            HpaConditionType.AbleToScale,
            ConditionStatus.True,
            HpaConditionReason.SucceededRescale,
            string.Create(CultureInfo.InvariantCulture, $"the HPA controller was able to update the target scale to {desiredReplicas}"));

        // Upstream keeps scale events only for HPAs with a behavior: nothing else reads them.
        if (spec.Behavior is { } behavior)
        {
            sync.History = ReplicaNormalizer.StoreScaleEvent(
                sync.History,
                ScalingRulesDefaults.ScaleUp(behavior.ScaleUp),
                ScaleDownRules(behavior),
                sync.CurrentReplicas,
                desiredReplicas,
                now);
        }

        return sync.Done(desiredReplicas, rescale: true);
    }

    /// <summary>
    /// Upstream's computeReplicasForMetrics: the highest proposal of the metrics, or null when the HPA cannot scale on
    /// them (the selector is unusable, every metric failed, or some failed and the others would scale down).
    /// </summary>
    private int? ComputeReplicasForMetrics(
        Sync sync,
        HpaSpec spec,
        ScaleInfo scale,
        IReadOnlyList<PodInfo> namespacePods,
        IMetricsClient metrics,
        DateTimeOffset now,
        HpaSelectorRegistry? selectorRegistry)
    {
        var target = ScaleTargetPods.Select(scale.Selector, namespacePods, selectorRegistry, now);
        if (target.Failure is { } selectorFailure)
        {
            sync.SetCondition(selectorFailure);
            sync.Error = target.Error;
            return null;
        }

        var calculator = new ReplicaCalculator(
            metrics, target.Pods, options.CpuInitializationPeriod, options.DelayOfInitialReadinessStatus, now);
        var proposer = new MetricProposer(calculator, TolerancesFor(spec), scale.SpecReplicas, scale.StatusReplicas, now);
        var metricSpecs = spec.Metrics.Count > 0 ? spec.Metrics : [DefaultMetric];

        var replicas = 0;
        MetricFailure? firstFailure = null;
        var failures = 0;
        foreach (var metricSpec in metricSpecs)
        {
            var (proposal, status) = proposer.Propose(metricSpec);
            sync.Proposals.Add(proposal);
            if (proposal.Failure is { } failure)
            {
                firstFailure ??= failure;
                failures++;
                continue;
            }

            sync.CurrentMetrics.Add(status!);
            if (replicas == 0 || proposal.Replicas > replicas)
            {
                replicas = proposal.Replicas;
                sync.Metric = proposal.MetricName;
            }
        }

        if (firstFailure is not null)
        {
            sync.Error = string.Create(
                CultureInfo.InvariantCulture,
                $"invalid metrics ({failures} invalid out of {metricSpecs.Count}), first error is: {firstFailure.Error}");
        }

        // Scaling down on the metrics that still work could remove capacity the failed ones need.
        if (failures >= metricSpecs.Count || (firstFailure is not null && replicas < scale.SpecReplicas))
        {
            sync.SetCondition(firstFailure!.Condition);
            sync.Metric = null;
            return null;
        }

        sync.SetCondition(
            HpaConditionType.ScalingActive,
            ConditionStatus.True,
            HpaConditionReason.ValidMetricFound,
            $"the HPA was able to successfully calculate a replica count from {sync.Metric}");
        return replicas;
    }

    /// <summary>
    /// Upstream's tolerancesForHpa: the cluster tolerance in both directions, replaced by behavior.scaleUp.tolerance
    /// and behavior.scaleDown.tolerance when set and the HPAConfigurableTolerance gate is on.
    /// </summary>
    private Tolerances TolerancesFor(HpaSpec spec)
    {
        var scaleDown = options.Tolerance;
        var scaleUp = options.Tolerance;
        if (options.ConfigurableTolerance && spec.Behavior is { } behavior)
        {
            scaleDown = behavior.ScaleDown?.Tolerance ?? scaleDown;
            scaleUp = behavior.ScaleUp?.Tolerance ?? scaleUp;
        }

        return new Tolerances(scaleDown, scaleUp, options.ToleranceRule);
    }

    private Normalization Normalize(
        HpaSpec spec, HpaHistory history, DateTimeOffset now, int currentReplicas, int prenormalizedReplicas, int minReplicas)
    {
        if (spec.Behavior is not { } behavior)
        {
            return ReplicaNormalizer.NormalizeDesiredReplicas(
                history, now, currentReplicas, prenormalizedReplicas, minReplicas, spec.MaxReplicas, options.DownscaleStabilisationWindow);
        }

        return ReplicaNormalizer.NormalizeDesiredReplicasWithBehaviors(
            history,
            now,
            currentReplicas,
            prenormalizedReplicas,
            minReplicas,
            spec.MaxReplicas,
            ScalingRulesDefaults.ScaleUp(behavior.ScaleUp),
            ScaleDownRules(behavior));
    }

    // The API server leaves an omitted scale-down window unset; upstream's maybeInitScaleDownStabilizationWindow
    // fills it from --horizontal-pod-autoscaler-downscale-stabilization (whole seconds, truncated).
    private ResolvedScalingRules ScaleDownRules(HpaBehavior behavior) =>
        ScalingRulesDefaults.ScaleDown(behavior.ScaleDown, (int)options.DownscaleStabilisationWindow.TotalSeconds);

    /// <summary>The state of one sync as it goes: what <see cref="Evaluate"/> returns once done.</summary>
    private sealed class Sync(int currentReplicas, IReadOnlyList<HpaCondition> previousConditions, HpaHistory history, DateTimeOffset now)
    {
        private IReadOnlyList<HpaCondition> conditions = previousConditions;

        public int CurrentReplicas { get; } = currentReplicas;

        public HpaHistory History { get; set; } = history;

        public List<MetricProposal> Proposals { get; } = [];

        public List<MetricStatusValue> CurrentMetrics { get; } = [];

        public string? Metric { get; set; }

        public NormalizationTrace? Normalization { get; set; }

        public string? Error { get; set; }

        public string? RescaleReason { get; set; }

        public void SetCondition(string type, ConditionStatus status, string reason, string message) =>
            conditions = HpaConditionList.Set(conditions, type, status, reason, message, now);

        public void SetCondition(HpaCondition condition) => conditions = HpaConditionList.Set(conditions, condition, now);

        public HpaEvaluation Done(int desiredReplicas, bool rescale) => new(
            CurrentReplicas,
            desiredReplicas,
            rescale,
            rescale ? RescaleReason : null,
            Metric,
            CurrentMetrics,
            conditions,
            History,
            Proposals,
            Normalization,
            Error);
    }
}
