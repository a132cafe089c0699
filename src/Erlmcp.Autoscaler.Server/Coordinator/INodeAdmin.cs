using Erlmcp.Autoscaler.Core.Scaling;

namespace Erlmcp.Autoscaler.Server.Coordinator;

/// <summary>
/// The calls of the node contract (<c>erlmcp_scale_admin</c>, see DESIGN.md) on one Erlang node, by node name.
/// A call that the node does not answer, or answers with <c>{error, Reason}</c>, throws
/// <see cref="NodeAdminException"/> naming the node, the call and the reason.
/// </summary>
public interface INodeAdmin
{
    Task<NodeReport> StatusAsync(string node, CancellationToken cancellationToken);

    Task JoinClusterAsync(string node, IReadOnlyList<string> seedNodes, CancellationToken cancellationToken);

    Task BeginDrainAsync(string node, TimeSpan healthCheckWait, CancellationToken cancellationToken);

    Task EndDrainAsync(string node, CancellationToken cancellationToken);

    /// <summary>Returns the shed job's id.</summary>
    Task<long> ShedAsync(string node, long count, int ratePerSecond, string reason, CancellationToken cancellationToken);

    Task CancelShedAsync(string node, long job, CancellationToken cancellationToken);

    Task LeaveClusterAsync(string node, TimeSpan timeout, CancellationToken cancellationToken);
}

/// <summary>
/// <c>status()</c> as the node reports it, peers by node name (the coordinator maps them to ordinals through the
/// node name template).
/// </summary>
public sealed record NodeReport(
    string Node,
    NodeState State,
    bool Accepting,
    long Connections,
    long Limit,
    IReadOnlyList<string> ClusterNodes,
    IReadOnlyList<long> RunningShedJobs,
    long ShedRemaining);

/// <summary>A node call failed: the node did not answer, or refused.</summary>
public sealed class NodeAdminException : Exception
{
    public NodeAdminException()
    {
    }

    public NodeAdminException(string message)
        : base(message)
    {
    }

    public NodeAdminException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
