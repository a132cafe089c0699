using Erlmcp.Autoscaler.Core.Scaling;
using static Erlmcp.Autoscaler.Core.Tests.Scaling.Given;

namespace Erlmcp.Autoscaler.Core.Tests.Scaling;

/// <summary>
/// Nodes that do not answer, pods that vanish, stale counts, wishes out of range, bad specs and observations.
/// </summary>
public sealed class FaultTests
{
    [Fact]
    public void A_node_that_does_not_answer_is_called_again_after_a_doubling_backoff_and_as_soon_as_it_answers()
    {
        var run = Run(Spec(3), 10_000, 10_000, 10_000, 2_000);
        run.Cluster.Silent.Add(3);
        Assert.True(run.RunUntil(_ => run.Cluster.Now == T0.AddSeconds(40), 50));

        // Retry backoff 5 s, doubling: calls at 0, 5, 15 and 35 s.
        Assert.Equal([0, 5, 15, 35], BeginDrainSeconds(run));
        Assert.Equal(
            "erlmcp-3 goes (target 3): readiness false so that Services stop sending it clients (attempt 2: the node did not answer for 00:00:05)",
            run.Steps[5].Explanations.Single(d => d.Action is BeginDrain).Reason);
        var stalled = run.Steps[^1].NewPlan.Conditions.Single(c => c.Type == "Stalled");
        Assert.Equal((true, "NodeNotAnswering", "NodeNotAnswering: erlmcp-3"), (stalled.Status, stalled.Reason, stalled.Message));

        // It answers again at 40 s: called at once rather than after the 40 s the next backoff would be.
        run.Cluster.Silent.Remove(3);
        Assert.True(run.RunUntilSteady(100));
        Assert.Equal([0, 5, 15, 35, 40], BeginDrainSeconds(run));
        Assert.EndsWith("(attempt 5: the node answers again)", run.Steps[40].Explanations.Single(d => d.Action is BeginDrain).Reason);
        Assert.Equal([new Removal(3, 0, run.Cluster.Removals[0].At)], run.Cluster.Removals);
    }

    [Fact]
    public void A_pod_that_vanishes_while_it_drains_is_treated_as_gone()
    {
        var run = Run(Spec(3), 10_000, 10_000, 10_000, 10_000);
        Assert.True(run.RunUntil(_ => run.Cluster.Now == T0.AddSeconds(8), 20));

        run.Cluster.Delete(3);
        var step = run.Tick();

        Assert.Equal([new SetStatefulSetReplicas(3)], step.Work());
        Assert.Equal("lower the StatefulSet to 3: erlmcp-3 no longer exists", step.Explanations.Single(d => d.Action is SetStatefulSetReplicas).Reason);
        Assert.True(run.RunUntilSteady(20));
        Assert.DoesNotContain(run.Work(), a => a is LeaveCluster);
        Assert.Equal(40_000, run.Cluster.ConnectedClients);
    }

    [Fact]
    public void A_staying_pod_that_vanishes_is_waited_for_and_rejoined_when_the_StatefulSet_recreates_it()
    {
        var run = Run(Spec(3), 10_000, 10_000, 10_000, 2_000);
        Assert.True(run.RunUntil(_ => run.Cluster.Now == T0.AddSeconds(3), 10));

        run.Cluster.Delete(1);
        var missing = run.Tick();

        Assert.Contains("erlmcp-1 is missing; waiting for the StatefulSet to recreate it", missing.Explanations.Select(d => d.Reason));
        Assert.Equal((true, "PodMissing", "PodMissing: erlmcp-1"),
            missing.NewPlan.Conditions.Where(c => c.Type == "Stalled").Select(c => (c.Status, c.Reason, c.Message)).Single());

        // Recreated at 4 s, ready at 9 s; meanwhile pod 3 drains into pods 0 and 2.
        Assert.True(run.RunUntilSteady(200));
        Assert.Equal([new JoinCluster(1, [0])], run.Work().OfType<JoinCluster>());
        Assert.Equal(9, (int)(run.Cluster.Applied.Single(a => a.Action is JoinCluster).At - T0).TotalSeconds);
        Assert.Equal([0, 1, 2], run.Cluster.Pods.Keys);
        Assert.Equal(32_000, run.Cluster.ConnectedClients);
    }

    [Fact]
    public void A_draining_pod_is_not_shed_from_or_removed_on_a_count_older_than_the_staleness_bound()
    {
        var run = Run(Spec(3), 10_000, 10_000, 10_000, 4_000);
        run.Cluster.FreezeCount(3);
        Assert.True(run.RunUntil(_ => run.Cluster.Now == T0.AddSeconds(30), 40));

        Assert.DoesNotContain(run.Work(), a => a is Shed);
        Assert.Contains(
            "erlmcp-3 has no connection count taken since it stopped accepting and younger than 00:00:15; its drain waits for one",
            run.Steps[^1].Explanations.Select(d => d.Reason));
        Assert.Equal((true, "StaleConnectionCounts", "StaleConnectionCounts: erlmcp-3"),
            run.Steps[^1].NewPlan.Conditions.Where(c => c.Type == "Stalled").Select(c => (c.Status, c.Reason, c.Message)).Single());

        run.Cluster.ThawCount(3);
        Assert.Equal([new Shed(3, 4_000, 500, "drain: scale-down to 3 replicas")], run.Tick().Work());
        Assert.True(run.RunUntilSteady(30));
    }

    [Fact]
    public void A_staying_pod_with_a_stale_count_is_given_no_room_and_reported()
    {
        // Pod 0's count is 30 s old: its 1,000 free are not counted on, so only pods 1 and 2's 2,000 are.
        var observed = Serving(T0, 24_000, 24_000, 24_000, 5_000)
            .With(0, p => p with { Connections = new ConnectionCount(24_000, T0.AddSeconds(-30)) })
            .With(3, p => p with { Node = Node(NodeState.Draining, accepting: false, T0, [0, 1, 2]) });

        var step = ScalePlanner.Step(Spec(3), observed, null, T0);

        Assert.Contains(new Shed(3, 2_000, 500, "drain: scale-down to 3 replicas"), step.Actions);
        Assert.Equal((true, "StaleConnectionCounts", "StaleConnectionCounts: erlmcp-0"),
            step.NewPlan.Conditions.Where(c => c.Type == "Stalled").Select(c => (c.Status, c.Reason, c.Message)).Single());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(101)]
    public void A_desired_count_out_of_range_is_not_acted_on_and_is_reported(int desired)
    {
        var observed = Serving(T0, 10_000, 10_000, 10_000);

        var step = ScalePlanner.Step(Spec(desired), observed, null, T0);

        Assert.Equal(3, step.NewPlan.Target);
        Assert.Equal(PlanPhase.Steady, step.NewPlan.Phase);
        Assert.DoesNotContain(step.Actions, a => a is not ReportCondition);
        Assert.Equal((true, "DesiredReplicasOutOfRange", $"DesiredReplicasOutOfRange: desired replicas {desired} is outside 1..100; holding 3"),
            step.NewPlan.Conditions.Where(c => c.Type == "Stalled").Select(c => (c.Status, c.Reason, c.Message)).Single());
    }

    [Fact]
    public void An_invalid_spec_blocks_the_plan_and_is_reported_field_by_field()
    {
        var observed = Serving(T0, 10_000, 10_000, 10_000);
        var running = ScalePlanner.Step(Spec(2), observed, null, T0).NewPlan;
        var spec = Spec(2) with { Drain = Spec(2).Drain with { ShedRatePerSecond = 0 }, ConnectionTarget = 30_000 };

        var step = ScalePlanner.Step(spec, observed, running, T0.AddSeconds(1));

        Assert.Equal(PlanPhase.Blocked, step.NewPlan.Phase);
        Assert.Equal(running.Pods, step.NewPlan.Pods);
        Assert.Equal(running.Issued, step.NewPlan.Issued);
        Assert.All(step.Actions, a => Assert.IsType<ReportCondition>(a));
        Assert.Equal(
            (true, "InvalidSpec",
                "InvalidSpec: connectionTarget: must not exceed connectionLimit (25000), was 30000; drain.shedRatePerSecond: must be positive, was 0"),
            step.NewPlan.Conditions.Where(c => c.Type == "Stalled").Select(c => (c.Status, c.Reason, c.Message)).Single());
    }

    [Fact]
    public void Conditions_are_reported_when_they_change_and_only_then()
    {
        var observed = Serving(T0, 10_000, 10_000);

        var first = ScalePlanner.Step(Spec(2), observed, null, T0);
        var second = ScalePlanner.Step(Spec(2), observed with { }, first.NewPlan, T0.AddSeconds(1));
        var third = ScalePlanner.Step(Spec(3), observed, second.NewPlan, T0.AddSeconds(2));

        Assert.Equal(
            [
                new ReportCondition(new PlanCondition("Progressing", false, "Steady", "steady at 2 replicas", T0)),
                new ReportCondition(new PlanCondition("Stalled", false, "NotStalled", "", T0)),
            ],
            first.Actions);
        Assert.Empty(second.Actions);
        Assert.Equal(
            [
                new SetStatefulSetReplicas(3),
                new ReportCondition(new PlanCondition("Progressing", true, "ScalingUp", "scaling up from 2 to 3 replicas", T0.AddSeconds(2))),
            ],
            third.Actions);
    }

    [Theory]
    [InlineData(-1, 0, 0, "statefulSetReplicas must not be negative, was -1")]
    [InlineData(2, 0, 0, "pods[1].ordinal 0 appears twice")]
    [InlineData(2, -3, 1, "pods[0].ordinal must not be negative, was -3")]
    public void A_malformed_observation_is_rejected_naming_the_field(int replicas, int firstOrdinal, int secondOrdinal, string message)
    {
        var observed = new ClusterObservation(replicas, [new PodObservation(firstOrdinal, true), new PodObservation(secondOrdinal, true)]);

        var error = Assert.Throws<ArgumentException>(() => ScalePlanner.Step(Spec(2), observed, null, T0));

        Assert.StartsWith(message, error.Message);
    }

    [Fact]
    public void A_negative_count_is_rejected_naming_the_pod()
    {
        var observed = Serving(T0, 10, 20).With(1, p => p with { Connections = new ConnectionCount(-5, T0) });

        var error = Assert.Throws<ArgumentException>(() => ScalePlanner.Step(Spec(2), observed, null, T0));

        Assert.StartsWith("pods[1].connections must not be negative, was -5", error.Message);
    }

    private static List<int> BeginDrainSeconds(PlannerRun run) =>
        [.. run.Cluster.Applied.Where(a => a.Action is BeginDrain).Select(a => (int)(a.At - T0).TotalSeconds)];
}
