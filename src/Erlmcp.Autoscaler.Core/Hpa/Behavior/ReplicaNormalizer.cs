namespace Erlmcp.Autoscaler.Core.Hpa;

/// <summary>
/// The normalization half of upstream's HPA controller (pkg/controller/podautoscaler/horizontal.go): from the replica
/// calculator's recommendation to the replicas to scale to, by stabilization windows, rate limits and the spec's
/// bounds, with the history the controller keeps between reconciliations.
/// </summary>
public static class ReplicaNormalizer
{
    /// <summary>
    /// Without a behavior (upstream normalizeDesiredReplicas): the highest recommendation of the downscale
    /// stabilisation window, capped at max(2 × current, 4) and clamped to [minReplicas, maxReplicas].
    /// </summary>
    public static Normalization NormalizeDesiredReplicas(
        HpaHistory history,
        DateTimeOffset now,
        int currentReplicas,
        int prenormalizedDesiredReplicas,
        int minReplicas,
        int maxReplicas,
        TimeSpan downscaleStabilisationWindow)
    {
        ArgumentNullException.ThrowIfNull(history);
        ValidateReplicas(currentReplicas, prenormalizedDesiredReplicas, minReplicas, maxReplicas);

        var (stabilization, recommendations) = RecommendationStabilizer.StabilizeWithDownscaleWindow(
            history.Recommendations, now, prenormalizedDesiredReplicas, downscaleStabilisationWindow);
        var ableToScaleReason = stabilization.StabilizedReplicas != prenormalizedDesiredReplicas
            ? NormalizationReason.ScaleDownStabilized
            : NormalizationReason.ReadyForNewScale;

        var (clamp, rateLimit) = ScalingPolicyLimits.ConvertDesiredReplicasWithRules(
            currentReplicas, stabilization.StabilizedReplicas, minReplicas, maxReplicas);

        return Result(history with { Recommendations = recommendations }, now, currentReplicas, prenormalizedDesiredReplicas, stabilization, ableToScaleReason, rateLimit, clamp);
    }

    /// <summary>
    /// With a behavior (upstream normalizeDesiredReplicasWithBehaviors): stabilize between the lowest recommendation
    /// of the scale-up window and the highest of the scale-down window, limit the change by the direction's policies
    /// over the scale events of both directions, and clamp to the spec's bound in that direction.
    /// </summary>
    public static Normalization NormalizeDesiredReplicasWithBehaviors(
        HpaHistory history,
        DateTimeOffset now,
        int currentReplicas,
        int prenormalizedDesiredReplicas,
        int minReplicas,
        int maxReplicas,
        ResolvedScalingRules scaleUp,
        ResolvedScalingRules scaleDown)
    {
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(scaleUp);
        ArgumentNullException.ThrowIfNull(scaleDown);
        ValidateReplicas(currentReplicas, prenormalizedDesiredReplicas, minReplicas, maxReplicas);

        var (stabilization, recommendations) = RecommendationStabilizer.StabilizeWithBehaviors(
            history.Recommendations,
            now,
            currentReplicas,
            prenormalizedDesiredReplicas,
            scaleUp.StabilizationWindowSeconds,
            scaleDown.StabilizationWindowSeconds);
        // Upstream names the stabilization by the direction of the recommendation, not by the window that held it.
        var ableToScaleReason = stabilization.StabilizedReplicas == prenormalizedDesiredReplicas ? NormalizationReason.ReadyForNewScale
            : prenormalizedDesiredReplicas >= currentReplicas ? NormalizationReason.ScaleUpStabilized
            : NormalizationReason.ScaleDownStabilized;

        var (clamp, rateLimit) = ScalingPolicyLimits.ConvertDesiredReplicasWithBehaviorRate(
            now, currentReplicas, stabilization.StabilizedReplicas, minReplicas, maxReplicas, history, scaleUp, scaleDown);

        return Result(history with { Recommendations = recommendations }, now, currentReplicas, prenormalizedDesiredReplicas, stabilization, ableToScaleReason, rateLimit, clamp);
    }

    /// <summary>
    /// Upstream recordInitialRecommendation: an autoscaler seen for the first time remembers its current replicas as
    /// a recommendation, so a first scale-down is stabilized against the size it started at.
    /// </summary>
    public static HpaHistory RecordInitialRecommendation(HpaHistory history, int currentReplicas, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(history);
        return history.Recommendations.Count == 0
            ? history with { Recommendations = [new TimestampedRecommendation(currentReplicas, now)] }
            : history;
    }

    /// <summary>
    /// Upstream storeScaleEvent, called after a successful rescale: remembers the change in its direction's events,
    /// in the slot of the last outdated event or appended. Without a behavior (both rules null) nothing is stored,
    /// since nothing reads the events.
    /// </summary>
    public static HpaHistory StoreScaleEvent(
        HpaHistory history,
        ResolvedScalingRules? scaleUp,
        ResolvedScalingRules? scaleDown,
        int previousReplicas,
        int newReplicas,
        DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(history);
        if (scaleUp is null && scaleDown is null)
        {
            return history;
        }
        if (newReplicas > previousReplicas)
        {
            var rules = scaleUp ?? throw new ArgumentNullException(
                nameof(scaleUp), $"storing a scale-up from {previousReplicas} to {newReplicas} replicas needs the scale-up rules");
            return history with { ScaleUpEvents = AddScaleEvent(history.ScaleUpEvents, rules, newReplicas - previousReplicas, now) };
        }
        var downRules = scaleDown ?? throw new ArgumentNullException(
            nameof(scaleDown), $"storing a scale-down from {previousReplicas} to {newReplicas} replicas needs the scale-down rules");
        return history with { ScaleDownEvents = AddScaleEvent(history.ScaleDownEvents, downRules, previousReplicas - newReplicas, now) };
    }

    /// <summary>
    /// Upstream markScaleEventsOutdated: flags the events older than the longest policy period of their direction.
    /// The flag only frees the slot; an outdated event still counts in any policy period that reaches it.
    /// </summary>
    public static IReadOnlyList<TimestampedScaleEvent> MarkScaleEventsOutdated(
        IReadOnlyList<TimestampedScaleEvent> scaleEvents, int longestPolicyPeriodSeconds, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(scaleEvents);
        return MarkOutdated(scaleEvents, OutdatedCutoff(longestPolicyPeriodSeconds, now), scaleEvents.Count);
    }

    private static TimestampedScaleEvent[] AddScaleEvent(
        IReadOnlyList<TimestampedScaleEvent> scaleEvents, ResolvedScalingRules rules, int replicaChange, DateTimeOffset now)
    {
        var cutoff = OutdatedCutoff(rules.LongestPolicyPeriodSeconds, now);
        int lastOutdated = -1;
        for (int i = 0; i < scaleEvents.Count; i++)
        {
            // The flag sticks: an event outdated under a shorter longest period stays free to reuse.
            if (scaleEvents[i].Outdated || scaleEvents[i].Timestamp < cutoff)
            {
                lastOutdated = i;
            }
        }
        bool reuse = lastOutdated >= 0;
        var stored = MarkOutdated(scaleEvents, cutoff, reuse ? scaleEvents.Count : scaleEvents.Count + 1);
        stored[reuse ? lastOutdated : scaleEvents.Count] = new TimestampedScaleEvent(replicaChange, now, Outdated: false);
        return stored;
    }

    private static DateTimeOffset OutdatedCutoff(int longestPolicyPeriodSeconds, DateTimeOffset now) =>
        now - TimeSpan.FromSeconds(longestPolicyPeriodSeconds);

    private static TimestampedScaleEvent[] MarkOutdated(IReadOnlyList<TimestampedScaleEvent> scaleEvents, DateTimeOffset cutoff, int length)
    {
        var marked = new TimestampedScaleEvent[length];
        for (int i = 0; i < scaleEvents.Count; i++)
        {
            var scaleEvent = scaleEvents[i];
            marked[i] = scaleEvent.Timestamp < cutoff ? scaleEvent with { Outdated = true } : scaleEvent;
        }
        return marked;
    }

    private static Normalization Result(
        HpaHistory history,
        DateTimeOffset now,
        int currentReplicas,
        int prenormalizedDesiredReplicas,
        StabilizationStep stabilization,
        string ableToScaleReason,
        RateLimitStep? rateLimit,
        ClampStep clamp)
    {
        var ableToScale = Condition(HpaConditionType.AbleToScale, ConditionStatus.True, ableToScaleReason, now);
        var limited = clamp.Result == stabilization.StabilizedReplicas ? ConditionStatus.False : ConditionStatus.True;
        var scalingLimited = Condition(HpaConditionType.ScalingLimited, limited, clamp.Reason, now);
        var trace = new NormalizationTrace(currentReplicas, prenormalizedDesiredReplicas, stabilization, rateLimit, clamp);
        return new Normalization(clamp.Result, history, ableToScale, scalingLimited, trace);
    }

    private static HpaCondition Condition(string type, ConditionStatus status, string reason, DateTimeOffset now) =>
        new(type, status, reason, NormalizationReason.Message(reason), now);

    private static void ValidateReplicas(int currentReplicas, int prenormalizedDesiredReplicas, int minReplicas, int maxReplicas)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(currentReplicas);
        ArgumentOutOfRangeException.ThrowIfNegative(prenormalizedDesiredReplicas);
        ArgumentOutOfRangeException.ThrowIfNegative(minReplicas);
        if (maxReplicas < minReplicas)
        {
            throw new ArgumentOutOfRangeException(
                nameof(maxReplicas), maxReplicas, $"maxReplicas ({maxReplicas}) is less than minReplicas ({minReplicas})");
        }
    }
}
