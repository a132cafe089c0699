namespace Erlmcp.Autoscaler.Server.Coordinator;

/// <summary>
/// Leadership without election, for a server run as a single replica (<c>Coordinator:LeaderElection=false</c>): this
/// replica leads from start to stop. Two replicas with it would both act on the cluster.
/// </summary>
public sealed class SingleReplicaLeadership : ILeaderElection
{
    public async Task RunAsync(Func<CancellationToken, Task> lead, CancellationToken stopping)
    {
        ArgumentNullException.ThrowIfNull(lead);
        try
        {
            await lead(stopping).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Stopping is how leadership ends here.
        }
    }
}
