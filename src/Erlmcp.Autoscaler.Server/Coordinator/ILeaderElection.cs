namespace Erlmcp.Autoscaler.Server.Coordinator;

/// <summary>
/// Who among the server's replicas runs the coordinator: only the holder of a coordination.k8s.io Lease acts;
/// every replica serves metrics.
/// </summary>
public interface ILeaderElection
{
    /// <summary>
    /// Runs <paramref name="lead"/> each time this replica becomes the leader, with a token cancelled when it stops
    /// being the leader (the Lease was lost or not renewed in time) or when <paramref name="stopping"/> fires. Returns
    /// when <paramref name="stopping"/> fires, after releasing the Lease if it held it.
    /// </summary>
    Task RunAsync(Func<CancellationToken, Task> lead, CancellationToken stopping);
}
