using Erlmcp.Autoscaler.Core.Scaling;

namespace Erlmcp.Autoscaler.Core.Tests.Scaling;

public sealed class ClusterSpecValidationTests
{
    private static readonly ClusterSpec Valid = new() { DesiredReplicas = 3 };

    public static TheoryData<string, ClusterSpec, string> Invalid => new()
    {
        { "min below one", Valid with { MinReplicas = 0 }, "minReplicas: must be at least 1 (a drain needs a pod to send clients to), was 0" },
        { "max below min", Valid with { MinReplicas = 4, MaxReplicas = 3 }, "maxReplicas: must be at least minReplicas (4), was 3" },
        { "no StatefulSet name", Valid with { StatefulSetName = " " }, "statefulSetName: must not be empty" },
        { "no limit", Valid with { ConnectionLimit = 0 }, "connectionLimit: must be positive, was 0; connectionTarget: must not exceed connectionLimit (0), was 20000" },
        { "target above limit", Valid with { ConnectionTarget = 30_000 }, "connectionTarget: must not exceed connectionLimit (25000), was 30000" },
        { "no staleness bound", Valid with { StalenessBound = TimeSpan.Zero }, "stalenessBound: must be positive, was 00:00:00" },
        { "negative health-check wait", Valid with { Drain = new() { HealthCheckWait = TimeSpan.FromSeconds(-1) } }, "drain.healthCheckWait: must not be negative, was -00:00:01" },
        { "no drain rate", Valid with { Drain = new() { ShedRatePerSecond = 0 } }, "drain.shedRatePerSecond: must be positive, was 0" },
        { "no drain deadline", Valid with { Drain = new() { Deadline = TimeSpan.Zero } }, "drain.deadline: must be positive, was 00:00:00" },
        { "unknown policy", Valid with { Drain = new() { DeadlinePolicy = (DeadlinePolicy)7 } }, "drain.deadlinePolicy: must be Force or HoldAndReport, was 7" },
        { "negative remainder", Valid with { Drain = new() { AllowedRemainder = -1 } }, "drain.allowedRemainder: must not be negative, was -1" },
        { "no absolute threshold", Valid with { Rebalance = new() { AbsoluteThreshold = 0 } }, "rebalance.absoluteThreshold: must be positive, was 0" },
        { "relative threshold below one", Valid with { Rebalance = new() { RelativeThreshold = 0.9 } }, "rebalance.relativeThreshold: must be a ratio of at least 1.0 (1.1 = within 10%), was 0.9" },
        { "relative threshold not a number", Valid with { Rebalance = new() { RelativeThreshold = double.NaN } }, "rebalance.relativeThreshold: must be a ratio of at least 1.0 (1.1 = within 10%), was NaN" },
        { "no rebalance rate", Valid with { Rebalance = new() { ShedRatePerSecond = -5 } }, "rebalance.shedRatePerSecond: must be positive, was -5" },
        { "negative cooldown", Valid with { Rebalance = new() { Cooldown = TimeSpan.FromMinutes(-1) } }, "rebalance.cooldown: must not be negative, was -00:01:00" },
        { "negative seed", Valid with { Join = new() { SeedOrdinals = [0, -2] } }, "join.seedOrdinals[1]: must not be negative, was -2" },
        { "no seed list", Valid with { Join = new() { SeedOrdinals = null! } }, "join.seedOrdinals: must be a list (it may be empty)" },
        { "no join timeout", Valid with { Join = new() { Timeout = TimeSpan.Zero } }, "join.timeout: must be positive, was 00:00:00" },
        { "negative retry after rollback", Valid with { Join = new() { RetryAfterRollback = TimeSpan.FromSeconds(-1) } }, "join.retryAfterRollback: must not be negative, was -00:00:01" },
        { "no retry delay", Valid with { Retry = new() { Initial = TimeSpan.Zero } }, "retry.initial: must be positive, was 00:00:00" },
        { "retry cap below its start", Valid with { Retry = new() { Initial = TimeSpan.FromSeconds(10), Max = TimeSpan.FromSeconds(5) } }, "retry.max: must be at least retry.initial (00:00:10), was 00:00:05" },
    };

    [Fact]
    public void The_defaults_are_valid() => Assert.Empty(Valid.Validate());

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Each_invalid_field_is_named(string name, ClusterSpec spec, string errors)
    {
        Assert.NotEmpty(name);
        Assert.Equal(errors, string.Join("; ", spec.Validate()));
    }

    [Fact]
    public void Every_problem_is_reported_not_just_the_first()
    {
        var spec = Valid with { MinReplicas = 0, Drain = new() { ShedRatePerSecond = 0 }, Join = new() { Timeout = TimeSpan.Zero } };

        Assert.Equal(["minReplicas", "drain.shedRatePerSecond", "join.timeout"], spec.Validate().Select(e => e.Field));
    }
}
