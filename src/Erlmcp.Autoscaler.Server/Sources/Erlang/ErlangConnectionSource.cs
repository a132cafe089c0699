using Erlmcp.Autoscaler.Core.Connections;
using Erlmcp.Autoscaler.Erlang.Connection;

namespace Erlmcp.Autoscaler.Server.Sources.Erlang;

/// <summary>
/// The Erlang distribution source: for every pod of the <see cref="IPodDirectory"/>, one task that follows the pod's
/// node through its <c>erlmcp_scale_admin</c> agent (<see cref="PodSubscription"/>) and records its connection count
/// in the <see cref="ConnectionStore"/> as source <c>erlang</c>. Each pod has its own task and every call its own
/// timeout, so an unreachable node never holds up the others. A pod that leaves the directory (or changes node name)
/// has its task stopped and its node connection closed, which ends its subscription on the node.
/// </summary>
public sealed class ErlangConnectionSource(
    IPodDirectory directory,
    ConnectionStore store,
    ErlangSourceOptions options,
    ErlangNodeOptions nodeOptions,
    TimeProvider time,
    ILogger<ErlangConnectionSource> logger) : BackgroundService
{
    private readonly Dictionary<FollowedNode, Following> following = [];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var pool = new ErlangConnectionPool(nodeOptions);
        await using (pool.ConfigureAwait(false))
        {
            try
            {
                while (true)
                {
                    var snapshot = directory.Current;
                    await ReconcileAsync(pool, snapshot.Pods).ConfigureAwait(false);
                    logger.Following(following.Count, options.MinInterval, options.RefreshInterval);
                    await directory.WaitForChangeAsync(snapshot.Version, stoppingToken).ConfigureAwait(false);
                }
            }
            finally
            {
                await StopAsync(pool, following.Keys.ToArray()).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Starts following the new pods and stops following those that left.</summary>
    private async Task ReconcileAsync(ErlangConnectionPool pool, IReadOnlyList<DiscoveredPod> pods)
    {
        var wanted = pods.ToDictionary(pod => new FollowedNode(pod.Reference, pod.NodeName));
        await StopAsync(pool, following.Keys.Where(node => !wanted.ContainsKey(node)).ToArray()).ConfigureAwait(false);
        foreach (var (node, pod) in wanted)
        {
            if (!following.ContainsKey(node))
            {
                ErlangNodeClient client;
                try
                {
                    client = pool.GetClient(pod.NodeName);
                }
                catch (FormatException e)
                {
                    logger.BadNodeName(pod.NodeName, pod.Reference, e.Message);
                    continue;
                }

                var subscription = new PodSubscription(pod, client, store, options, time, logger);
                var stop = new CancellationTokenSource();
                following[node] = new Following(Task.Run(() => subscription.RunAsync(stop.Token), CancellationToken.None), stop);
            }
        }
    }

    private async Task StopAsync(ErlangConnectionPool pool, FollowedNode[] nodes)
    {
        var stopping = new List<Task>(nodes.Length);
        foreach (var node in nodes)
        {
            following.Remove(node, out var running);
            stopping.Add(StopAsync(pool, node, running!));
        }

        await Task.WhenAll(stopping).ConfigureAwait(false);
    }

    private async Task StopAsync(ErlangConnectionPool pool, FollowedNode node, Following running)
    {
        await running.Stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await running.Task.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // How a stopped subscription ends.
        }

        running.Stop.Dispose();
        // Closing the connection ends the node's subscription (the agent monitors our pid).
        await pool.RemoveAsync(node.NodeName).ConfigureAwait(false);
        logger.Stopped(node.NodeName, node.Pod);
    }

    private readonly record struct FollowedNode(PodReference Pod, string NodeName);

    private sealed record Following(Task Task, CancellationTokenSource Stop);
}
