using Erlmcp.Autoscaler.Core.Scaling;
using Erlmcp.Autoscaler.Erlang.Terms;
using Erlmcp.Autoscaler.Server.Coordinator;
using Erlmcp.Autoscaler.Erlang.Tests.Support;

namespace Erlmcp.Autoscaler.Server.Tests.EndToEnd;

/// <summary>
/// The harness itself, without a coordinator: the client pools, the Service they see, and the in-memory
/// StatefulSet starting, stopping and restarting real nodes. Counts are exact: least-connections per pool spreads
/// an even crowd evenly.
/// </summary>
[Collection(EndToEndTestGroup.Name)]
[Trait("Category", "EndToEnd")]
public sealed class HarnessTests(EndToEndFixture fixture)
{
    private static readonly ClusterSpec Spec = new() { DesiredReplicas = 3 };

    /// <remarks>Two pools of 1,500 clients: 500 per pod per pool, then 750 on each of two pods, so no tie is left to chance.</remarks>
    [Fact]
    public async Task Pools_spread_clients_evenly_and_shed_clients_reconnect_to_the_ready_pods()
    {
        await using var environment = await EndToEndEnvironment.StartAsync(fixture, Spec, replicas: 3, pools: 2, clients: 3_000);
        var cluster = environment.Cluster;

        var start = await environment.Clients.StatsAsync();
        Assert.Equal(3_000, start.TotalConnects);
        Assert.Equal(0, start.TotalRefusals);
        Assert.Equal(0, start.Reconnects);
        Assert.Equal(Counts(("erlmcp-0", 1_000), ("erlmcp-1", 1_000), ("erlmcp-2", 1_000)), start.Open);
        Assert.Equal(Counts(("erlmcp-0", 1_000), ("erlmcp-1", 1_000), ("erlmcp-2", 1_000)), await environment.AgentCountsAsync());
        Assert.Equal([cluster.NodeName(1), cluster.NodeName(2)], (await cluster.VisibleNodesOfAsync(0)).Order(StringComparer.Ordinal));

        // Drain pod 2 by hand: the Service drops it, its listener stops, and its clients move to pods 0 and 1.
        var pod2 = fixture.Distribution.GetClient(cluster.NodeName(2));
        await pod2.RpcAsync("erlmcp_scale_admin", "begin_drain", [new ErlangMap((new ErlangAtom("health_check_wait_ms"), 500L))]);
        await Eventually.HoldsAsync("pod 2 out of the Service and not accepting", async () =>
            !cluster.Pods[2].Ready && !(await pod2.RpcAsync("erlmcp_scale_admin", "status", [])).UnwrapOk().AsMap()["accepting"].AsBool());
        await pod2.RpcAsync("erlmcp_scale_admin", "shed", [new ErlangMap((new ErlangAtom("count"), 1_000L), (new ErlangAtom("rate_per_s"), 5_000L))]);

        await Eventually.HoldsAsync("pod 2's clients shed", async () => (await environment.Clients.StatsAsync()).Sheds.GetValueOrDefault("erlmcp-2") == 1_000);
        var moved = await environment.WaitForAllConnectedAsync("pod 2's clients reconnected");
        Assert.Equal(Counts(("erlmcp-0", 1_500), ("erlmcp-1", 1_500), ("erlmcp-2", 0)), moved.Open);
        Assert.Equal(Counts(("erlmcp-2", 1_000)), moved.Sheds);
        Assert.Equal(1_000, moved.Reconnects);
        Assert.Equal(4_000, moved.TotalConnects);
        Assert.Equal(0, moved.TotalRefusals);
        Assert.Equal(Counts(("erlmcp-0", 1_500), ("erlmcp-1", 1_500), ("erlmcp-2", 0)), await environment.AgentCountsAsync());

        // Lowering the StatefulSet stops the highest pod with SIGTERM; raising it starts fresh nodes that serve.
        await cluster.ScaleStatefulSetAsync(InMemoryCluster.Namespace, InMemoryCluster.StatefulSetName, 2, CancellationToken.None);
        await cluster.WaitForReconcileAsync();
        Assert.Equal([0, 1], cluster.Pods.Select(p => p.Ordinal));
        Assert.Equal([new PodStopped(0, "erlmcp-2", Crash: false, 0)], cluster.History.Stops.Select(s => s with { Sequence = 0 }));

        await cluster.ScaleStatefulSetAsync(InMemoryCluster.Namespace, InMemoryCluster.StatefulSetName, 4, CancellationToken.None);
        await cluster.WaitForReconcileAsync();
        await Eventually.HoldsAsync("pods 2 and 3 ready", () => Task.FromResult(cluster.Pods.Count(p => p.Ready) == 4));
        Assert.Equal([3, 2, 4], cluster.History.Scales.Select(s => s.To));
        var statefulSet = await cluster.GetStatefulSetAsync(InMemoryCluster.Namespace, InMemoryCluster.StatefulSetName, CancellationToken.None);
        Assert.Equal(
            [new("erlmcp-0", 0, true, false), new("erlmcp-1", 1, true, false), new("erlmcp-2", 2, true, false), new PodSnapshot("erlmcp-3", 3, true, false)],
            statefulSet!.Pods);
        // A new pod is not in the Erlang cluster until the coordinator joins it.
        Assert.Empty(await cluster.VisibleNodesOfAsync(3));

        var end = await environment.WaitForAllConnectedAsync("every client still connected");
        Assert.Equal(moved.Open.Values.Sum(), end.TotalOpen);
        Assert.Equal(0, end.TotalRefusals);
    }

    [Fact]
    public async Task A_crashed_pod_is_restarted_and_its_clients_reconnect_elsewhere()
    {
        await using var environment = await EndToEndEnvironment.StartAsync(fixture, Spec, replicas: 2, pools: 2, clients: 2_000);
        var cluster = environment.Cluster;
        var listenerBefore = cluster.Pods[1].ListenerPort;

        await cluster.CrashPodAsync(1);
        await Eventually.HoldsAsync("pod 1's clients cut off", async () => (await environment.Clients.StatsAsync()).Sheds.GetValueOrDefault("erlmcp-1") == 1_000);

        var after = await environment.WaitForAllConnectedAsync("pod 1's clients reconnected");
        Assert.Equal([new PodStopped(0, "erlmcp-1", Crash: true, 1_000)], cluster.History.Stops.Select(s => s with { Sequence = 0 }));
        Assert.Equal(Counts(("erlmcp-1", 1_000)), after.Sheds);
        Assert.Equal(1_000, after.Reconnects);
        Assert.Equal(2_000, after.TotalOpen);
        // Clients may be refused by the dead pod until its probe fails and the Service drops it; by no other pod.
        Assert.All(after.Refusals, refusals => Assert.Equal("erlmcp-1", refusals.Key));

        await cluster.WaitForReconcileAsync();
        await Eventually.HoldsAsync("pod 1 ready again", () => Task.FromResult(cluster.Pods[1].Ready));
        Assert.NotEqual(listenerBefore, cluster.Pods[1].ListenerPort);
        var restarted = (await fixture.Distribution.GetClient(cluster.NodeName(1)).RpcAsync("erlmcp_scale_admin", "status", [])).UnwrapOk().AsMap();
        Assert.Equal("serving", restarted["state"].AsAtom());
    }

    private static Dictionary<string, long> Counts(params (string Pod, long Count)[] counts) =>
        counts.ToDictionary(c => c.Pod, c => c.Count, StringComparer.Ordinal);
}
