namespace Erlmcp.Autoscaler.Core.Scaling;

/// <summary>
/// What the executor sees at one moment: the StatefulSet's <c>spec.replicas</c> and every pod of it that exists.
/// A pod missing from <see cref="Pods"/> does not exist.
/// </summary>
public sealed record ClusterObservation(int StatefulSetReplicas, IReadOnlyList<PodObservation> Pods)
{
    /// <summary>Throws an <see cref="ArgumentException"/> naming the first malformed field (the executor built it wrong).</summary>
    public void Validate()
    {
        if (StatefulSetReplicas < 0)
        {
            throw new ArgumentException($"statefulSetReplicas must not be negative, was {StatefulSetReplicas}", nameof(StatefulSetReplicas));
        }

        ArgumentNullException.ThrowIfNull(Pods);
        var seen = new HashSet<int>();
        for (var i = 0; i < Pods.Count; i++)
        {
            var pod = Pods[i] ?? throw new ArgumentException($"pods[{i}] is null", nameof(Pods));
            if (pod.Ordinal < 0)
            {
                throw new ArgumentException($"pods[{i}].ordinal must not be negative, was {pod.Ordinal}", nameof(Pods));
            }

            if (!seen.Add(pod.Ordinal))
            {
                throw new ArgumentException($"pods[{i}].ordinal {pod.Ordinal} appears twice", nameof(Pods));
            }

            if (pod.Connections is { Value: < 0 } count)
            {
                throw new ArgumentException($"pods[{i}].connections must not be negative, was {count.Value}", nameof(Pods));
            }

            if (pod.Node is { } node)
            {
                if (node.ClusterPeers is null || node.RunningShedJobs is null)
                {
                    throw new ArgumentException($"pods[{i}].node: clusterPeers and runningShedJobs must be lists", nameof(Pods));
                }

                if (node.ShedRemaining < 0)
                {
                    throw new ArgumentException($"pods[{i}].node.shedRemaining must not be negative, was {node.ShedRemaining}", nameof(Pods));
                }
            }
        }
    }
}

/// <summary>
/// One pod of the StatefulSet: Kubernetes' view (<see cref="Ready"/>, <see cref="Terminating"/>), its connection
/// count, and its node's own report.
/// </summary>
/// <param name="Connections">The latest count, or null when none was ever received.</param>
/// <param name="Node">The latest <c>erlmcp_scale_admin:status()</c> reply, or null when the node does not answer.</param>
public sealed record PodObservation(
    int Ordinal,
    bool Ready,
    bool Terminating = false,
    ConnectionCount? Connections = null,
    NodeStatus? Node = null);

/// <summary>
/// A pod's open connections and when that value was last confirmed (a poll that found the same value confirms it).
/// </summary>
public sealed record ConnectionCount(long Value, DateTimeOffset ObservedAt);

/// <summary>The node's phase as the agent reports it (<c>state</c> in <c>status()</c>).</summary>
public enum NodeState
{
    Serving,

    /// <summary>Readiness is false; listeners stop accepting once the health-check wait has passed.</summary>
    Draining,

    /// <summary>Draining, not accepting, and no connection left.</summary>
    Drained,

    /// <summary>Disconnected from its peers on purpose; joins are refused until <c>end_drain</c>.</summary>
    Leaving,
}

/// <summary>
/// The agent's <c>status()</c> reply, with cluster peers as StatefulSet ordinals (the executor maps node names
/// through the node name template and leaves out nodes that are not pods of this StatefulSet).
/// </summary>
/// <param name="RunningShedJobs"><c>shed.running</c>: the ids of the shed jobs still running.</param>
/// <param name="ShedRemaining"><c>shed.remaining</c>: what those jobs have yet to close.</param>
/// <param name="ObservedAt">When the status call was made. The executor makes a step's calls to a node before it
/// stamps that node's next status, so a status observed after an action reflects it.</param>
public sealed record NodeStatus(
    NodeState State,
    bool Accepting,
    IReadOnlyList<int> ClusterPeers,
    IReadOnlyList<long> RunningShedJobs,
    long ShedRemaining,
    DateTimeOffset ObservedAt);
