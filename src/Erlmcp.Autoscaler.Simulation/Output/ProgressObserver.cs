using Erlmcp.Autoscaler.Simulation.Model;

namespace Erlmcp.Autoscaler.Simulation.Output;

/// <summary>Reports the share of the run done, at most a thousand times per run.</summary>
public sealed class ProgressObserver(IProgress<double> progress) : SimulationObserver
{
    private long _every = 1;

    public override void OnStart(ClusterSimulation simulation)
    {
        ArgumentNullException.ThrowIfNull(simulation);
        _every = Math.Max(1, simulation.Steps / 1000);
    }

    public override void OnStep(ClusterSimulation simulation)
    {
        ArgumentNullException.ThrowIfNull(simulation);
        if (simulation.Step % _every == 0)
        {
            progress.Report((double)simulation.Step / simulation.Steps);
        }
    }

    public override void OnEnd(ClusterSimulation simulation) => progress.Report(1);
}
