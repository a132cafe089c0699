namespace Erlmcp.Autoscaler.Simulation.Model;

/// <summary>Where a simulated erlmcp pod is in its life.</summary>
public enum PodState
{
    /// <summary>Created, waiting for a node and its image: Pending, no metrics.</summary>
    Scheduled,

    /// <summary>Running, the Erlang node booting: not ready, no clients.</summary>
    Starting,

    /// <summary>Ready: in the Service's endpoints, accepting clients.</summary>
    Ready,

    /// <summary>Ready and joined to the Erlang cluster by the coordinator.</summary>
    Joined,

    /// <summary>Not ready: no new clients; its clients are shed at a bounded rate.</summary>
    Draining,

    /// <summary>Drained, leaving the Erlang cluster before it is deleted.</summary>
    Leaving,

    /// <summary>Deleted (or never created): the ordinal is free.</summary>
    Gone,
}

public static class PodStates
{
    public const int Count = 7;

    /// <summary>In the Service's endpoints: new clients may be placed on it.</summary>
    public static bool IsServing(this PodState state) => state is PodState.Ready or PodState.Joined;

    /// <summary>The container runs: the pod reports metrics.</summary>
    public static bool IsRunning(this PodState state) => state is not (PodState.Scheduled or PodState.Gone);

    public static string Name(this PodState state) => state switch
    {
        PodState.Scheduled => "scheduled",
        PodState.Starting => "starting",
        PodState.Ready => "ready",
        PodState.Joined => "joined",
        PodState.Draining => "draining",
        PodState.Leaving => "leaving",
        _ => "gone",
    };
}
