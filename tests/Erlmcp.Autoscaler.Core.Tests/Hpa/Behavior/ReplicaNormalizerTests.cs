using Erlmcp.Autoscaler.Core.Hpa;
using static Erlmcp.Autoscaler.Core.Tests.Hpa.Behavior.UpstreamFixtures;

namespace Erlmcp.Autoscaler.Core.Tests.Hpa.Behavior;

/// <summary>
/// The public normalization as the controller calls it: desired replicas, conditions with upstream's reasons and
/// messages, the history it returns, and the trace. Not an upstream table: upstream checks these through whole
/// controller reconciliations.
/// </summary>
public class ReplicaNormalizerTests
{
    private static readonly TimeSpan FiveMinutes = TimeSpan.FromMinutes(5);
    private static readonly ResolvedScalingRules DefaultUp = ScalingRulesDefaults.ScaleUp(null);
    private static readonly ResolvedScalingRules DefaultDown = ScalingRulesDefaults.ScaleDown(null);

    private static HpaHistory WithRecommendations(params (int Recommendation, int SecondsAgo)[] recommendations) =>
        HpaHistory.Empty with
        {
            Recommendations = recommendations.Select(r => new TimestampedRecommendation(r.Recommendation, Ago(r.SecondsAgo))).ToArray(),
        };

    private static HpaCondition Condition(string type, ConditionStatus status, string reason, string message) =>
        new(type, status, reason, message, Now);

    [Fact]
    public void Without_behavior_a_scale_down_is_held_by_the_highest_recent_recommendation()
    {
        var history = WithRecommendations((7, 60));

        var result = ReplicaNormalizer.NormalizeDesiredReplicas(history, Now, 7, 3, 1, 10, FiveMinutes);

        Assert.Equal(7, result.DesiredReplicas);
        Assert.Equal(
            Condition(HpaConditionType.AbleToScale, ConditionStatus.True, "ScaleDownStabilized",
                "recent recommendations were higher than current one, applying the highest recent recommendation"),
            result.AbleToScale);
        Assert.Equal(
            Condition(HpaConditionType.ScalingLimited, ConditionStatus.False, "DesiredWithinRange",
                "the desired count is within the acceptable range"),
            result.ScalingLimited);
        Assert.Equal(new[] { new TimestampedRecommendation(7, Ago(60)), new TimestampedRecommendation(3, Now) }, result.History.Recommendations);
    }

    [Fact]
    public void Without_behavior_a_scale_up_is_capped_at_twice_the_current_replicas()
    {
        var result = ReplicaNormalizer.NormalizeDesiredReplicas(HpaHistory.Empty, Now, 3, 20, 1, 100, FiveMinutes);

        Assert.Equal(6, result.DesiredReplicas);
        Assert.Equal(
            Condition(HpaConditionType.AbleToScale, ConditionStatus.True, "ReadyForNewScale", "recommended size matches current size"),
            result.AbleToScale);
        Assert.Equal(
            Condition(HpaConditionType.ScalingLimited, ConditionStatus.True, "ScaleUpLimit",
                "the desired replica count is increasing faster than the maximum scale rate"),
            result.ScalingLimited);
    }

    [Fact]
    public void Without_behavior_a_recent_higher_recommendation_also_raises_a_scale_up()
    {
        // Upstream's no-behavior stabilization takes the highest recent recommendation whatever the current size.
        var result = ReplicaNormalizer.NormalizeDesiredReplicas(WithRecommendations((9, 60)), Now, 4, 5, 1, 20, FiveMinutes);

        Assert.Equal(8, result.DesiredReplicas);
        Assert.Equal("ScaleDownStabilized", result.AbleToScale.Reason);
        Assert.Equal((ConditionStatus.True, "ScaleUpLimit"), (result.ScalingLimited.Status, result.ScalingLimited.Reason));
        Assert.Equal(9, result.Trace.Stabilization.StabilizedReplicas);
    }

    [Fact]
    public void Without_behavior_the_bounds_clamp_with_their_messages()
    {
        var tooFew = ReplicaNormalizer.NormalizeDesiredReplicas(HpaHistory.Empty, Now, 5, 1, 3, 10, TimeSpan.Zero);
        var tooMany = ReplicaNormalizer.NormalizeDesiredReplicas(HpaHistory.Empty, Now, 8, 14, 3, 10, TimeSpan.Zero);

        Assert.Equal(3, tooFew.DesiredReplicas);
        Assert.Equal(
            Condition(HpaConditionType.ScalingLimited, ConditionStatus.True, "TooFewReplicas",
                "the desired replica count is less than the minimum replica count"),
            tooFew.ScalingLimited);
        Assert.Equal(10, tooMany.DesiredReplicas);
        Assert.Equal(
            Condition(HpaConditionType.ScalingLimited, ConditionStatus.True, "TooManyReplicas",
                "the desired replica count is more than the maximum replica count"),
            tooMany.ScalingLimited);
    }

    [Fact]
    public void With_behavior_a_scale_up_held_by_the_scale_up_window_is_ScaleUpStabilized()
    {
        var up = ScalingRulesDefaults.ScaleUp(new HpaScalingRules(StabilizationWindowSeconds: 120));

        var result = ReplicaNormalizer.NormalizeDesiredReplicasWithBehaviors(
            WithRecommendations((4, 90)), Now, 2, 9, 1, 20, up, DefaultDown);

        Assert.Equal(4, result.DesiredReplicas);
        Assert.Equal(
            Condition(HpaConditionType.AbleToScale, ConditionStatus.True, "ScaleUpStabilized",
                "recent recommendations were lower than current one, applying the lowest recent recommendation"),
            result.AbleToScale);
        Assert.Equal(ConditionStatus.False, result.ScalingLimited.Status);
        Assert.Equal(StabilizationOutcome.HeldByScaleUpWindow, result.Trace.Stabilization.Outcome);
    }

    [Fact]
    public void With_behavior_a_scale_down_beyond_the_policy_is_ScaleDownLimit()
    {
        var down = ScalingRulesDefaults.ScaleDown(GenerateScalingRules(2, 60, 0, 0, 0));

        var result = ReplicaNormalizer.NormalizeDesiredReplicasWithBehaviors(HpaHistory.Empty, Now, 10, 3, 1, 20, DefaultUp, down);

        Assert.Equal(8, result.DesiredReplicas);
        Assert.Equal(
            Condition(HpaConditionType.ScalingLimited, ConditionStatus.True, "ScaleDownLimit",
                "the desired replica count is decreasing faster than the maximum scale rate"),
            result.ScalingLimited);
        Assert.Equal(
            Condition(HpaConditionType.AbleToScale, ConditionStatus.True, "ReadyForNewScale", "recommended size matches current size"),
            result.AbleToScale);
    }

    [Fact]
    public void With_behavior_the_default_scale_up_adds_four_pods_or_doubles_whichever_is_more()
    {
        var fromTwo = ReplicaNormalizer.NormalizeDesiredReplicasWithBehaviors(HpaHistory.Empty, Now, 2, 50, 1, 100, DefaultUp, DefaultDown);
        var fromTen = ReplicaNormalizer.NormalizeDesiredReplicasWithBehaviors(HpaHistory.Empty, Now, 10, 50, 1, 100, DefaultUp, DefaultDown);

        Assert.Equal(6, fromTwo.DesiredReplicas);
        Assert.Equal(0, fromTwo.Trace.RateLimit!.AppliedPolicyIndex);
        Assert.Equal(20, fromTen.DesiredReplicas);
        Assert.Equal(1, fromTen.Trace.RateLimit!.AppliedPolicyIndex);
    }

    [Fact]
    public void From_zero_replicas_only_a_pods_policy_can_scale_up()
    {
        // A percentage of zero replicas is zero: upstream holds at zero unless a Pods policy allows more.
        var percentOnly = ScalingRulesDefaults.ScaleUp(GenerateScalingRules(0, 0, 100, 15, 0));

        var withDefaults = ReplicaNormalizer.NormalizeDesiredReplicasWithBehaviors(HpaHistory.Empty, Now, 0, 10, 0, 20, DefaultUp, DefaultDown);
        var withPercentOnly = ReplicaNormalizer.NormalizeDesiredReplicasWithBehaviors(HpaHistory.Empty, Now, 0, 10, 0, 20, percentOnly, DefaultDown);
        var withoutBehavior = ReplicaNormalizer.NormalizeDesiredReplicas(HpaHistory.Empty, Now, 0, 10, 0, 20, FiveMinutes);

        Assert.Equal(4, withDefaults.DesiredReplicas);
        Assert.Equal(0, withPercentOnly.DesiredReplicas);
        Assert.Equal((ConditionStatus.True, "ScaleUpLimit"), (withPercentOnly.ScalingLimited.Status, withPercentOnly.ScalingLimited.Reason));
        Assert.Equal(4, withoutBehavior.DesiredReplicas);
    }

    [Fact]
    public void The_trace_prints_one_line_per_step()
    {
        var result = ReplicaNormalizer.NormalizeDesiredReplicasWithBehaviors(HpaHistory.Empty, Now, 10, 50, 1, 100, DefaultUp, DefaultDown);

        Assert.Equal(
            "stabilized 50 to 50 (Unchanged); scale-up window 0s: lowest 50 (the new recommendation), 0 remembered recommendations in the window; "
            + "scale-down window 300s: highest 50 (the new recommendation), 0 remembered recommendations in the window\n"
            + "scale-up limit 20 (selected 20 by Max, policy 2 applies): Pods 4 per 15s from 10 (+0 in 0 events, -0 in 0 events) -> 14; "
            + "Percent 100 per 15s from 10 (+0 in 0 events, -0 in 0 events) -> 20\n"
            + "clamped 50 to [-, 20]: 20 (ScaleUpLimit)",
            result.Trace.ToString());
        Assert.Equal(20, result.Trace.DesiredReplicas);
    }

    [Fact]
    public void A_replay_at_the_default_scale_up_rate_doubles_every_sync_period()
    {
        var history = HpaHistory.Empty;
        int current = 1;
        var sizes = new List<int>();
        for (int step = 0; step < 7; step++)
        {
            var now = Now + TimeSpan.FromSeconds(15 * step);
            var result = ReplicaNormalizer.NormalizeDesiredReplicasWithBehaviors(history, now, current, 100, 1, 100, DefaultUp, DefaultDown);
            history = ReplicaNormalizer.StoreScaleEvent(result.History, DefaultUp, DefaultDown, current, result.DesiredReplicas, now);
            current = result.DesiredReplicas;
            sizes.Add(current);
        }

        // The event of the previous sync sits exactly at the 15s cutoff, so it no longer counts.
        Assert.Equal(new[] { 5, 10, 20, 40, 80, 100, 100 }, sizes);
    }

    [Fact]
    public void A_replay_scales_down_once_the_last_high_recommendation_leaves_the_window()
    {
        var history = HpaHistory.Empty;
        int current = 10;
        int? scaledDownAt = null;
        for (int seconds = 0; seconds <= 600 && scaledDownAt is null; seconds += 15)
        {
            var now = Now + TimeSpan.FromSeconds(seconds);
            int recommendation = seconds <= 60 ? 10 : 2;
            var result = ReplicaNormalizer.NormalizeDesiredReplicasWithBehaviors(history, now, current, recommendation, 1, 20, DefaultUp, DefaultDown);
            history = result.History;
            if (result.DesiredReplicas != current)
            {
                scaledDownAt = seconds;
                current = result.DesiredReplicas;
            }
        }

        // The last recommendation of 10 (at 60s) stops counting when it sits at the 300s cutoff.
        Assert.Equal(360, scaledDownAt);
        Assert.Equal(2, current);
    }

    [Fact]
    public void RecordInitialRecommendation_remembers_the_current_size_only_once()
    {
        var first = ReplicaNormalizer.RecordInitialRecommendation(HpaHistory.Empty, 6, Now);
        var again = ReplicaNormalizer.RecordInitialRecommendation(first, 9, Now + FiveMinutes);

        Assert.Equal(new[] { new TimestampedRecommendation(6, Now) }, first.Recommendations);
        Assert.Same(first, again);
    }

    [Fact]
    public void Bad_replica_counts_are_rejected_with_the_argument_and_its_value()
    {
        var negative = Assert.Throws<ArgumentOutOfRangeException>(() =>
            ReplicaNormalizer.NormalizeDesiredReplicas(HpaHistory.Empty, Now, -1, 3, 1, 10, FiveMinutes));
        var inverted = Assert.Throws<ArgumentOutOfRangeException>(() =>
            ReplicaNormalizer.NormalizeDesiredReplicasWithBehaviors(HpaHistory.Empty, Now, 4, 3, 5, 2, DefaultUp, DefaultDown));

        Assert.Equal("currentReplicas", negative.ParamName);
        Assert.Equal("maxReplicas", inverted.ParamName);
        Assert.Contains("maxReplicas (2) is less than minReplicas (5)", inverted.Message, StringComparison.Ordinal);
    }
}
