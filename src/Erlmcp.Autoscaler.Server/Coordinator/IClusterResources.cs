using Erlmcp.Autoscaler.Core.Connections;
using Erlmcp.Autoscaler.Core.Scaling;

namespace Erlmcp.Autoscaler.Server.Coordinator;

/// <summary>
/// The Kubernetes side of the coordinator, as narrow as it needs: the ErlmcpCluster (the scale gate), its
/// StatefulSet and pods, the StatefulSet's scale, and Events. One implementation talks to the API server through
/// KubernetesClient; tests declare the cluster in memory.
/// </summary>
public interface IClusterResources
{
    /// <summary>The ErlmcpCluster, or null when it does not exist.</summary>
    Task<ErlmcpClusterSnapshot?> GetClusterAsync(string namespaceName, string name, CancellationToken cancellationToken);

    /// <summary>The StatefulSet's <c>spec.replicas</c>, label selector and pods, or null when it does not exist.</summary>
    Task<StatefulSetSnapshot?> GetStatefulSetAsync(string namespaceName, string name, CancellationToken cancellationToken);

    /// <summary>Sets the StatefulSet's <c>spec.replicas</c> through its scale subresource.</summary>
    Task ScaleStatefulSetAsync(string namespaceName, string name, int replicas, CancellationToken cancellationToken);

    /// <summary>
    /// Replaces the ErlmcpCluster's status (the status subresource), guarded by the snapshot's resourceVersion.
    /// Returns the new resourceVersion.
    /// </summary>
    /// <exception cref="ClusterConflictException">The resource changed since the snapshot was read.</exception>
    Task<string> UpdateStatusAsync(ErlmcpClusterSnapshot cluster, ErlmcpClusterStatus status, CancellationToken cancellationToken);

    /// <summary>Records a Kubernetes Event on the ErlmcpCluster.</summary>
    Task RecordEventAsync(ErlmcpClusterSnapshot cluster, EventSeverity severity, string reason, string message, CancellationToken cancellationToken);
}

/// <summary>The ErlmcpCluster as the coordinator reads it: identity, the spec for the planner, and the status it last wrote.</summary>
/// <param name="NodeNames"><c>spec.nodeNameTemplate</c>, parsed once when the resource is read.</param>
public sealed record ErlmcpClusterSnapshot(
    string Namespace,
    string Name,
    string Uid,
    long Generation,
    string ResourceVersion,
    ClusterSpec Spec,
    NodeNameTemplate NodeNames,
    ErlmcpClusterStatus Status);

/// <summary>
/// <c>status</c> of an ErlmcpCluster. <see cref="Replicas"/> and <see cref="Selector"/> are what the HPA reads
/// through <c>/scale</c>; <see cref="Plan"/> is what a new leader resumes from.
/// </summary>
public sealed record ErlmcpClusterStatus
{
    public int Replicas { get; init; }

    /// <summary>The pods' label selector in its string form (<c>app=erlmcp</c>), as the scale subresource expects.</summary>
    public string? Selector { get; init; }

    public PlanPhase? Phase { get; init; }

    public PlanState? Plan { get; init; }

    public IReadOnlyList<PlanCondition> Conditions { get; init; } = [];

    public long ObservedGeneration { get; init; }

    /// <summary>Each pod's connections and node state at the last step, for <c>erlmcp-autoscaler status</c> and dashboards.</summary>
    public IReadOnlyList<PodSummary> Pods { get; init; } = [];
}

/// <summary>One pod in <c>status.pods</c>.</summary>
/// <param name="Connections">The count the step used, or null when none was fresh.</param>
/// <param name="NodeState">The agent's state, or null when the node did not answer.</param>
/// <param name="Stage">Where the plan has it, or null when the plan is not working on it.</param>
public sealed record PodSummary(string Name, int Ordinal, bool Ready, long? Connections, NodeState? NodeState, PodStage? Stage);

/// <summary>A StatefulSet as the coordinator needs it.</summary>
/// <param name="Selector">The pods' label selector in its string form.</param>
/// <param name="Pods">Every pod the StatefulSet owns that exists now.</param>
public sealed record StatefulSetSnapshot(string Name, int Replicas, string Selector, IReadOnlyList<PodSnapshot> Pods);

/// <param name="Terminating">The pod has a deletion timestamp.</param>
public sealed record PodSnapshot(string Name, int Ordinal, bool Ready, bool Terminating);

/// <summary>A write lost a race: the resource changed since it was read. Read again and redo the step.</summary>
public sealed class ClusterConflictException : Exception
{
    public ClusterConflictException()
    {
    }

    public ClusterConflictException(string message)
        : base(message)
    {
    }

    public ClusterConflictException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
