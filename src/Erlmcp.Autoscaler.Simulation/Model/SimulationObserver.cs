using Erlmcp.Autoscaler.Core.Hpa;
using Erlmcp.Autoscaler.Simulation.Strategies;

namespace Erlmcp.Autoscaler.Simulation.Model;

/// <summary>What happened to clients in one step (or, summed, over a run).</summary>
public sealed class ClientCounts
{
    /// <summary>New sessions from the trace.</summary>
    public long Opened { get; internal set; }

    /// <summary>Sessions that ended (by the session model or a falling gauge).</summary>
    public long Ended { get; internal set; }

    /// <summary>Connection attempts refused by a pod at its limit (or with no pod serving).</summary>
    public long Refused { get; internal set; }

    /// <summary>Clients disconnected because their pod was deleted.</summary>
    public long Disconnected { get; internal set; }

    /// <summary>Clients a draining pod closed on purpose so they reconnect elsewhere.</summary>
    public long Shed { get; internal set; }

    /// <summary>Waiting clients that connected again.</summary>
    public long Reconnected { get; internal set; }

    /// <summary>Waiting clients whose session ended before they could reconnect.</summary>
    public long Abandoned { get; internal set; }

    internal void Add(ClientCounts other)
    {
        Opened += other.Opened;
        Ended += other.Ended;
        Refused += other.Refused;
        Disconnected += other.Disconnected;
        Shed += other.Shed;
        Reconnected += other.Reconnected;
        Abandoned += other.Abandoned;
    }

    internal void Clear()
    {
        Opened = Ended = Refused = Disconnected = Shed = Reconnected = Abandoned = 0;
    }
}

/// <summary>
/// Watches a run: the outputs (summary, timeseries, decisions) and progress reporting are observers. Every method
/// is called with the simulation in the state it describes.
/// </summary>
public abstract class SimulationObserver
{
    /// <summary>The initial state, before the first step.</summary>
    public virtual void OnStart(ClusterSimulation simulation)
    {
    }

    /// <summary>One HPA sync, after its decision is taken.</summary>
    public virtual void OnHpaSync(ClusterSimulation simulation, HpaEvaluation evaluation)
    {
    }

    /// <summary>One strategy action, after it is applied, with the <paramref name="clients"/> it cut off or shed.</summary>
    public virtual void OnAction(ClusterSimulation simulation, ScalingAction action, long clients)
    {
    }

    /// <summary>The end of one step.</summary>
    public virtual void OnStep(ClusterSimulation simulation)
    {
    }

    /// <summary>The run is over.</summary>
    public virtual void OnEnd(ClusterSimulation simulation)
    {
    }
}
