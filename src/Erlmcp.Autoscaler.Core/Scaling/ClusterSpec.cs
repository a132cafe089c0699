namespace Erlmcp.Autoscaler.Core.Scaling;

/// <summary>
/// What the planner is asked to reach and how: the ErlmcpCluster's <c>spec</c> as the planner reads it. The
/// defaults are the values the ErlmcpCluster schema should default to; <see cref="Validate"/> says what is wrong.
/// </summary>
public sealed record ClusterSpec
{
    /// <summary><c>spec.replicas</c>: what the HPA wrote through the scale subresource.</summary>
    public required int DesiredReplicas { get; init; }

    /// <summary>
    /// The range <see cref="DesiredReplicas"/> must fall in. A cluster cannot go below one pod: a drain needs
    /// somewhere to send the clients. A desired count outside the range is not acted on (the plan holds its target).
    /// </summary>
    public int MinReplicas { get; init; } = 1;

    public int MaxReplicas { get; init; } = 100;

    /// <summary>Names pods in explanations (<c>{name}-{ordinal}</c>); the planner itself works on ordinals.</summary>
    public string StatefulSetName { get; init; } = "erlmcp";

    public DrainSettings Drain { get; init; } = new();

    public RebalanceSettings Rebalance { get; init; } = new();

    public JoinSettings Join { get; init; } = new();

    /// <summary>erlmcp's <c>max_connections</c>: a pod refuses clients beyond it, so shedding never fills a pod past it.</summary>
    public long ConnectionLimit { get; init; } = 25_000;

    /// <summary>The per-pod load the HPA aims at; a scale-down that would leave the staying pods above it is reported.</summary>
    public long ConnectionTarget { get; init; } = 20_000;

    /// <summary>A connection count (or node status) older than this is not acted on.</summary>
    public TimeSpan StalenessBound { get; init; } = TimeSpan.FromSeconds(15);

    public RetrySettings Retry { get; init; } = new();

    /// <summary>Every problem with the settings, each naming its field; empty when the spec can be planned with.</summary>
    public IReadOnlyList<SpecError> Validate() => ClusterSpecValidation.Check(this);
}

/// <summary>What happens to a pod that still holds clients when its drain deadline passes.</summary>
public enum DeadlinePolicy
{
    /// <summary>Remove the pod anyway: its remaining clients are cut off and reconnect elsewhere.</summary>
    Force,

    /// <summary>Keep the pod, keep draining it as room allows, and report the plan as blocked.</summary>
    HoldAndReport,
}

/// <summary><c>spec.drain</c>: how a pod that goes is emptied.</summary>
public sealed record DrainSettings
{
    /// <summary>
    /// How long the pod keeps accepting after its readiness turns false, so that every Service endpoint has dropped
    /// it before its listeners stop (readiness probe period times failure threshold: 10 s x 3).
    /// </summary>
    public TimeSpan HealthCheckWait { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Connections closed per second on the pod being drained (EMQX's conn-evict-rate default).</summary>
    public int ShedRatePerSecond { get; init; } = 500;

    /// <summary>How long a pod may take to empty, counted from when its turn to shed begins.</summary>
    public TimeSpan Deadline { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Never cut clients off unless the operator says so.</summary>
    public DeadlinePolicy DeadlinePolicy { get; init; } = DeadlinePolicy.HoldAndReport;

    /// <summary>Connections a pod may still hold and count as empty (stragglers that close on their own).</summary>
    public long AllowedRemainder { get; init; }
}

/// <summary><c>spec.rebalance</c>: when and how connections are moved from the most loaded pods to the least loaded.</summary>
public sealed record RebalanceSettings
{
    /// <summary>EMQX's abs-conn-threshold: pods within this many connections of each other are balanced.</summary>
    public long AbsoluteThreshold { get; init; } = 1_000;

    /// <summary>EMQX's rel-conn-threshold: pods within this ratio of each other (1.1 = 10%) are balanced.</summary>
    public double RelativeThreshold { get; init; } = 1.1;

    /// <summary>Connections closed per second on each donor pod.</summary>
    public int ShedRatePerSecond { get; init; } = 500;

    /// <summary>The pause after a rebalance before the next one, so that clients settle and counts catch up.</summary>
    public TimeSpan Cooldown { get; init; } = TimeSpan.FromMinutes(5);
}

/// <summary><c>spec.join</c>: how new pods enter the Erlang cluster.</summary>
public sealed record JoinSettings
{
    /// <summary>The ordinals new pods connect to (those that survive the scale event; the lowest surviving pod otherwise).</summary>
    public IReadOnlyList<int> SeedOrdinals { get; init; } = [0];

    /// <summary>How long a new pod may take to become ready and join before the scale-up is rolled back.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>After a rollback, how long the planner holds the smaller size before trying the scale-up again.</summary>
    public TimeSpan RetryAfterRollback { get; init; } = TimeSpan.FromMinutes(10);
}

/// <summary>When an action whose effect has not been observed is issued again: after a backoff that doubles.</summary>
public sealed record RetrySettings
{
    public TimeSpan Initial { get; init; } = TimeSpan.FromSeconds(5);

    public TimeSpan Max { get; init; } = TimeSpan.FromMinutes(1);
}

/// <summary>One problem with a <see cref="ClusterSpec"/>: the field (as spelled under the ErlmcpCluster's spec) and what is wrong.</summary>
public sealed record SpecError(string Field, string Message)
{
    public override string ToString() => $"{Field}: {Message}";
}
