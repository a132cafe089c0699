using Erlmcp.Autoscaler.Core.Hpa;
using Erlmcp.Autoscaler.Simulation.Model;

namespace Erlmcp.Autoscaler.Simulation.Output.Report;

/// <summary>One HPA decision that changed the replicas.</summary>
public sealed record ScaleEvent(double ElapsedSeconds, int From, int To);

/// <summary>
/// Keeps what report.html draws, one sample per sample interval (like timeseries.csv): demand, connections,
/// serving pods, desired and actual replicas, refusals summed over the interval, refusals and disconnections since
/// the start, and every scale event; and each
/// pod's highest connections per heatmap column (at most <see cref="SvgHeatmap.MaxColumns"/>, so memory stays
/// bounded however long the run).
/// </summary>
public sealed class ReportCollector(TimeSpan sampleInterval) : SimulationObserver
{
    private readonly long _sampleMs = (long)sampleInterval.TotalMilliseconds;
    private readonly List<ScaleEvent> _scaleEvents = [];
    private readonly List<double> _columnStartSeconds = [];
    private long[][] _podColumns = [];
    private long _expectedSamples = 1;
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

    /// <summary>Connections refused at the limit plus clients disconnected by scale-down, since the start.</summary>
    public List<double> HarmedCumulative { get; } = [];

    /// <summary>
    /// Per heatmap column, each ordinal's highest connections over the column's samples, or -1 if it was not running
    /// (not created, pending or gone) in any of them.
    /// </summary>
    public IReadOnlyList<long[]> PodColumns => _podColumns;

    /// <summary>When each heatmap column starts.</summary>
    public IReadOnlyList<double> ColumnStartSeconds => _columnStartSeconds;

    public IReadOnlyList<ScaleEvent> ScaleEvents => _scaleEvents;

    public override void OnStart(ClusterSimulation simulation)
    {
        ArgumentNullException.ThrowIfNull(simulation);
        ConnectionTarget = simulation.Scenario.ConnectionTarget;
        ConnectionLimit = simulation.Scenario.Pods.ConnectionLimit;
        _expectedSamples = simulation.DurationMs / _sampleMs + 1;
        _podColumns = new long[(int)Math.Min(SvgHeatmap.MaxColumns, _expectedSamples)][];
        for (var column = 0; column < _podColumns.Length; column++)
        {
            _podColumns[column] = new long[simulation.Cluster.Pods.Count];
            Array.Fill(_podColumns[column], -1);
        }

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
        var column = (int)Math.Min(_podColumns.Length - 1, ElapsedSeconds.Count * _podColumns.Length / _expectedSamples);
        if (_columnStartSeconds.Count == column)
        {
            _columnStartSeconds.Add(simulation.ElapsedMs / 1000.0);
        }

        var pods = _podColumns[column];
        long connections = 0;
        foreach (var pod in cluster.PodArray)
        {
            pods[pod.Ordinal] = Math.Max(pods[pod.Ordinal], pod.State.IsRunning() ? pod.Connections : -1);
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
        HarmedCumulative.Add(simulation.Totals.Refused + simulation.Totals.Disconnected);
        _refusedInInterval = 0;
    }
}
