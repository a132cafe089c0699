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
}
