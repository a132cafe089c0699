using Erlmcp.Autoscaler.Core.Hpa;
using Erlmcp.Autoscaler.Simulation.Model;

namespace Erlmcp.Autoscaler.Simulation.Output.Report;

/// <summary>One HPA decision that changed the replicas.</summary>
public sealed record ScaleEvent(double ElapsedSeconds, int From, int To);

/// <summary>
/// Keeps what report.html draws, one sample per sample interval (like timeseries.csv): demand, connections,
/// serving pods, desired and actual replicas, refusals summed over the interval, each pod's connections, and every
/// scale event.
/// </summary>
public sealed class ReportCollector(TimeSpan sampleInterval) : SimulationObserver
{
    private readonly long _sampleMs = (long)sampleInterval.TotalMilliseconds;
    private readonly List<ScaleEvent> _scaleEvents = [];
    private readonly List<long[]> _podConnections = [];
    private long _refusedInInterval;

    public long ConnectionTarget { get; private set; }

    public long ConnectionLimit { get; private set; }

    public List<double> ElapsedSeconds { get; } = [];

    public List<double> DemandConnections { get; } = [];

    public List<double> DemandReplicas { get; } = [];

    public List<double> Connections { get; } = [];

    public List<double> Serving { get; } = [];

    public List<double> DesiredReplicas { get; } = [];

    public List<double> ActualReplicas { get; } = [];

    public List<double> Refused { get; } = [];

    /// <summary>Per sample, the connections of each ordinal, or -1 while it is not running (not created, pending or gone).</summary>
    public IReadOnlyList<long[]> PodConnections => _podConnections;

    public IReadOnlyList<ScaleEvent> ScaleEvents => _scaleEvents;

    public override void OnStart(ClusterSimulation simulation)
    {
        ArgumentNullException.ThrowIfNull(simulation);
        ConnectionTarget = simulation.Scenario.ConnectionTarget;
        ConnectionLimit = simulation.Scenario.Pods.ConnectionLimit;
        Sample(simulation);
    }

    public override void OnStep(ClusterSimulation simulation)
    {
        ArgumentNullException.ThrowIfNull(simulation);
        _refusedInInterval += simulation.LastStep.Refused;
        if (simulation.ElapsedMs % _sampleMs == 0)
        {
            Sample(simulation);
        }
    }

    public override void OnHpaSync(ClusterSimulation simulation, HpaEvaluation evaluation)
    {
        ArgumentNullException.ThrowIfNull(simulation);
        ArgumentNullException.ThrowIfNull(evaluation);
        if (evaluation.Rescale && evaluation.DesiredReplicas != evaluation.CurrentReplicas)
        {
            _scaleEvents.Add(new ScaleEvent(simulation.ElapsedMs / 1000.0, evaluation.CurrentReplicas, evaluation.DesiredReplicas));
        }
    }

    private void Sample(ClusterSimulation simulation)
    {
        var cluster = simulation.Cluster;
        var pods = new long[cluster.Pods.Count];
        long connections = 0;
        foreach (var pod in cluster.PodArray)
        {
            pods[pod.Ordinal] = pod.State.IsRunning() ? pod.Connections : -1;
            connections += pod.Connections;
        }

        ElapsedSeconds.Add(simulation.ElapsedMs / 1000.0);
        DemandConnections.Add(simulation.DemandConnections);
        DemandReplicas.Add(simulation.DemandReplicas);
        Connections.Add(connections);
        Serving.Add(cluster.Serving);
        DesiredReplicas.Add(simulation.DesiredReplicas);
        ActualReplicas.Add(cluster.Existing);
        Refused.Add(_refusedInInterval);
        _podConnections.Add(pods);
        _refusedInInterval = 0;
    }
}
