using Erlmcp.Autoscaler.Core.Scaling;
using static Erlmcp.Autoscaler.Core.Tests.Scaling.Given;

namespace Erlmcp.Autoscaler.Core.Tests.Scaling;

/// <summary>
/// Scale-up paths against the simulated cluster (pods start in 5 s; rebalance thresholds 1,000 and x1.1 at 500/s,
/// cooldown 1 min; join timeout 2 min): raise, join through the seeds, rebalance, roll back a pod that never starts.
/// </summary>
public sealed class ScaleUpTests
{
    [Fact]
    public void Scale_up_raises_the_StatefulSet_joins_each_new_pod_through_the_seeds_then_rebalances()
    {
        var run = Run(Spec(4), 20_000, 20_000);

        Assert.True(run.RunUntilSteady(100));

        // Pods are created at 1 s and ready at 6 s. The donors go down to 10,500 and the new pods fill to 9,500:
        // within the absolute threshold of 1,000, and 10,501 would not be.
        Assert.Equal(
            [
                (0, new SetStatefulSetReplicas(4)),
                (6, new JoinCluster(2, [0])),
                (6, new JoinCluster(3, [0])),
                (7, new Shed(0, 9_500, 500, "rebalance")),
                (7, new Shed(1, 9_500, 500, "rebalance")),
            ],
            Timeline(run));
        Assert.Equal([10_500, 10_500, 9_500, 9_500], run.Cluster.Pods.Values.Select(p => p.Connections));
        Assert.All(run.Cluster.Pods.Values, p => Assert.Equal(3, p.Peers.Count));
        Assert.Equal(
            "unbalanced (erlmcp-0 holds 20000, erlmcp-2 0, beyond 1000 and x1.1): close 9500 of erlmcp-0's connections at 500/s to bring it from 20000 to 10500",
            run.Steps[7].Explanations.First(d => d.Action is Shed).Reason);
        Assert.Equal(
            [PlanPhase.ScalingUp, PlanPhase.Rebalancing, PlanPhase.Steady],
            run.Steps.Select(s => s.NewPlan.Phase).Distinct());
    }

    [Fact]
    public void Each_new_pod_gets_the_configured_seeds_that_survive()
    {
        // Seed 5 is one of the new pods, so it is no seed; 0 and 1 are.
        var run = Run(Spec(3) with { Join = Spec(3).Join with { SeedOrdinals = [5, 1, 0] } }, 1_000, 1_000);

        Assert.True(run.RunUntilSteady(100));

        Assert.Equal([new JoinCluster(2, [1, 0])], run.Work().OfType<JoinCluster>());
    }

    [Fact]
    public void A_scale_up_during_a_scale_up_extends_it()
    {
        var run = Run(Spec(3), 10_000, 10_000);
        Assert.True(run.RunUntil(_ => run.Cluster.Now == T0.AddSeconds(3), 10));

        run.Spec = Spec(5);
        Assert.True(run.RunUntilSteady(100));

        Assert.Equal([new SetStatefulSetReplicas(3), new SetStatefulSetReplicas(5)], run.Work().OfType<SetStatefulSetReplicas>());
        Assert.Equal([2, 3, 4], run.Work().OfType<JoinCluster>().Select(j => j.Pod));
        Assert.Equal(5, run.Cluster.Pods.Count);
        Assert.Equal(20_000, run.Cluster.ConnectedClients);
    }

    [Fact]
    public void Rebalancing_waits_for_the_cooldown_between_rebalances()
    {
        var run = Run(Spec(3), 15_000, 15_000);
        Assert.True(run.RunUntilSteady(100));
        var firstEnded = run.Steps[^1].NewPlan.LastRebalanceAt!.Value;
        // 10,333 is the highest donor level within 1,000 of what the new pod fills up to (2 x 4,667).
        Assert.Equal([10_333, 10_333, 9_334], run.Cluster.Pods.Values.Select(p => p.Connections));

        // Pod 2's clients all leave: unbalanced again, but the next rebalance waits until a minute after the last.
        run.Cluster.Disconnect(2, 9_334);
        Assert.True(run.RunUntil(s => s.Actions.OfType<Shed>().Any(), 100));

        Assert.Equal(firstEnded + TimeSpan.FromMinutes(1), run.LastStepAt);
        Assert.Contains(run.Steps[^2].Explanations, d => d.Reason == $"unbalanced (erlmcp-0 holds 10333, erlmcp-2 0); the rebalance cooldown ends at {firstEnded.AddMinutes(1):O}");
        Assert.Equal(PlanPhase.Rebalancing, run.Steps[^2].NewPlan.Phase);
        // Donors at 7,222 and pod 2 at 6,222: the highest level within 1,000.
        Assert.Equal([new Shed(0, 3_111, 500, "rebalance"), new Shed(1, 3_111, 500, "rebalance")], run.Steps[^1].Work());
    }

    [Fact]
    public void A_new_pod_that_never_becomes_ready_is_rolled_back_and_retried_later()
    {
        var run = Run(Spec(4), 10_000, 10_000);
        run.Cluster.NeverReady.Add(3);

        Assert.True(run.RunUntil(_ => run.Cluster.Now == T0.AddSeconds(130), 200));

        // Pod 3 was created at 1 s: its deadline is 2 min later. Pod 2 joined and stays.
        var rollback = run.Steps[121];
        Assert.Equal(
            [
                new ReportEvent(EventSeverity.Warning, "ScaleUpRolledBack",
                    $"erlmcp-3 did not become ready within 00:02:00: rolling the scale-up to 4 back to 3 replicas; retrying at {T0.AddSeconds(721):O}"),
                new SetStatefulSetReplicas(3),
            ],
            rollback.Work());
        Assert.Equal(PlanPhase.RollingBack, rollback.NewPlan.Phase);
        var held = run.Steps[^1].NewPlan;
        Assert.Equal(PlanPhase.Blocked, held.Phase);
        Assert.Equal(new RollbackRecord(3, 4, 3, T0.AddSeconds(721)), held.Rollback);
        Assert.Equal(
            ("ScaleUpRolledBack", $"ScaleUpRolledBack: erlmcp-3 did not become ready and join in time; holding 3 replicas until {T0.AddSeconds(721):O}"),
            held.Conditions.Where(c => c.Type == "Stalled").Select(c => (c.Reason, c.Message)).Single());
        Assert.Equal([0, 1, 2], run.Cluster.Pods.Keys);
        Assert.Equal([1, 2], run.Cluster.Pods[0].Peers.Order());

        // Ten minutes later the scale-up is tried again.
        Assert.True(run.RunUntil(s => s.Actions.OfType<SetStatefulSetReplicas>().Any(), 700));
        Assert.Equal(T0.AddSeconds(721), run.LastStepAt);
        Assert.Equal(new SetStatefulSetReplicas(4), run.Steps[^1].Actions.OfType<SetStatefulSetReplicas>().Single());
        Assert.Null(run.Steps[^1].NewPlan.Rollback);
    }

    [Fact]
    public void A_scale_down_before_the_new_pods_are_ready_removes_them_without_a_drain()
    {
        var run = Run(Spec(4), 10_000, 10_000);
        run.Cluster.StartupDelay = TimeSpan.FromSeconds(30);
        Assert.True(run.RunUntil(_ => run.Cluster.Now == T0.AddSeconds(5), 10));

        run.Spec = Spec(2);
        Assert.True(run.RunUntilSteady(10));

        Assert.Equal([(0, new SetStatefulSetReplicas(4)), (5, new SetStatefulSetReplicas(2))], Timeline(run));
        Assert.Contains("erlmcp-2 never became ready, so it holds no clients", run.Steps[5].Explanations.Single(d => d.Action is SetStatefulSetReplicas).Reason);
    }

    [Fact]
    public void A_new_pod_that_joined_without_ever_becoming_ready_leaves_the_cluster_before_it_is_removed()
    {
        // The plan adds pod 2, which then reports the others as peers without ever becoming ready.
        var before = Serving(T0.AddSeconds(-1), 10_000, 10_000);
        var plan = ScalePlanner.Step(Spec(3), before, null, T0.AddSeconds(-1)).NewPlan;
        var observed = Serving(T0, 10_000, 10_000).With(0, p => p with { Node = p.Node! with { ClusterPeers = [1, 2] } }) with
        {
            StatefulSetReplicas = 3,
        };
        observed = observed with
        {
            Pods = [.. observed.Pods, new PodObservation(2, Ready: false, Node: Node(NodeState.Serving, accepting: true, T0, [0, 1]))],
        };

        var step = ScalePlanner.Step(Spec(2), observed, plan, T0);

        Assert.Equal([new BeginDrain(2, TimeSpan.FromSeconds(5)), new LeaveCluster(2)], step.Work());

        var left = observed.With(2, p => p with { Node = Node(NodeState.Leaving, accepting: false, T0.AddSeconds(2), []) });
        Assert.Equal([new SetStatefulSetReplicas(2)], ScalePlanner.Step(Spec(2), left, step.NewPlan, T0.AddSeconds(2)).Work());
    }

    private static List<(int Second, PlannedAction Action)> Timeline(PlannerRun run) =>
        [.. run.Cluster.Applied.Where(a => a.Action is not ReportCondition).Select(a => ((int)(a.At - T0).TotalSeconds, a.Action))];
}
