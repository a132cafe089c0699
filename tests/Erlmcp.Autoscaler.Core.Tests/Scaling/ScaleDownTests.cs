using Erlmcp.Autoscaler.Core.Scaling;
using static Erlmcp.Autoscaler.Core.Tests.Scaling.Given;

namespace Erlmcp.Autoscaler.Core.Tests.Scaling;

/// <summary>
/// Scale-down paths, driven second by second against the simulated cluster (health-check wait 5 s, drain rate
/// 500/s, limit 25,000): drain, shed, leave, and only then lower the StatefulSet.
/// </summary>
public sealed class ScaleDownTests
{
    private static readonly TimeSpan HealthCheckWait = TimeSpan.FromSeconds(5);

    [Fact]
    public void Scale_down_drains_sheds_leaves_the_cluster_and_only_then_lowers_the_StatefulSet()
    {
        var run = Run(Spec(3), 10_000, 10_000, 10_000, 6_000);

        Assert.True(run.RunUntilSteady(100));

        // Readiness false at once; listeners stop after 5 s, seen at 6 s; 6,000 at 500/s take 12 s; leave; lower.
        Assert.Equal(
            [
                (0, new BeginDrain(3, HealthCheckWait)),
                (6, new Shed(3, 6_000, 500, "drain: scale-down to 3 replicas")),
                (18, new LeaveCluster(3)),
                (19, new SetStatefulSetReplicas(3)),
            ],
            Timeline(run));
        Assert.Equal([new Removal(3, 0, T0.AddSeconds(19))], run.Cluster.Removals);
        Assert.Equal([12_000, 12_000, 12_000], run.Cluster.Pods.Values.Select(p => p.Connections));
        Assert.Equal(0, run.Cluster.Refused);
    }

    [Fact]
    public void Scale_down_by_two_drains_both_at_once_and_empties_them_from_the_highest()
    {
        var run = Run(Spec(2), 8_000, 8_000, 5_000, 4_000);

        Assert.True(run.RunUntilSteady(100));

        // Pod 2's turn begins the step pod 3 may go; the StatefulSet is lowered in that same step.
        Assert.Equal(
            [
                (0, new BeginDrain(3, HealthCheckWait)),
                (0, new BeginDrain(2, HealthCheckWait)),
                (6, new Shed(3, 4_000, 500, "drain: scale-down to 2 replicas")),
                (14, new LeaveCluster(3)),
                (15, new Shed(2, 5_000, 500, "drain: scale-down to 2 replicas")),
                (15, new SetStatefulSetReplicas(3)),
                (25, new LeaveCluster(2)),
                (26, new SetStatefulSetReplicas(2)),
            ],
            Timeline(run));
        Assert.Equal([12_500, 12_500], run.Cluster.Pods.Values.Select(p => p.Connections));
        Assert.All(run.Cluster.Removals, r => Assert.Equal(0, r.Connections));
    }

    [Fact]
    public void Shedding_is_limited_to_the_room_the_staying_pods_have_and_resumes_when_room_appears()
    {
        // The staying pods have 1,000 free each: only 2,000 of pod 2's 5,000 can move.
        var run = Run(Spec(2), 24_000, 24_000, 5_000);

        Assert.True(run.RunUntil(_ => run.Cluster.Now == T0.AddSeconds(30), 100));

        Assert.Equal(
            [
                (0, new ReportEvent(EventSeverity.Warning, "InsufficientCapacity",
                    "53000 connections do not fit in 2 pods of 25000: the drain will wait for room and hold at its deadline")),
                (0, new BeginDrain(2, HealthCheckWait)),
                (6, new Shed(2, 2_000, 500, "drain: scale-down to 2 replicas")),
            ],
            Timeline(run));
        Assert.Contains("erlmcp-2 is draining: close 2000 of its 5000 connections at 500/s (the staying pods have room for 2000 more)",
            run.Steps[6].Explanations.Select(d => d.Reason));
        Assert.Equal([25_000, 25_000, 3_000], run.Cluster.Pods.Values.Select(p => p.Connections));
        Assert.Equal(StalledBecause("InsufficientHeadroom", "InsufficientHeadroom: erlmcp-2"), Stalled(run.Steps[^1].NewPlan));

        // 4,000 clients leave pod 0 for good: room for the other 3,000.
        run.Cluster.Disconnect(0, 4_000);
        Assert.True(run.RunUntilSteady(100));

        Assert.Equal(new Shed(2, 3_000, 500, "drain: scale-down to 2 replicas"), run.Work()[3]);
        Assert.Equal([new Removal(2, 0, run.Cluster.Removals[0].At)], run.Cluster.Removals);
        Assert.Equal([24_000, 25_000], run.Cluster.Pods.Values.Select(p => p.Connections));
        Assert.Equal(0, run.Cluster.Refused);
    }

    [Fact]
    public void Past_the_deadline_HoldAndReport_keeps_the_pod_blocks_and_reports()
    {
        var spec = Spec(2) with { Drain = Spec(2).Drain with { Deadline = TimeSpan.FromSeconds(60) } };
        var run = Run(spec, 24_000, 24_000, 5_000);

        Assert.True(run.RunUntil(_ => run.Cluster.Now == T0.AddSeconds(90), 200));

        var deadline = run.Steps[60];
        Assert.Contains(new ReportEvent(EventSeverity.Warning, "DrainDeadlineExceeded",
            "erlmcp-2 still holds 3000 connections at its drain deadline: policy HoldAndReport, it stays and keeps draining as room allows"),
            deadline.Actions);
        Assert.Equal(PlanPhase.Blocked, deadline.NewPlan.Phase);
        Assert.Equal(StalledBecause("DrainDeadlineExceeded", "DrainDeadlineExceeded: erlmcp-2; InsufficientHeadroom: erlmcp-2"),
            Stalled(deadline.NewPlan));
        Assert.Single(run.Steps, s => s.Actions.OfType<ReportEvent>().Any(e => e.Reason == "DrainDeadlineExceeded"));
        Assert.Empty(run.Cluster.Removals);
        Assert.Equal(3, run.Cluster.Replicas);

        // Held, not abandoned: once there is room the drain completes.
        run.Cluster.Disconnect(1, 3_000);
        Assert.True(run.RunUntilSteady(100));
        Assert.Equal([new Removal(2, 0, run.Cluster.Removals[0].At)], run.Cluster.Removals);
    }

    [Fact]
    public void Past_the_deadline_Force_takes_the_pod_out_of_the_cluster_and_removes_it_with_its_clients()
    {
        var spec = Spec(2) with { Drain = Spec(2).Drain with { Deadline = TimeSpan.FromSeconds(60), DeadlinePolicy = DeadlinePolicy.Force } };
        var run = Run(spec, 24_000, 24_000, 5_000);

        Assert.True(run.RunUntilSteady(200));

        Assert.Equal(
            [
                (0, new ReportEvent(EventSeverity.Warning, "InsufficientCapacity",
                    "53000 connections do not fit in 2 pods of 25000: the drain will wait for room and cut clients off at its deadline")),
                (0, new BeginDrain(2, HealthCheckWait)),
                (6, new Shed(2, 2_000, 500, "drain: scale-down to 2 replicas")),
                (60, new ReportEvent(EventSeverity.Warning, "DrainDeadlineExceeded",
                    "erlmcp-2 still holds 3000 connections at its drain deadline: policy Force, it goes anyway and its clients reconnect elsewhere")),
                (60, new LeaveCluster(2)),
                (61, new SetStatefulSetReplicas(2)),
            ],
            Timeline(run));
        Assert.Equal([new Removal(2, 3_000, T0.AddSeconds(61))], run.Cluster.Removals);
        Assert.Empty(run.UnsafeRemovals);
        Assert.Equal(3_000, run.ForcedOff);
        Assert.Equal(3_000, run.Cluster.RefusedAfterCut);
        Assert.Equal(0, run.Cluster.Refused);
    }

    [Fact]
    public void A_further_scale_down_extends_the_plan_without_repeating_what_is_in_flight()
    {
        var run = Run(Spec(3), 10_000, 10_000, 10_000, 10_000);
        Assert.True(run.RunUntil(_ => run.Cluster.Now == T0.AddSeconds(8), 100));

        run.Spec = Spec(2);
        Assert.True(run.RunUntilSteady(200));

        // Pod 3's shed (10,000 at 500/s, from 6 s) runs on; pod 2 begins draining at 8 s, after taking a third of
        // the 1,000 clients pod 3 shed in the two seconds before, and empties after pod 3 left.
        Assert.Equal(
            [
                (0, new BeginDrain(3, HealthCheckWait)),
                (6, new Shed(3, 10_000, 500, "drain: scale-down to 3 replicas")),
                (8, new BeginDrain(2, HealthCheckWait)),
                (26, new LeaveCluster(3)),
                (27, new Shed(2, 10_333, 500, "drain: scale-down to 2 replicas")),
                (27, new SetStatefulSetReplicas(3)),
                (48, new LeaveCluster(2)),
                (49, new SetStatefulSetReplicas(2)),
            ],
            Timeline(run));
        Assert.Equal([20_000, 20_000], run.Cluster.Pods.Values.Select(p => p.Connections));
    }

    [Fact]
    public void A_pod_within_its_allowed_remainder_leaves_without_another_shed()
    {
        var spec = Spec(3) with { Drain = Spec(3).Drain with { AllowedRemainder = 100 } };
        var observed = Serving(T0, 10_000, 10_000, 10_000, 60)
            .With(3, p => p with { Node = Node(NodeState.Draining, accepting: false, T0, [0, 1, 2]) });

        var step = ScalePlanner.Step(spec, observed, null, T0);

        Assert.Equal([new LeaveCluster(3)], step.Work());
        Assert.Equal("erlmcp-3 is empty (60 connections): leave the Erlang cluster before it is removed", step.Explanations[0].Reason);
    }

    [Fact]
    public void The_remainder_is_not_cut_off_when_the_staying_pods_have_no_room_for_it()
    {
        var spec = Spec(3) with { Drain = Spec(3).Drain with { AllowedRemainder = 100 } };
        var observed = Serving(T0, 25_000, 24_990, 24_990, 60)
            .With(3, p => p with { Node = Node(NodeState.Draining, accepting: false, T0, [0, 1, 2]) });

        var step = ScalePlanner.Step(spec, observed, null, T0);

        // The staying pods have room for 20 of its 60: those are shed, the rest wait (and the shortfall is reported).
        Assert.Equal(
            [
                new ReportEvent(EventSeverity.Warning, "InsufficientCapacity",
                    "75040 connections do not fit in 3 pods of 25000: the drain will wait for room and hold at its deadline"),
                new Shed(3, 20, 500, "drain: scale-down to 3 replicas"),
            ],
            step.Work());
    }

    private static List<(int Second, PlannedAction Action)> Timeline(PlannerRun run) =>
        [.. run.Cluster.Applied.Where(a => a.Action is not ReportCondition).Select(a => ((int)(a.At - T0).TotalSeconds, a.Action))];

    private static (bool, string, string) StalledBecause(string reason, string message) => (true, reason, message);

    private static (bool, string, string) Stalled(PlanState plan) =>
        plan.Conditions.Single(c => c.Type == "Stalled") is var c ? (c.Status, c.Reason, c.Message) : default;
}
