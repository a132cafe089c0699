using Erlmcp.Autoscaler.Core.Scaling;

namespace Erlmcp.Autoscaler.Core.Tests.Scaling;

/// <summary>Specs, observations and runs the planner tests start from.</summary>
internal static class Given
{
    public static readonly DateTimeOffset T0 = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);

    /// <summary>erlmcp's limits, with waits short enough to follow second by second.</summary>
    public static ClusterSpec Spec(int desired) => new()
    {
        DesiredReplicas = desired,
        Drain = new DrainSettings { HealthCheckWait = TimeSpan.FromSeconds(5), ShedRatePerSecond = 500, Deadline = TimeSpan.FromMinutes(10) },
        Rebalance = new RebalanceSettings { AbsoluteThreshold = 1_000, RelativeThreshold = 1.1, ShedRatePerSecond = 500, Cooldown = TimeSpan.FromMinutes(1) },
        Join = new JoinSettings { SeedOrdinals = [0], Timeout = TimeSpan.FromMinutes(2), RetryAfterRollback = TimeSpan.FromMinutes(10) },
    };

    public static PlannerRun Run(ClusterSpec spec, params long[] connections) =>
        new(spec, new SimulatedCluster(T0, spec.ConnectionLimit, connections));

    /// <summary>A StatefulSet of ready pods, one per count, all serving in one cluster, observed at <paramref name="at"/>.</summary>
    public static ClusterObservation Serving(DateTimeOffset at, params long[] connections) =>
        new(connections.Length, [.. connections.Select((count, ordinal) => new PodObservation(
            ordinal,
            Ready: true,
            Connections: new ConnectionCount(count, at),
            Node: Node(NodeState.Serving, accepting: true, at, [.. Enumerable.Range(0, connections.Length).Where(o => o != ordinal)])))]);

    public static NodeStatus Node(NodeState state, bool accepting, DateTimeOffset at, int[] peers, long[]? jobs = null, long shedRemaining = 0) =>
        new(state, accepting, peers, jobs ?? [], shedRemaining, at);

    /// <summary>The observation with one pod replaced.</summary>
    public static ClusterObservation With(this ClusterObservation observed, int ordinal, Func<PodObservation, PodObservation> change) =>
        observed with { Pods = [.. observed.Pods.Select(p => p.Ordinal == ordinal ? change(p) : p)] };

    /// <summary>The observation without one pod (it does not exist).</summary>
    public static ClusterObservation Without(this ClusterObservation observed, int ordinal) =>
        observed with { Pods = [.. observed.Pods.Where(p => p.Ordinal != ordinal)] };

    /// <summary>Every action of the step but condition reports, which most tests do not look at.</summary>
    public static IEnumerable<PlannedAction> Work(this PlanStep step) => step.Actions.Where(a => a is not ReportCondition);

    /// <summary>The actions applied to the cluster that were not condition reports, in order.</summary>
    public static List<PlannedAction> Work(this PlannerRun run) =>
        [.. run.Cluster.Applied.Select(a => a.Action).Where(a => a is not ReportCondition)];
}
