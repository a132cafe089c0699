using System.Diagnostics;
using Erlmcp.Autoscaler.Core.Scaling;
using Xunit.Abstractions;

namespace Erlmcp.Autoscaler.Server.Tests.EndToEnd;

/// <summary>
/// Issue 5's end-to-end scenario on loopback: real erlmcp stand-in nodes running the agent, 21,000 real client
/// connections in three client-pool processes, the coordinator driven in real time; the HPA scales 4 -> 6 -> 3.
/// </summary>
[Collection(EndToEndTestGroup.Name)]
[Trait("Category", "EndToEnd")]
public sealed class CoordinatorEndToEndTests(EndToEndFixture fixture, ITestOutputHelper output)
{
    private const int Clients = 21_000;

    [Fact]
    public async Task Scale_4_to_6_to_3_with_21000_clients_refuses_none_and_removes_only_empty_pods()
    {
        var spec = FastSpec.For(4);
        var clock = Stopwatch.StartNew();
        await using var environment = await EndToEndEnvironment.StartAsync(fixture, spec, replicas: 4, pools: 3, clients: Clients);
        var cluster = environment.Cluster;
        var start = environment.Baseline;
        output.WriteLine($"{clock.Elapsed.TotalSeconds:F1} s: 4 pods, {start}");
        await using var coordinator = RunningCoordinator.Start("coordinator", environment);

        cluster.SetDesiredReplicas(6);
        await environment.WaitForSteadyAsync(6);
        var afterUp = await environment.WaitForAllConnectedAsync("every client connected after the scale-up");
        var countsUp = await environment.AgentCountsAsync();
        output.WriteLine($"{clock.Elapsed.TotalSeconds:F1} s: steady at 6, agents {Format(countsUp)}; {afterUp}");

        // The new pods joined the Erlang cluster, and the rebalance filled them to within the thresholds.
        foreach (var ordinal in new[] { 4, 5 })
        {
            await AssertMeshedAsync(cluster, ordinal, 6);
            var most = countsUp.Values.Max();
            var count = countsUp[InMemoryCluster.PodName(ordinal)];
            Assert.True(
                most <= count + spec.Rebalance.AbsoluteThreshold || most <= count * spec.Rebalance.RelativeThreshold,
                $"erlmcp-{ordinal} holds {count}, the most loaded pod {most}: outside the thresholds");
        }

        Assert.Equal(Clients, countsUp.Values.Sum());

        cluster.SetDesiredReplicas(3);
        await environment.WaitForSteadyAsync(3);
        var end = await environment.WaitForAllConnectedAsync("every shed client reconnected after the scale-down");
        var countsDown = await environment.AgentCountsAsync();
        output.WriteLine($"{clock.Elapsed.TotalSeconds:F1} s: steady at 3, agents {Format(countsDown)}; {end}");
        History.Write(output, cluster.History);
        // The staying pods are one cluster again (a leave can make OTP's global split the others: the coordinator rejoins them).
        foreach (var ordinal in new[] { 0, 1, 2 })
        {
            await AssertMeshedAsync(cluster, ordinal, 3);
        }

        // Counted from the moment every client was connected: the coordinator's run refused no one.
        Assert.Equal(start.TotalRefusals, end.TotalRefusals);
        Assert.Equal(Clients, end.TotalOpen);
        Assert.Equal(Clients, countsDown.Values.Sum());
        Assert.Equal(end.TotalSheds, end.Reconnects);
        Assert.True(end.TotalSheds >= countsUp["erlmcp-3"] + countsUp["erlmcp-4"] + countsUp["erlmcp-5"], $"{end.TotalSheds} sheds cannot have emptied pods 3, 4 and 5");
        History.AssertRemovedEmptyAfterLeaving(cluster.History, [3, 4, 5]);
        Assert.Equal([(0, 4), (4, 6)], cluster.History.Scales.Where(s => s.To > s.From).Select(s => (s.From, s.To)));
        Assert.Equal(3, cluster.History.Scales[^1].To);
        Assert.DoesNotContain(cluster.History.NodeCalls, c => c.Call == "begin_drain" && c.Pod is "erlmcp-0" or "erlmcp-1" or "erlmcp-2");
    }

    /// <summary>Pod <paramref name="ordinal"/>'s node sees every other of the first <paramref name="replicas"/> pods, and no other.</summary>
    private static async Task AssertMeshedAsync(InMemoryCluster cluster, int ordinal, int replicas) =>
        Assert.Equal(
            Enumerable.Range(0, replicas).Where(o => o != ordinal).Select(cluster.NodeName).Order(StringComparer.Ordinal),
            (await cluster.VisibleNodesOfAsync(ordinal)).Order(StringComparer.Ordinal));

    private static string Format(IReadOnlyDictionary<string, long> counts) =>
        string.Join(", ", counts.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => $"{c.Key}={c.Value}"));
}
