using System.Security.Cryptography;
using Erlmcp.Autoscaler.Core.Connections;
using Erlmcp.Autoscaler.Core.Scaling;
using Erlmcp.Autoscaler.Erlang.Tests.Support;

namespace Erlmcp.Autoscaler.Server.Tests.EndToEnd;

/// <summary>
/// One test's world: client pools, and the in-memory cluster whose pods are real nodes, all named with a prefix of
/// their own (so nodes of an earlier test still shutting down never clash with them). Dispose kills every process.
/// </summary>
internal sealed class EndToEndEnvironment : IAsyncDisposable
{
    private EndToEndEnvironment(EndToEndFixture fixture, ClientPools clients, InMemoryCluster cluster, int clientCount)
    {
        Fixture = fixture;
        Clients = clients;
        Cluster = cluster;
        ClientCount = clientCount;
    }

    public EndToEndFixture Fixture { get; }

    public ClientPools Clients { get; }

    public InMemoryCluster Cluster { get; }

    /// <summary>How many clients the pools run.</summary>
    public int ClientCount { get; }

    /// <summary>
    /// The pools' counters once every client was first connected. Refusals are counted from here: a burst of
    /// thousands of connects on a loaded machine can overflow an accept queue, which says nothing of the coordinator.
    /// </summary>
    public ClientPoolStats Baseline { get; private set; } = ClientPoolStats.Empty;

    /// <summary>
    /// Starts <paramref name="pools"/> client pools and a StatefulSet of <paramref name="replicas"/> pods, then
    /// <paramref name="clients"/> clients, and waits until every client is connected.
    /// </summary>
    public static async Task<EndToEndEnvironment> StartAsync(EndToEndFixture fixture, ClusterSpec spec, int replicas, int pools, int clients)
    {
        var prefix = "e2e" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3));
        var nodeNames = NodeNameTemplate.Parse(prefix + "-{pod}@127.0.0.1");
        var clientPools = await ClientPools.StartAsync(pools, prefix, fixture.Cookie, fixture.CodePath, fixture.Distribution);
        var cluster = new InMemoryCluster(spec, nodeNames, fixture.Cookie, fixture.CodePath, fixture.Distribution, clientPools);
        var environment = new EndToEndEnvironment(fixture, clientPools, cluster, clients);
        try
        {
            await cluster.StartAsync(replicas);
            await clientPools.AddClientsAsync(clients);
            environment.Baseline = await environment.WaitForAllConnectedAsync($"{clients} clients connected");
            return environment;
        }
        catch
        {
            await environment.DisposeAsync();
            throw;
        }
    }

    /// <summary>Waits until every client holds a confirmed connection (none connecting, none waiting for an endpoint), and returns the counters.</summary>
    public async Task<ClientPoolStats> WaitForAllConnectedAsync(string what, TimeSpan? patience = null)
    {
        var stats = ClientPoolStats.Empty;
        await Eventually.HoldsAsync(what, async () =>
        {
            stats = await Clients.StatsAsync();
            return stats.Clients == ClientCount && stats.Waiting == 0 && stats.TotalOpen == ClientCount
                && stats.TotalConnects - stats.TotalSheds == ClientCount;
        }, patience ?? TimeSpan.FromSeconds(90));
        return stats;
    }

    /// <summary>
    /// Waits until the coordinator reports the plan Steady at <paramref name="replicas"/> and the StatefulSet has exactly
    /// that many pods, all ready.
    /// </summary>
    public Task WaitForSteadyAsync(int replicas, TimeSpan? patience = null) =>
        Eventually.HoldsAsync($"the cluster steady at {replicas} pods", () =>
        {
            var status = Cluster.Status;
            var pods = Cluster.Pods;
            return Task.FromResult(status.Phase == PlanPhase.Steady && status.Plan?.Target == replicas
                && Cluster.StatefulSetReplicas == replicas && pods.Count == replicas && pods.All(p => p.Ready && !p.Terminating));
        }, patience ?? TimeSpan.FromSeconds(150));

    /// <summary>Waits until the plan has pod <paramref name="ordinal"/> at <paramref name="stage"/>.</summary>
    public Task WaitForStageAsync(int ordinal, PodStage stage, TimeSpan? patience = null) =>
        Eventually.HoldsAsync($"pod {ordinal} at {stage}", () =>
            Task.FromResult(Cluster.Status.Plan?.Pods.Any(p => p.Ordinal == ordinal && p.Stage == stage) ?? false), patience ?? TimeSpan.FromSeconds(90));

    /// <summary>Each pod's connections as its agent counts them, by pod name.</summary>
    public async Task<IReadOnlyDictionary<string, long>> AgentCountsAsync()
    {
        var pods = Cluster.Pods;
        var counts = await Task.WhenAll(pods.Select(Cluster.ConnectionsOfAsync));
        return pods.Zip(counts).ToDictionary(p => p.First.Name, p => p.Second, StringComparer.Ordinal);
    }

    public async ValueTask DisposeAsync()
    {
        await Cluster.DisposeAsync();
        await Clients.DisposeAsync();
    }
}
