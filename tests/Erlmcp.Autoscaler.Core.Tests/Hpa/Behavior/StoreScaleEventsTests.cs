using Erlmcp.Autoscaler.Core.Hpa;
using static Erlmcp.Autoscaler.Core.Tests.Hpa.Behavior.UpstreamFixtures;

namespace Erlmcp.Autoscaler.Core.Tests.Hpa.Behavior;

/// <summary>Upstream horizontal_test.go: TestStoreScaleEvents (storeScaleEvent, markScaleEventsOutdated).</summary>
public class StoreScaleEventsTests
{
    public sealed record StoreCase(
        string Name,
        int ReplicaChange,
        TimestampedScaleEvent[] PrevScaleEvents,
        (int ReplicaChange, bool Outdated)[] NewScaleEvents,
        HpaScalingRules? ScalingRules,
        int ExpectedReplicasChange)
    {
        public override string ToString() => Name;
    }

    private static TimestampedScaleEvent Event(int replicaChange, int secondsAgo) => new(replicaChange, Ago(secondsAgo), Outdated: false);

    public static TheoryData<StoreCase> Cases => new()
    {
        // No history: no change; no behavior: nothing stored.
        new("empty entries with default behavior", 5, [], [], null, 0),
        new("empty entries with two-policy-behavior", 5, [], [(5, false)], GenerateScalingRules(10, 60, 100, 60, 0), 0),
        // Without a behavior the stored events are left untouched.
        new("one outdated entry to be kept untouched without behavior", 5, [Event(7, 61)], [(7, false)], null, 0),
        new("one outdated entry to be replaced with behavior", 5, [Event(7, 61)], [(5, false)], GenerateScalingRules(10, 60, 100, 60, 0), 0),
        new("one actual entry to be not touched with behavior", 5, [Event(7, 58)], [(7, false), (5, false)], GenerateScalingRules(10, 60, 100, 60, 0), 7),
        new("two entries, one of them to be replaced", 5, [Event(7, 61), Event(6, 59)], [(5, false), (6, false)], GenerateScalingRules(10, 60, 0, 0, 0), 6),
        // The last outdated event is replaced; the other is only marked.
        new("replace one entry, use policies with different periods", 5,
            [Event(8, 29), Event(6, 59), Event(7, 61), Event(9, 61)],
            [(8, false), (6, false), (7, true), (5, false)],
            GenerateScalingRules(10, 60, 100, 30, 0), 14),
        new("two entries, both actual", 5, [Event(7, 58), Event(6, 59)], [(7, false), (6, false), (5, false)], GenerateScalingRules(10, 120, 100, 30, 0), 13),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void TestStoreScaleEvents(StoreCase tc)
    {
        // Scaling up with a behavior that has only scale-up rules.
        var upRules = tc.ScalingRules is null ? null : ScalingRulesDefaults.ScaleUp(tc.ScalingRules);
        var upHistory = new HpaHistory([], tc.PrevScaleEvents, []);
        Assert.Equal(tc.ExpectedReplicasChange, ScalingPolicyLimits.GetReplicasChangePerPeriod(60, upHistory.ScaleUpEvents, Now).Replicas);

        var afterUp = ReplicaNormalizer.StoreScaleEvent(upHistory, upRules, null, 10, 10 + tc.ReplicaChange, Now);

        Assert.Equal(tc.NewScaleEvents, afterUp.ScaleUpEvents.Select(e => (e.ReplicaChange, e.Outdated)));
        Assert.Empty(afterUp.ScaleDownEvents);

        // Scaling down with a behavior that has only scale-down rules.
        var downRules = tc.ScalingRules is null ? null : ScalingRulesDefaults.ScaleDown(tc.ScalingRules);
        var downHistory = new HpaHistory([], [], tc.PrevScaleEvents);
        Assert.Equal(tc.ExpectedReplicasChange, ScalingPolicyLimits.GetReplicasChangePerPeriod(60, downHistory.ScaleDownEvents, Now).Replicas);

        var afterDown = ReplicaNormalizer.StoreScaleEvent(downHistory, null, downRules, 10, 10 - tc.ReplicaChange, Now);

        Assert.Equal(tc.NewScaleEvents, afterDown.ScaleDownEvents.Select(e => (e.ReplicaChange, e.Outdated)));
        Assert.Empty(afterDown.ScaleUpEvents);
    }

    [Fact]
    public void A_stored_event_is_stamped_now_and_the_input_history_is_left_unchanged()
    {
        var before = new HpaHistory([], [Event(7, 61)], []);
        var rules = ScalingRulesDefaults.ScaleUp(GenerateScalingRules(10, 60, 0, 0, 0));

        var after = ReplicaNormalizer.StoreScaleEvent(before, rules, ScalingRulesDefaults.ScaleDown(null), 3, 5, Now);

        Assert.Equal(new[] { new TimestampedScaleEvent(2, Now, false) }, after.ScaleUpEvents);
        Assert.Equal(new[] { Event(7, 61) }, before.ScaleUpEvents);
    }

    [Fact]
    public void A_recycled_scale_up_event_no_longer_counts_in_a_longer_scale_down_period()
    {
        // Scale-up policies of 15s make the event 100s ago outdated, so the next scale-up takes its slot, though
        // the 300s scale-down policy still looked at it: upstream's recycling is observable.
        var up = ScalingRulesDefaults.ScaleUp(null);
        var down = ScalingRulesDefaults.ScaleDown(GenerateScalingRules(0, 0, 50, 300, 0));
        var history = new HpaHistory([], [Event(6, 100)], []);
        Assert.Equal(6, ScalingPolicyLimits.GetReplicasChangePerPeriod(300, history.ScaleUpEvents, Now).Replicas);

        var after = ReplicaNormalizer.StoreScaleEvent(history, up, down, 10, 11, Now);

        Assert.Equal(new[] { new TimestampedScaleEvent(1, Now, false) }, after.ScaleUpEvents);
        Assert.Equal(1, ScalingPolicyLimits.GetReplicasChangePerPeriod(300, after.ScaleUpEvents, Now).Replicas);
    }

    [Fact]
    public void An_outdated_flag_sticks_after_the_longest_period_grows()
    {
        var history = new HpaHistory([], [], [new TimestampedScaleEvent(4, Ago(50), Outdated: true), Event(3, 10)]);
        var down = ScalingRulesDefaults.ScaleDown(GenerateScalingRules(0, 0, 50, 600, 0));

        var after = ReplicaNormalizer.StoreScaleEvent(history, ScalingRulesDefaults.ScaleUp(null), down, 10, 8, Now);

        Assert.Equal(new[] { new TimestampedScaleEvent(2, Now, false), Event(3, 10) }, after.ScaleDownEvents);
    }

    [Fact]
    public void MarkScaleEventsOutdated_flags_only_events_before_the_longest_period()
    {
        var marked = ReplicaNormalizer.MarkScaleEventsOutdated([Event(1, 61), Event(2, 60), Event(3, 5)], 60, Now);

        Assert.Equal(new[] { true, false, false }, marked.Select(e => e.Outdated));
        Assert.Equal(new[] { 1, 2, 3 }, marked.Select(e => e.ReplicaChange));
    }

    [Fact]
    public void Storing_a_scale_up_without_scale_up_rules_names_the_missing_rules()
    {
        var error = Assert.Throws<ArgumentNullException>(() =>
            ReplicaNormalizer.StoreScaleEvent(HpaHistory.Empty, null, ScalingRulesDefaults.ScaleDown(null), 2, 4, Now));

        Assert.Equal("scaleUp", error.ParamName);
        Assert.Contains("scale-up from 2 to 4 replicas", error.Message, StringComparison.Ordinal);
    }
}
