using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Erlmcp.Autoscaler.Core.Scaling;
using Erlmcp.Autoscaler.Server.Observability;

namespace Erlmcp.Autoscaler.Server.Coordinator;

/// <summary>
/// The coordinator's instruments on <see cref="ServerTelemetry.Meter"/>, named as the dashboards read them. Gauges
/// report the last step of each cluster this process coordinates (<see cref="Publish"/>); a coordinator that stops
/// leading withdraws its cluster (<see cref="Withdraw"/>), so only the leader reports.
/// </summary>
internal static class CoordinatorMetrics
{
    public const string ClusterTag = "cluster";

    private static readonly ConcurrentDictionary<string, ClusterReading> Readings = new(StringComparer.Ordinal);

    private static readonly Counter<long> NodeCallFailures = ServerTelemetry.Meter.CreateCounter<long>(
        "erlmcp_autoscaler_node_call_failures_total", description: "Node calls (and StatefulSet patches) of the coordinator that failed, by call.");

    private static readonly Counter<long> Sheds = ServerTelemetry.Meter.CreateCounter<long>(
        "erlmcp_autoscaler_sheds_total", description: "Shed jobs started by the coordinator, by cluster and purpose (drain or rebalance).");

    private static readonly Counter<long> DrainDeadlinesExceeded = ServerTelemetry.Meter.CreateCounter<long>(
        "erlmcp_autoscaler_drain_deadline_exceeded_total", description: "Pods whose drain deadline passed with clients left.");

    static CoordinatorMetrics()
    {
        ServerTelemetry.Meter.CreateObservableGauge(
            "erlmcp_autoscaler_desired_replicas",
            () => Readings.Values.Select(r => new Measurement<long>(r.DesiredReplicas, Cluster(r))),
            description: "The ErlmcpCluster's spec.replicas (what the HPA asks for).");
        ServerTelemetry.Meter.CreateObservableGauge(
            "erlmcp_autoscaler_statefulset_replicas",
            () => Readings.Values.Select(r => new Measurement<long>(r.StatefulSetReplicas, Cluster(r))),
            description: "The StatefulSet's spec.replicas.");
        ServerTelemetry.Meter.CreateObservableGauge(
            "erlmcp_autoscaler_plan_phase",
            () => Readings.Values.SelectMany(r => Enum.GetValues<PlanPhase>().Select(phase =>
                new Measurement<long>(phase == r.Phase ? 1 : 0, new KeyValuePair<string, object?>(ClusterTag, r.Cluster), new KeyValuePair<string, object?>("phase", phase.ToString())))),
            description: "1 for the plan's current phase, 0 for the others.");
        ServerTelemetry.Meter.CreateObservableGauge(
            "erlmcp_autoscaler_plan_phase_seconds",
            () => Readings.Values.Select(r => new Measurement<double>(Math.Max(0, (r.Time.GetUtcNow() - r.PhaseSince).TotalSeconds), Cluster(r))),
            unit: "s",
            description: "How long the plan has been in its current phase.");
        ServerTelemetry.Meter.CreateObservableGauge(
            "erlmcp_autoscaler_pod_connections",
            () => Readings.Values.SelectMany(r => r.PodConnections.Select(pod =>
                new Measurement<long>(pod.Connections, new KeyValuePair<string, object?>(ClusterTag, r.Cluster), new KeyValuePair<string, object?>("pod", pod.Pod)))),
            description: "Each pod's open connections as the coordinator's last step counted them.");
    }

    /// <summary>What the gauges report for one cluster.</summary>
    /// <param name="Key">namespace/name: two clusters of one name in two namespaces are two readings.</param>
    public sealed record ClusterReading(
        string Key,
        string Cluster,
        int DesiredReplicas,
        int StatefulSetReplicas,
        PlanPhase Phase,
        DateTimeOffset PhaseSince,
        IReadOnlyList<(string Pod, long Connections)> PodConnections,
        TimeProvider Time);

    public static void Publish(ClusterReading reading) => Readings[reading.Key] = reading;

    public static void Withdraw(string key) => Readings.TryRemove(key, out _);

    /// <param name="call">The agent's function (<c>begin_drain</c>...), or <c>scale_statefulset</c>.</param>
    public static void NodeCallFailed(string call) => NodeCallFailures.Add(1, new KeyValuePair<string, object?>("call", call));

    public static void ShedStarted(string cluster, ShedPurpose purpose) =>
        Sheds.Add(1, new KeyValuePair<string, object?>(ClusterTag, cluster), new KeyValuePair<string, object?>("purpose", purpose == ShedPurpose.Drain ? "drain" : "rebalance"));

    public static void DrainDeadlineExceeded(string cluster, int pods) =>
        DrainDeadlinesExceeded.Add(pods, new KeyValuePair<string, object?>(ClusterTag, cluster));

    private static KeyValuePair<string, object?> Cluster(ClusterReading reading) => new(ClusterTag, reading.Cluster);
}
