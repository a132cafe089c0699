using System.Globalization;
using Erlmcp.Autoscaler.Simulation.Model;
using Erlmcp.Autoscaler.Simulation.Traces;

namespace Erlmcp.Autoscaler.Simulation.Output;

/// <summary>
/// timeseries.csv: one row per sample interval (and one for the initial state). Gauges are their value at the
/// row's time; client counts (opened ... abandoned) are summed over the interval that ends there.
/// </summary>
public sealed class TimeseriesWriter(TextWriter output, TimeSpan sampleInterval) : SimulationObserver
{
    public const string Header =
        "time,elapsed_s,demand_connections,demand_replicas,connections,waiting," +
        "scheduled,starting,ready,joined,draining,leaving,desired_replicas,actual_replicas," +
        "opened,ended,refused,disconnected,shed,reconnected,abandoned,max_pod_connections";

    private readonly long _sampleMs = (long)sampleInterval.TotalMilliseconds;
    private readonly ClientCounts _interval = new();

    public override void OnStart(ClusterSimulation simulation)
    {
        ArgumentNullException.ThrowIfNull(simulation);
        output.WriteLine(Header);
        WriteRow(simulation);
    }

    public override void OnStep(ClusterSimulation simulation)
    {
        ArgumentNullException.ThrowIfNull(simulation);
        _interval.Add(simulation.LastStep);
        if (simulation.ElapsedMs % _sampleMs == 0)
        {
            WriteRow(simulation);
            _interval.Clear();
        }
    }

    public override void OnEnd(ClusterSimulation simulation) => output.Flush();

    private void WriteRow(ClusterSimulation simulation)
    {
        var cluster = simulation.Cluster;
        long connections = 0;
        long maxPod = 0;
        foreach (var pod in cluster.PodArray)
        {
            connections += pod.Connections;
            maxPod = Math.Max(maxPod, pod.Connections);
        }

        var c = _interval;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{TraceTimestamp.Format(cluster.OriginUnixMs + simulation.ElapsedMs)},{Csv.Number(simulation.ElapsedMs / 1000.0)},{Csv.Number(simulation.DemandConnections)},{simulation.DemandReplicas},{connections},{simulation.Waiting}," +
            $"{cluster.Count(PodState.Scheduled)},{cluster.Count(PodState.Starting)},{cluster.Count(PodState.Ready)},{cluster.Count(PodState.Joined)},{cluster.Count(PodState.Draining)},{cluster.Count(PodState.Leaving)},{simulation.DesiredReplicas},{cluster.Existing}," +
            $"{c.Opened},{c.Ended},{c.Refused},{c.Disconnected},{c.Shed},{c.Reconnected},{c.Abandoned},{maxPod}"));
    }
}
