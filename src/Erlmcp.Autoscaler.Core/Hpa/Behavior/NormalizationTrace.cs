using System.Globalization;

namespace Erlmcp.Autoscaler.Core.Hpa;

public enum ScaleDirection
{
    Up,
    Down,
}

/// <summary>What fixed the stabilized recommendation.</summary>
public enum StabilizationOutcome
{
    /// <summary>The new recommendation passed through.</summary>
    Unchanged,

    /// <summary>A lower recent recommendation in the scale-up window held the scale-up back.</summary>
    HeldByScaleUpWindow,

    /// <summary>A higher recent recommendation in the scale-down window held the scale-down back.</summary>
    HeldByScaleDownWindow,

    /// <summary>The windows straddle the current replicas: recent recommendations went both ways.</summary>
    HeldAtCurrentReplicas,
}

/// <summary>
/// How <see cref="ReplicaNormalizer"/> went from the replica calculator's recommendation to the desired replicas:
/// what <c>hpa explain</c> prints, one line per step.
/// </summary>
public sealed record NormalizationTrace(
    int CurrentReplicas,
    int PrenormalizedReplicas,
    StabilizationStep Stabilization,
    RateLimitStep? RateLimit,
    ClampStep Clamp)
{
    public int DesiredReplicas => Clamp.Result;

    public override string ToString() => RateLimit is null
        ? string.Join('\n', Stabilization, Clamp)
        : string.Join('\n', Stabilization, RateLimit, Clamp);
}

/// <summary>
/// One stabilization window: <see cref="Bound"/> is the lowest (scale-up window) or highest (scale-down window)
/// recommendation within it, the new one included. <see cref="Decisive"/> is the newest remembered recommendation at
/// that bound when it differs from the new one, null when the new recommendation is the bound.
/// </summary>
public sealed record StabilizationWindowTrace(
    ScaleDirection Direction,
    TimeSpan Window,
    int Bound,
    int RecommendationsInWindow,
    TimestampedRecommendation? Decisive)
{
    public override string ToString()
    {
        var extreme = Direction == ScaleDirection.Up ? "lowest" : "highest";
        var from = Decisive is { } d
            ? string.Create(CultureInfo.InvariantCulture, $" (recommended at {d.Timestamp:O})")
            : " (the new recommendation)";
        return string.Create(
            CultureInfo.InvariantCulture,
            $"scale-{Direction.ToString().ToLowerInvariant()} window {Window.TotalSeconds}s: {extreme} {Bound}{from}, {RecommendationsInWindow} remembered recommendations in the window");
    }
}

/// <summary>
/// Stabilization of the recommendation. <see cref="ScaleUpWindow"/> is null without a behavior (upstream has no
/// scale-up stabilization there).
/// </summary>
public sealed record StabilizationStep(
    int Recommendation,
    StabilizationWindowTrace? ScaleUpWindow,
    StabilizationWindowTrace ScaleDownWindow,
    int StabilizedReplicas,
    StabilizationOutcome Outcome)
{
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"stabilized {Recommendation} to {StabilizedReplicas} ({Outcome}); {(ScaleUpWindow is null ? "no scale-up window" : ScaleUpWindow)}; {ScaleDownWindow}");
}

/// <summary>
/// What one scaling policy allows over its period: the replicas at the start of the period (current, minus what was
/// added, plus what was removed, within the period) moved by the policy's value.
/// </summary>
public readonly record struct PolicyProposal(
    HpaScalingPolicy Policy,
    int ScaleUpEventsInPeriod,
    int ReplicasAddedInPeriod,
    int ScaleDownEventsInPeriod,
    int ReplicasRemovedInPeriod,
    int PeriodStartReplicas,
    int ProposedReplicas)
{
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"{Policy.Type} {Policy.Value} per {Policy.PeriodSeconds}s from {PeriodStartReplicas} (+{ReplicasAddedInPeriod} in {ScaleUpEventsInPeriod} events, -{ReplicasRemovedInPeriod} in {ScaleDownEventsInPeriod} events) -> {ProposedReplicas}");
}

/// <summary>
/// The rate limit in the scaling direction. With a behavior, <see cref="SelectedLimit"/> is the proposal the select
/// policy chose (the current replicas when Disabled) and <see cref="Limit"/> is that limit held at the current
/// replicas, since recent events may propose going back. Without a behavior (<see cref="SelectPolicy"/> null, no
/// proposals) it is upstream's fixed scale-up limit, max(2 × current, 4).
/// </summary>
public sealed record RateLimitStep(
    ScaleDirection Direction,
    ScalingPolicySelect? SelectPolicy,
    IReadOnlyList<PolicyProposal> Proposals,
    int? AppliedPolicyIndex,
    int SelectedLimit,
    int Limit)
{
    public override string ToString()
    {
        var direction = Direction.ToString().ToLowerInvariant();
        if (SelectPolicy is not { } select)
        {
            return string.Create(CultureInfo.InvariantCulture, $"scale-{direction} limit {Limit}: twice the current replicas, at least 4 (no behavior)");
        }
        if (select == ScalingPolicySelect.Disabled)
        {
            return string.Create(CultureInfo.InvariantCulture, $"scale-{direction} limit {Limit}: scaling {direction} is disabled");
        }
        var applied = AppliedPolicyIndex is { } index ? string.Create(CultureInfo.InvariantCulture, $"policy {index + 1} applies") : "no policy";
        return string.Create(
            CultureInfo.InvariantCulture,
            $"scale-{direction} limit {Limit} (selected {SelectedLimit} by {select}, {applied}): {string.Join("; ", Proposals)}");
    }
}

/// <summary>
/// The final clamp of the stabilized recommendation <see cref="Input"/>. A null bound was not applied: with a behavior
/// only the bound in the scaling direction is. <see cref="Reason"/> is the ScalingLimited condition's reason.
/// </summary>
public sealed record ClampStep(int Input, int? MinimumAllowed, int? MaximumAllowed, int Result, string Reason)
{
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"clamped {Input} to [{MinimumAllowed?.ToString(CultureInfo.InvariantCulture) ?? "-"}, {MaximumAllowed?.ToString(CultureInfo.InvariantCulture) ?? "-"}]: {Result} ({Reason})");
}
