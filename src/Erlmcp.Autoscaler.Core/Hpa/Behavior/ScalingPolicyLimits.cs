namespace Erlmcp.Autoscaler.Core.Hpa;

/// <summary>
/// Upstream's rate limits: calculateScaleUpLimit (no behavior), calculateScaleUpLimitWithScalingRules,
/// calculateScaleDownLimitWithBehaviors and getReplicasChangePerPeriod, and the clamps that use them
/// (convertDesiredReplicasWithRules, convertDesiredReplicasWithBehaviorRate).
/// </summary>
internal static class ScalingPolicyLimits
{
    // Without a behavior upstream caps a scale-up against bogus metric spikes (kubernetes issue #32304).
    private const double ScaleUpLimitFactor = 2.0;
    private const double ScaleUpLimitMinimum = 4.0;

    internal static int CalculateScaleUpLimit(int currentReplicas) =>
        (int)Math.Max(ScaleUpLimitFactor * currentReplicas, ScaleUpLimitMinimum);

    /// <summary>The no-behavior clamp: [minReplicas, min(maxReplicas, fixed scale-up limit)].</summary>
    internal static (ClampStep Clamp, RateLimitStep RateLimit) ConvertDesiredReplicasWithRules(
        int currentReplicas, int desiredReplicas, int minReplicas, int maxReplicas)
    {
        int scaleUpLimit = CalculateScaleUpLimit(currentReplicas);
        var rateLimit = new RateLimitStep(ScaleDirection.Up, SelectPolicy: null, [], AppliedPolicyIndex: null, scaleUpLimit, scaleUpLimit);
        var (maximumAllowed, reason) = maxReplicas > scaleUpLimit
            ? (scaleUpLimit, NormalizationReason.ScaleUpLimit)
            : (maxReplicas, NormalizationReason.TooManyReplicas);

        var clamp = desiredReplicas < minReplicas ? new ClampStep(desiredReplicas, minReplicas, maximumAllowed, minReplicas, NormalizationReason.TooFewReplicas)
            : desiredReplicas > maximumAllowed ? new ClampStep(desiredReplicas, minReplicas, maximumAllowed, maximumAllowed, reason)
            : new ClampStep(desiredReplicas, minReplicas, maximumAllowed, desiredReplicas, NormalizationReason.DesiredWithinRange);
        return (clamp, rateLimit);
    }

    /// <summary>
    /// The behavior clamp: only in the scaling direction, to the policy limit (held at the current replicas) or
    /// the spec bound, whichever is tighter.
    /// </summary>
    internal static (ClampStep Clamp, RateLimitStep? RateLimit) ConvertDesiredReplicasWithBehaviorRate(
        DateTimeOffset now,
        int currentReplicas,
        int desiredReplicas,
        int minReplicas,
        int maxReplicas,
        HpaHistory history,
        ResolvedScalingRules scaleUp,
        ResolvedScalingRules scaleDown)
    {
        if (desiredReplicas > currentReplicas)
        {
            var rateLimit = CalculateScaleUpLimitWithScalingRules(currentReplicas, history.ScaleUpEvents, history.ScaleDownEvents, scaleUp, now);
            var (maximumAllowed, reason) = maxReplicas > rateLimit.Limit
                ? (rateLimit.Limit, NormalizationReason.ScaleUpLimit)
                : (maxReplicas, NormalizationReason.TooManyReplicas);
            var clamp = desiredReplicas > maximumAllowed
                ? new ClampStep(desiredReplicas, null, maximumAllowed, maximumAllowed, reason)
                : new ClampStep(desiredReplicas, null, maximumAllowed, desiredReplicas, NormalizationReason.DesiredWithinRange);
            return (clamp, rateLimit);
        }
        if (desiredReplicas < currentReplicas)
        {
            var rateLimit = CalculateScaleDownLimitWithBehaviors(currentReplicas, history.ScaleUpEvents, history.ScaleDownEvents, scaleDown, now);
            var (minimumAllowed, reason) = minReplicas < rateLimit.Limit
                ? (rateLimit.Limit, NormalizationReason.ScaleDownLimit)
                : (minReplicas, NormalizationReason.TooFewReplicas);
            var clamp = desiredReplicas < minimumAllowed
                ? new ClampStep(desiredReplicas, minimumAllowed, null, minimumAllowed, reason)
                : new ClampStep(desiredReplicas, minimumAllowed, null, desiredReplicas, NormalizationReason.DesiredWithinRange);
            return (clamp, rateLimit);
        }
        return (new ClampStep(desiredReplicas, null, null, desiredReplicas, NormalizationReason.DesiredWithinRange), null);
    }

    internal static RateLimitStep CalculateScaleUpLimitWithScalingRules(
        int currentReplicas,
        IReadOnlyList<TimestampedScaleEvent> scaleUpEvents,
        IReadOnlyList<TimestampedScaleEvent> scaleDownEvents,
        ResolvedScalingRules rules,
        DateTimeOffset now) =>
        CalculateLimit(ScaleDirection.Up, currentReplicas, scaleUpEvents, scaleDownEvents, rules, now);

    internal static RateLimitStep CalculateScaleDownLimitWithBehaviors(
        int currentReplicas,
        IReadOnlyList<TimestampedScaleEvent> scaleUpEvents,
        IReadOnlyList<TimestampedScaleEvent> scaleDownEvents,
        ResolvedScalingRules rules,
        DateTimeOffset now) =>
        CalculateLimit(ScaleDirection.Down, currentReplicas, scaleUpEvents, scaleDownEvents, rules, now);

    /// <summary>The replicas changed by the events strictly within the last <paramref name="periodSeconds"/>.</summary>
    internal static (int Replicas, int Events) GetReplicasChangePerPeriod(
        int periodSeconds, IReadOnlyList<TimestampedScaleEvent> scaleEvents, DateTimeOffset now)
    {
        var cutoff = now - TimeSpan.FromSeconds(periodSeconds);
        int replicas = 0;
        int events = 0;
        for (int i = 0; i < scaleEvents.Count; i++)
        {
            // Outdated events still count here: the flag only frees a slot for reuse.
            if (scaleEvents[i].Timestamp > cutoff)
            {
                replicas += scaleEvents[i].ReplicaChange;
                events++;
            }
        }
        return (replicas, events);
    }

    private static RateLimitStep CalculateLimit(
        ScaleDirection direction,
        int currentReplicas,
        IReadOnlyList<TimestampedScaleEvent> scaleUpEvents,
        IReadOnlyList<TimestampedScaleEvent> scaleDownEvents,
        ResolvedScalingRules rules,
        DateTimeOffset now)
    {
        if (rules.SelectPolicy == ScalingPolicySelect.Disabled)
        {
            return new RateLimitStep(direction, rules.SelectPolicy, [], null, currentReplicas, currentReplicas);
        }

        // Max picks the biggest change: the highest count when scaling up, the lowest when scaling down.
        bool takeHighest = (direction == ScaleDirection.Up) == (rules.SelectPolicy == ScalingPolicySelect.Max);
        int selected = takeHighest ? int.MinValue : int.MaxValue;
        int? applied = null;
        var proposals = new PolicyProposal[rules.Policies.Count];
        for (int i = 0; i < proposals.Length; i++)
        {
            var policy = rules.Policies[i];
            var (added, upEvents) = GetReplicasChangePerPeriod(policy.PeriodSeconds, scaleUpEvents, now);
            var (removed, downEvents) = GetReplicasChangePerPeriod(policy.PeriodSeconds, scaleDownEvents, now);
            int periodStartReplicas = currentReplicas - added + removed;
            int proposed = direction == ScaleDirection.Up
                ? ProposeScaleUp(policy, periodStartReplicas)
                : ProposeScaleDown(policy, periodStartReplicas);
            proposals[i] = new PolicyProposal(policy, upEvents, added, downEvents, removed, periodStartReplicas, proposed);
            if (takeHighest ? proposed > selected : proposed < selected)
            {
                selected = proposed;
                applied = i;
            }
        }

        // Events within the period may leave the period's allowance behind the current replicas: then hold.
        int limit = direction == ScaleDirection.Up ? Math.Max(selected, currentReplicas) : Math.Min(selected, currentReplicas);
        return new RateLimitStep(direction, rules.SelectPolicy, proposals, applied, selected, limit);
    }

    // The float64 arithmetic is upstream's, operation for operation, so the roundings agree
    // (25 replicas at 12% propose ceil(28.000000000000004) = 29, as upstream does).
    private static int ProposeScaleUp(HpaScalingPolicy policy, int periodStartReplicas) => policy.Type switch
    {
        ScalingPolicyType.Pods => periodStartReplicas + policy.Value,
        // Rounded up so that a small percentage still adds a replica.
        ScalingPolicyType.Percent => (int)Math.Ceiling(periodStartReplicas * (1 + (double)policy.Value / 100)),
        _ => throw new ArgumentOutOfRangeException(nameof(policy), policy.Type, "unknown scaling policy type"),
    };

    private static int ProposeScaleDown(HpaScalingPolicy policy, int periodStartReplicas) => policy.Type switch
    {
        ScalingPolicyType.Pods => periodStartReplicas - policy.Value,
        ScalingPolicyType.Percent => (int)(periodStartReplicas * (1 - (double)policy.Value / 100)),
        _ => throw new ArgumentOutOfRangeException(nameof(policy), policy.Type, "unknown scaling policy type"),
    };
}
