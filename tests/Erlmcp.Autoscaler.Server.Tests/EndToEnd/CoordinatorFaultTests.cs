using Erlmcp.Autoscaler.Core.Scaling;
using Erlmcp.Autoscaler.Erlang.Tests.Support;
using Xunit.Abstractions;

namespace Erlmcp.Autoscaler.Server.Tests.EndToEnd;

/// <summary>
/// Issue 5's faults, in real time with real nodes and clients: a node killed while it sheds, a coordinator killed
/// mid-drain and replaced, and the HPA changing its mind mid-drain. Shedding is slowed to 500/s so that each fault
/// lands while connections are still moving.
/// </summary>
[Collection(EndToEndTestGroup.Name)]
[Trait("Category", "EndToEnd")]
public sealed class CoordinatorFaultTests(EndToEndFixture fixture, ITestOutputHelper output)
{
    private const int Clients = 6_000;
    private const int SlowShed = 500;

    [Fact]
    public async Task A_node_killed_while_it_sheds_loses_no_client_and_the_plan_ends_steady()
    {
        await using var environment = await EndToEndEnvironment.StartAsync(fixture, FastSpec.For(3, SlowShed), replicas: 3, pools: 2, clients: Clients);
        var cluster = environment.Cluster;
        await using var coordinator = RunningCoordinator.Start("coordinator", environment);

        cluster.SetDesiredReplicas(2);
        await environment.WaitForStageAsync(2, PodStage.Shedding);
        await Eventually.HoldsAsync("pod 2 shedding its clients", async () => (await environment.Clients.StatsAsync()).Sheds.GetValueOrDefault("erlmcp-2") > 200);
        await cluster.CrashPodAsync(2);

        await environment.WaitForSteadyAsync(2);
        var end = await environment.WaitForAllConnectedAsync("every client reconnected");
        History.Write(output, cluster.History);
        output.WriteLine(end.ToString());

        var crash = Assert.Single(cluster.History.Stops, s => s.Crash);
        Assert.Equal("erlmcp-2", crash.Pod);
        Assert.InRange(crash.Connections ?? -1, 1, Clients);
        // The coordinator reported the silent node (a failed call, or the plan stalled on it) before it recovered.
        Assert.Contains(cluster.History.Events, e => e.Message.Contains("erlmcp-2", StringComparison.Ordinal)
            && (e.Severity == EventSeverity.Warning || e.Message.Contains("NodeNotAnswering", StringComparison.Ordinal)));
        // Pod 2 was out of the Service when it died, so no client was sent to the dead node; its clients went to 0 and 1.
        Assert.Equal(environment.Baseline.TotalRefusals, end.TotalRefusals);
        Assert.Equal(Clients, end.TotalOpen);
        Assert.Equal(end.TotalSheds, end.Reconnects);
        Assert.Equal(Clients, (await environment.AgentCountsAsync()).Values.Sum());
        // The restarted pod came back serving; the plan drained it again and removed it only once empty.
        Assert.Equal([0L], cluster.History.Stops.Where(s => !s.Crash).Select(s => s.Connections));
        Assert.Equal(2, cluster.History.Scales[^1].To);
    }

    [Fact]
    public async Task A_coordinator_killed_mid_drain_is_replaced_by_one_that_resumes_from_the_status()
    {
        await using var environment = await EndToEndEnvironment.StartAsync(fixture, FastSpec.For(4, SlowShed), replicas: 4, pools: 2, clients: Clients);
        var cluster = environment.Cluster;
        var first = RunningCoordinator.Start("first", environment);
        await using var second = new CoordinatorSlot();
        try
        {
            cluster.SetDesiredReplicas(2);
            await environment.WaitForStageAsync(3, PodStage.Shedding);
            await Eventually.HoldsAsync("pod 3 shedding its clients", async () => (await environment.Clients.StatsAsync()).Sheds.GetValueOrDefault("erlmcp-3") > 200);
        }
        finally
        {
            await first.DisposeAsync();
        }

        var drainedByFirst = cluster.History.NodeCalls.Where(c => c.Coordinator == "first" && c.Call == "begin_drain" && c.Succeeded).Select(c => c.Pod).ToHashSet();
        var resumedFrom = cluster.Status.Plan;
        Assert.NotNull(resumedFrom);
        Assert.Contains("erlmcp-3", drainedByFirst);

        second.Coordinator = RunningCoordinator.Start("second", environment);
        await environment.WaitForSteadyAsync(2);
        var end = await environment.WaitForAllConnectedAsync("every client reconnected");
        History.Write(output, cluster.History);
        output.WriteLine(end.ToString());

        var secondDrains = cluster.History.NodeCalls.Where(c => c.Coordinator == "second" && c.Call == "begin_drain").Select(c => c.Pod);
        Assert.DoesNotContain(secondDrains, drainedByFirst.Contains);
        Assert.Equal(environment.Baseline.TotalRefusals, end.TotalRefusals);
        Assert.Equal(Clients, end.TotalOpen);
        Assert.Equal(end.TotalSheds, end.Reconnects);
        History.AssertRemovedEmptyAfterLeaving(cluster.History, [2, 3]);
    }

    [Fact]
    public async Task Raising_replicas_mid_drain_cancels_the_drain_and_the_pod_serves_again()
    {
        await using var environment = await EndToEndEnvironment.StartAsync(fixture, FastSpec.For(4, SlowShed), replicas: 4, pools: 2, clients: Clients);
        var cluster = environment.Cluster;
        await using var coordinator = RunningCoordinator.Start("coordinator", environment);

        cluster.SetDesiredReplicas(3);
        await environment.WaitForStageAsync(3, PodStage.Shedding);
        await Eventually.HoldsAsync("pod 3 shedding its clients", async () => (await environment.Clients.StatsAsync()).Sheds.GetValueOrDefault("erlmcp-3") > 100);
        cluster.SetDesiredReplicas(4);

        await environment.WaitForSteadyAsync(4);
        var end = await environment.WaitForAllConnectedAsync("every client reconnected");
        History.Write(output, cluster.History);
        output.WriteLine(end.ToString());

        Assert.Contains(cluster.History.NodeCalls, c => c.Pod == "erlmcp-3" && c.Call == "end_drain" && c.Succeeded);
        Assert.DoesNotContain(cluster.History.Scales, s => s.To < 4);
        Assert.Empty(cluster.History.Stops);
        Assert.True(cluster.Pods[3].Ready, "erlmcp-3 is not in the Service");
        var status = (await fixture.Distribution.GetClient(cluster.NodeName(3)).RpcAsync("erlmcp_scale_admin", "status", [])).UnwrapOk().AsMap();
        Assert.Equal("serving", status["state"].AsAtom());
        Assert.True(status["accepting"].AsBool());
        Assert.Equal(environment.Baseline.TotalRefusals, end.TotalRefusals);
        Assert.Equal(Clients, end.TotalOpen);
        Assert.Equal(end.TotalSheds, end.Reconnects);
    }

    /// <summary>Holds the replacement coordinator so that it is stopped however the test ends.</summary>
    private sealed class CoordinatorSlot : IAsyncDisposable
    {
        public RunningCoordinator? Coordinator { get; set; }

        public ValueTask DisposeAsync() => Coordinator?.DisposeAsync() ?? ValueTask.CompletedTask;
    }
}
