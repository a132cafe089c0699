using Erlmcp.Autoscaler.Core.Scaling;
using static Erlmcp.Autoscaler.Core.Tests.Scaling.Given;

namespace Erlmcp.Autoscaler.Core.Tests.Scaling;

/// <summary>The desired count rises again while pods drain: the pods that now stay serve again.</summary>
public sealed class ChangeOfMindTests
{
    [Fact]
    public void A_scale_up_mid_drain_cancels_the_shed_and_ends_the_drains_of_the_pods_that_now_stay()
    {
        var run = Run(Spec(2), 10_000, 10_000, 10_000, 10_000);
        Assert.True(run.RunUntil(_ => run.Cluster.Now == T0.AddSeconds(10), 20));
        Assert.Equal(8_000, run.Cluster.Connections(3));

        run.Spec = Spec(4);
        var flip = run.Tick();

        Assert.Equal([new EndDrain(2), new CancelShed(3, 1), new EndDrain(3)], flip.Work());
        Assert.Equal(
            [
                "erlmcp-2 stays (target 4): end its drain so it serves again",
                "erlmcp-3 stays (target 4): stop shedding its connections",
                "erlmcp-3 stays (target 4): end its drain so it serves again",
            ],
            flip.Explanations.Where(d => d.Action is EndDrain or CancelShed).Select(d => d.Reason));
        Assert.Equal(PlanPhase.ScalingUp, flip.NewPlan.Phase);
        Assert.Equal([PodStage.Undraining, PodStage.Undraining], flip.NewPlan.Pods.Select(p => p.Stage));

        Assert.True(run.RunUntilSteady(200));
        Assert.DoesNotContain(run.Work(), a => a is SetStatefulSetReplicas);
        Assert.Empty(run.Cluster.Removals);
        Assert.All(run.Cluster.Pods.Values, p => Assert.Equal((NodeState.Serving, true), (p.State, p.Accepting)));
        Assert.Equal(40_000, run.Cluster.ConnectedClients);
    }

    [Fact]
    public void A_scale_up_that_keeps_only_some_of_the_draining_pods_lets_the_others_go()
    {
        var run = Run(Spec(2), 10_000, 10_000, 10_000, 10_000);
        Assert.True(run.RunUntil(_ => run.Cluster.Now == T0.AddSeconds(10), 20));

        run.Spec = Spec(3);
        var flip = run.Tick();

        Assert.Equal([new EndDrain(2)], flip.Work());
        Assert.True(run.RunUntilSteady(200));
        Assert.Equal([new Removal(3, 0, run.Cluster.Removals[0].At)], run.Cluster.Removals);
        Assert.Equal([0, 1, 2], run.Cluster.Pods.Keys);
    }

    [Fact]
    public void A_pod_that_already_left_the_cluster_ends_its_drain_and_rejoins()
    {
        var run = Run(Spec(3), 10_000, 10_000, 10_000, 100);
        Assert.True(run.RunUntil(s => s.Actions.OfType<LeaveCluster>().Any(), 50));
        Assert.Empty(run.Cluster.Pods[3].Peers);

        run.Spec = Spec(4);
        Assert.Equal([new EndDrain(3)], run.Tick().Work());
        Assert.Equal([new JoinCluster(3, [0])], run.Tick().Work());
        Assert.True(run.RunUntilSteady(50));

        Assert.Equal([0, 1, 2], run.Cluster.Pods[3].Peers.Order());
        Assert.Empty(run.Cluster.Removals);
    }
}
