using Erlmcp.Autoscaler.Core.Scaling;

namespace Erlmcp.Autoscaler.Server.Tests.EndToEnd;

/// <summary>
/// ErlmcpCluster settings for real-time tests: the readiness probe here runs every 100 ms, so a health-check wait of
/// 1.5 s covers it many times over; shedding at 2,000/s and a 2 s cooldown keep each scale event to seconds.
/// </summary>
internal static class FastSpec
{
    public static ClusterSpec For(int replicas, int shedRatePerSecond = 2_000) => new()
    {
        DesiredReplicas = replicas,
        MinReplicas = 1,
        MaxReplicas = 8,
        StatefulSetName = InMemoryCluster.StatefulSetName,
        ConnectionLimit = ErlmcpPod.MaxConnections,
        ConnectionTarget = 20_000,
        StalenessBound = TimeSpan.FromSeconds(10),
        Drain = new DrainSettings
        {
            HealthCheckWait = TimeSpan.FromSeconds(1.5),
            ShedRatePerSecond = shedRatePerSecond,
            Deadline = TimeSpan.FromMinutes(2),
            DeadlinePolicy = DeadlinePolicy.HoldAndReport,
        },
        Rebalance = new RebalanceSettings
        {
            AbsoluteThreshold = 500,
            RelativeThreshold = 1.15,
            ShedRatePerSecond = shedRatePerSecond,
            Cooldown = TimeSpan.FromSeconds(2),
        },
        Join = new JoinSettings { SeedOrdinals = [0], Timeout = TimeSpan.FromSeconds(60), RetryAfterRollback = TimeSpan.FromMinutes(1) },
        Retry = new RetrySettings { Initial = TimeSpan.FromSeconds(1), Max = TimeSpan.FromSeconds(5) },
    };
}
