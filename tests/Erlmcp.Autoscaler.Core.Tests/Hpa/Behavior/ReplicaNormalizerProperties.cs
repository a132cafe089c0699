using CsCheck;
using Erlmcp.Autoscaler.Core.Hpa;
using static Erlmcp.Autoscaler.Core.Tests.Hpa.Behavior.UpstreamFixtures;

namespace Erlmcp.Autoscaler.Core.Tests.Hpa.Behavior;

/// <summary>
/// Properties of the normalization over generated histories and rules, under the controller's precondition that
/// the current replicas lie within [minReplicas, maxReplicas] (it rescales to the bound without normalizing otherwise).
/// </summary>
public class ReplicaNormalizerProperties
{
    public sealed record Scenario(
        int Current,
        int Prenormalized,
        int Min,
        int Max,
        HpaHistory History,
        ResolvedScalingRules ScaleUp,
        ResolvedScalingRules ScaleDown);

    private static readonly Gen<TimestampedRecommendation> GenRecommendation =
        Gen.Select(Gen.Int[0, 200], Gen.Int[0, 900], (recommendation, secondsAgo) => new TimestampedRecommendation(recommendation, Ago(secondsAgo)));

    private static readonly Gen<TimestampedScaleEvent> GenScaleEvent =
        Gen.Select(Gen.Int[1, 30], Gen.Int[0, 900], Gen.Bool, (change, secondsAgo, outdated) => new TimestampedScaleEvent(change, Ago(secondsAgo), outdated));

    private static readonly Gen<HpaHistory> GenHistory =
        Gen.Select(GenRecommendation.Array[0, 8], GenScaleEvent.Array[0, 6], GenScaleEvent.Array[0, 6], (r, up, down) => new HpaHistory(r, up, down));

    // Within upstream's validation: value > 0, period 1..1800s, at least one policy, window 0..3600s.
    private static readonly Gen<HpaScalingPolicy> GenPolicy =
        Gen.Select(Gen.Enum<ScalingPolicyType>(), Gen.Int[1, 200], Gen.Int[1, 600], (type, value, period) => new HpaScalingPolicy(type, value, period));

    private static readonly Gen<ResolvedScalingRules> GenRules =
        Gen.Select(Gen.Int[0, 600], Gen.Enum<ScalingPolicySelect>(), GenPolicy.Array[1, 3], (window, select, policies) => new ResolvedScalingRules(window, select, policies, null));

    private static readonly Gen<Scenario> GenScenario =
        from current in Gen.Int[0, 60]
        from min in Gen.Int[0, current]
        from max in Gen.Int[Math.Max(current, 1), current + 60]
        from prenormalized in Gen.Int[0, 200]
        from history in GenHistory
        from up in GenRules
        from down in GenRules
        select new Scenario(current, prenormalized, min, max, history, up, down);

    private static Normalization WithBehaviors(Scenario s) => ReplicaNormalizer.NormalizeDesiredReplicasWithBehaviors(
        s.History, Now, s.Current, s.Prenormalized, s.Min, s.Max, s.ScaleUp, s.ScaleDown);

    private static Normalization WithoutBehavior(Scenario s, TimeSpan window) =>
        ReplicaNormalizer.NormalizeDesiredReplicas(s.History, Now, s.Current, s.Prenormalized, s.Min, s.Max, window);

    /// <summary>
    /// What each policy allows, derived afresh from the policy semantics: the replicas at the start of its period
    /// moved by its value. Scaling up, Max is the most permissive (highest) and Min the least; scaling down, the reverse.
    /// </summary>
    private static int PolicyBound(ScaleDirection direction, int current, HpaHistory history, ResolvedScalingRules rules)
    {
        var proposals = rules.Policies.Select(policy =>
        {
            var since = Now - TimeSpan.FromSeconds(policy.PeriodSeconds);
            int start = current
                - history.ScaleUpEvents.Where(e => e.Timestamp > since).Sum(e => e.ReplicaChange)
                + history.ScaleDownEvents.Where(e => e.Timestamp > since).Sum(e => e.ReplicaChange);
            return (direction, policy.Type) switch
            {
                (ScaleDirection.Up, ScalingPolicyType.Pods) => start + policy.Value,
                (ScaleDirection.Up, _) => (int)Math.Ceiling(start * (1 + policy.Value / 100.0)),
                (_, ScalingPolicyType.Pods) => start - policy.Value,
                _ => (int)(start * (1 - policy.Value / 100.0)),
            };
        }).ToList();
        bool highest = (direction == ScaleDirection.Up) == (rules.SelectPolicy == ScalingPolicySelect.Max);
        return highest ? proposals.Max() : proposals.Min();
    }

    [Fact]
    public void The_result_is_always_within_min_and_max()
    {
        GenScenario.Sample(s =>
        {
            var withBehaviors = WithBehaviors(s).DesiredReplicas;
            var withoutBehavior = WithoutBehavior(s, TimeSpan.FromMinutes(5)).DesiredReplicas;

            Assert.InRange(withBehaviors, s.Min, s.Max);
            Assert.InRange(withoutBehavior, s.Min, s.Max);
        }, iter: 2000);
    }

    [Fact]
    public void A_scale_never_goes_beyond_what_the_selected_policy_allows_over_its_period()
    {
        GenScenario.Where(s => s.ScaleUp.SelectPolicy != ScalingPolicySelect.Disabled && s.ScaleDown.SelectPolicy != ScalingPolicySelect.Disabled)
            .Sample(s =>
            {
                int desired = WithBehaviors(s).DesiredReplicas;

                if (desired > s.Current)
                {
                    Assert.True(desired <= PolicyBound(ScaleDirection.Up, s.Current, s.History, s.ScaleUp), $"scaled up to {desired}");
                }
                if (desired < s.Current)
                {
                    Assert.True(desired >= PolicyBound(ScaleDirection.Down, s.Current, s.History, s.ScaleDown), $"scaled down to {desired}");
                }
            }, iter: 2000);
    }

    [Fact]
    public void A_disabled_direction_never_moves()
    {
        GenScenario.Sample(s =>
        {
            var upDisabled = WithBehaviors(s with { ScaleUp = s.ScaleUp with { SelectPolicy = ScalingPolicySelect.Disabled } });
            var downDisabled = WithBehaviors(s with { ScaleDown = s.ScaleDown with { SelectPolicy = ScalingPolicySelect.Disabled } });

            Assert.True(upDisabled.DesiredReplicas <= s.Current, $"scaled up to {upDisabled.DesiredReplicas} with scale-up disabled");
            Assert.True(downDisabled.DesiredReplicas >= s.Current, $"scaled down to {downDisabled.DesiredReplicas} with scale-down disabled");
        }, iter: 2000);
    }

    [Fact]
    public void An_empty_history_and_zero_windows_give_the_clamped_recommendation()
    {
        // A Pods policy of 1000 can never bind within these bounds, whatever else the rules say (selected by Max).
        var unbounded = new HpaScalingPolicy(ScalingPolicyType.Pods, 1000, 60);
        GenScenario.Sample(s =>
        {
            var up = s.ScaleUp with { StabilizationWindowSeconds = 0, SelectPolicy = ScalingPolicySelect.Max, Policies = [.. s.ScaleUp.Policies, unbounded] };
            var down = s.ScaleDown with { StabilizationWindowSeconds = 0, SelectPolicy = ScalingPolicySelect.Max, Policies = [.. s.ScaleDown.Policies, unbounded] };

            var result = ReplicaNormalizer.NormalizeDesiredReplicasWithBehaviors(HpaHistory.Empty, Now, s.Current, s.Prenormalized, s.Min, s.Max, up, down);

            Assert.Equal(Math.Clamp(s.Prenormalized, s.Min, s.Max), result.DesiredReplicas);
        }, iter: 2000);
    }

    [Fact]
    public void Without_behavior_an_empty_history_gives_the_recommendation_clamped_under_the_scale_up_cap()
    {
        GenScenario.Sample(s =>
        {
            var result = ReplicaNormalizer.NormalizeDesiredReplicas(HpaHistory.Empty, Now, s.Current, s.Prenormalized, s.Min, s.Max, TimeSpan.FromMinutes(5));

            int cap = Math.Min(s.Max, Math.Max(2 * s.Current, 4));
            Assert.Equal(Math.Max(s.Min, Math.Min(s.Prenormalized, cap)), result.DesiredReplicas);
        }, iter: 2000);
    }

    [Fact]
    public void A_long_replay_keeps_the_history_bounded_by_the_windows_and_periods()
    {
        var gen = Gen.Select(GenRules, GenRules, Gen.Int[0, 100].Array[200, 400]);
        gen.Sample((up, down, recommendations) =>
        {
            var history = HpaHistory.Empty;
            int current = 10;
            for (int step = 0; step < recommendations.Length; step++)
            {
                var now = Now + TimeSpan.FromSeconds(15 * step);
                var result = ReplicaNormalizer.NormalizeDesiredReplicasWithBehaviors(history, now, current, recommendations[step], 1, 100, up, down);
                history = ReplicaNormalizer.StoreScaleEvent(result.History, up, down, current, result.DesiredReplicas, now);
                current = result.DesiredReplicas;

                // A slot frees up once its entry is older than every window (period): at one entry per 15s
                // sync at most window / 15 entries are still in use when the next one is stored.
                Assert.InRange(history.Recommendations.Count, 1, (Math.Max(up.StabilizationWindowSeconds, down.StabilizationWindowSeconds) / 15) + 1);
                Assert.InRange(history.ScaleUpEvents.Count, 0, (up.LongestPolicyPeriodSeconds / 15) + 1);
                Assert.InRange(history.ScaleDownEvents.Count, 0, (down.LongestPolicyPeriodSeconds / 15) + 1);
            }
        }, iter: 50);
    }
}
