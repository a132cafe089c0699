using Erlmcp.Autoscaler.Simulation.Model;

namespace Erlmcp.Autoscaler.Simulation.Strategies;

/// <summary>
/// How the replicas the HPA wants become pods: the seam between the simulated HPA and what scales the StatefulSet.
/// The simulation calls <see cref="Step"/> once per step with the HPA's desired replicas (what it last wrote to
/// its target's scale subresource) and applies the actions returned, in order.
/// </summary>
public interface IScalingStrategy
{
    /// <summary>The name written in the outputs (<c>baseline</c>, <c>coordinator</c>).</summary>
    string Name { get; }

    /// <summary>status.replicas of the HPA's scale target, as the HPA reads it at a sync.</summary>
    int StatusReplicas(SimCluster cluster);

    /// <summary>What to do at <paramref name="nowMs"/> (milliseconds since the start); empty when nothing.</summary>
    IReadOnlyList<ScalingAction> Step(int desiredReplicas, SimCluster cluster, long nowMs);
}

public enum ScalingActionKind
{
    /// <summary>Create the pod of an ordinal that has none.</summary>
    CreatePod,

    /// <summary>Delete the pod of an ordinal at once: its clients are disconnected and reconnect elsewhere.</summary>
    DeletePod,

    /// <summary>A ready pod joined the Erlang cluster.</summary>
    Join,

    /// <summary>A serving pod's readiness turned false: the Service sends it no new clients.</summary>
    Drain,

    /// <summary>A draining pod serves again (its drain was cancelled).</summary>
    Undrain,

    /// <summary>A pod left the Erlang cluster on purpose, before its removal.</summary>
    Leave,

    /// <summary>A pod closed <see cref="ScalingAction.Count"/> of its connections on purpose; the clients reconnect elsewhere.</summary>
    Shed,
}

/// <summary>One thing a strategy does to the cluster, and why.</summary>
/// <param name="Count">For <see cref="ScalingActionKind.Shed"/>: how many connections are closed.</param>
public readonly record struct ScalingAction(ScalingActionKind Kind, int Ordinal, string Reason, long Count = 0)
{
    public string KindName => Kind switch
    {
        ScalingActionKind.CreatePod => "create-pod",
        ScalingActionKind.DeletePod => "delete-pod",
        ScalingActionKind.Join => "join",
        ScalingActionKind.Drain => "drain",
        ScalingActionKind.Undrain => "undrain",
        ScalingActionKind.Leave => "leave",
        _ => "shed",
    };
}
