namespace Erlmcp.Autoscaler.Core.Scaling;

/// <summary>
/// The observation as the planner reads it at one moment: pods by ordinal, and only values young enough to act on.
/// A count or node status older than the staleness bound is treated as absent.
/// </summary>
internal sealed class ClusterView
{
    private readonly Dictionary<int, PodObservation> pods;
    private readonly TimeSpan stalenessBound;
    private readonly string statefulSetName;

    public ClusterView(ClusterObservation observed, ClusterSpec spec, DateTimeOffset now)
    {
        pods = observed.Pods.ToDictionary(p => p.Ordinal);
        StatefulSetReplicas = observed.StatefulSetReplicas;
        HighestOrdinal = observed.Pods.Count == 0 ? -1 : observed.Pods.Max(p => p.Ordinal);
        stalenessBound = spec.StalenessBound;
        statefulSetName = spec.StatefulSetName;
        Now = now;
    }

    public DateTimeOffset Now { get; }

    public int StatefulSetReplicas { get; }

    /// <summary>The highest ordinal of an existing pod, -1 when there is none.</summary>
    public int HighestOrdinal { get; }

    public string Name(int ordinal) => $"{statefulSetName}-{ordinal}";

    public PodObservation? Pod(int ordinal) => pods.GetValueOrDefault(ordinal);

    /// <summary>The pod exists and is not being deleted.</summary>
    public bool Running(int ordinal) => Pod(ordinal) is { Terminating: false };

    /// <summary>The pod's count if it is at most the staleness bound old (a source whose clock runs ahead is fresh).</summary>
    public ConnectionCount? FreshCount(int ordinal) =>
        Pod(ordinal)?.Connections is { } count && Now - count.ObservedAt <= stalenessBound ? count : null;

    /// <summary>The node's status if it answered within the staleness bound.</summary>
    public NodeStatus? Node(int ordinal) =>
        Pod(ordinal) is { Terminating: false, Node: { } node } && Now - node.ObservedAt <= stalenessBound ? node : null;

    /// <summary>Ready in Kubernetes, serving and accepting on the node: where a reconnecting client can land.</summary>
    public bool Accepting(int ordinal) =>
        Pod(ordinal) is { Ready: true, Terminating: false } && Node(ordinal) is { State: NodeState.Serving, Accepting: true };

    /// <summary>Whether a shed job runs on the pod, as far as the node says.</summary>
    public bool ShedRunning(int ordinal) => Node(ordinal) is { RunningShedJobs.Count: > 0 };
}
