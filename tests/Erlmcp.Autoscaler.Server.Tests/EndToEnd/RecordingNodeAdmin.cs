using Erlmcp.Autoscaler.Server.Coordinator;

namespace Erlmcp.Autoscaler.Server.Tests.EndToEnd;

/// <summary>
/// The coordinator's node admin with every call written to the cluster's history (pod, call, outcome), and
/// <c>leave_cluster</c> preceded by a count of the node's connections, so a test can show what a pod held when it
/// left the Erlang cluster. <paramref name="caller"/> names the coordinator that makes the calls.
/// </summary>
internal sealed class RecordingNodeAdmin(string caller, INodeAdmin inner, InMemoryCluster cluster) : INodeAdmin
{
    public Task<NodeReport> StatusAsync(string node, CancellationToken cancellationToken) => inner.StatusAsync(node, cancellationToken);

    public Task JoinClusterAsync(string node, IReadOnlyList<string> seedNodes, CancellationToken cancellationToken) =>
        RecordAsync(node, "join_cluster", () => inner.JoinClusterAsync(node, seedNodes, cancellationToken));

    public Task BeginDrainAsync(string node, TimeSpan healthCheckWait, CancellationToken cancellationToken) =>
        RecordAsync(node, "begin_drain", () => inner.BeginDrainAsync(node, healthCheckWait, cancellationToken));

    public Task EndDrainAsync(string node, CancellationToken cancellationToken) =>
        RecordAsync(node, "end_drain", () => inner.EndDrainAsync(node, cancellationToken));

    public async Task<long> ShedAsync(string node, long count, int ratePerSecond, string reason, CancellationToken cancellationToken)
    {
        long job = 0;
        await RecordAsync(node, "shed", async () => job = await inner.ShedAsync(node, count, ratePerSecond, reason, cancellationToken));
        return job;
    }

    public Task CancelShedAsync(string node, long job, CancellationToken cancellationToken) =>
        RecordAsync(node, "cancel_shed", () => inner.CancelShedAsync(node, job, cancellationToken));

    public async Task LeaveClusterAsync(string node, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var pod = PodOf(node);
        if (cluster.Pods.FirstOrDefault(p => p.Name == pod) is { } running && await cluster.TryConnectionsOfAsync(running) is { } connections)
        {
            cluster.History.Record(s => new PodLeftCluster(s, pod, connections));
        }

        await RecordAsync(node, "leave_cluster", () => inner.LeaveClusterAsync(node, timeout, cancellationToken));
    }

    private async Task RecordAsync(string node, string call, Func<Task> work)
    {
        try
        {
            await work();
        }
        catch (NodeAdminException)
        {
            cluster.History.Record(s => new NodeCalled(s, caller, PodOf(node), call, Succeeded: false));
            throw;
        }

        cluster.History.Record(s => new NodeCalled(s, caller, PodOf(node), call, Succeeded: true));
    }

    private string PodOf(string node) =>
        cluster.NodeNames.PodName(InMemoryCluster.Namespace, node) ?? throw new InvalidOperationException($"node {node} is not a pod of the test cluster");
}
