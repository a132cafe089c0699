namespace Erlmcp.Autoscaler.Simulation.Output;

// summary.json: what a run cost and what it did to clients. Times in seconds, rates per hour, shares in percent.

/// <summary>The whole summary of one run.</summary>
public sealed record SimulationSummary(
    string Scenario,
    string Strategy,
    ulong Seed,
    string Start,
    double DurationSeconds,
    double StepSeconds,
    long ConnectionTarget,
    long ConnectionLimit,
    double PodHours,
    ClientSummary Clients,
    TimeSummary Time,
    TimeToCapacitySummary TimeToCapacity,
    ScalingSummary Scaling,
    ElasticitySummary Elasticity,
    IReadOnlyList<PodSummary> Pods);

/// <param name="Opened">Sessions the trace opened.</param>
/// <param name="Ended">Sessions that ended.</param>
/// <param name="RefusedAtLimit">Connection attempts refused by a pod at its limit (retries included).</param>
/// <param name="ForciblyDisconnected">Clients cut off because scaling down deleted their pod.</param>
/// <param name="Shed">Clients a draining pod closed on purpose so they reconnect elsewhere.</param>
/// <param name="Reconnected">Clients that connected again after being refused, disconnected or shed.</param>
/// <param name="Abandoned">Clients whose session ended while they waited to reconnect.</param>
/// <param name="WaitingAtEnd">Clients still waiting to reconnect when the run ended.</param>
/// <param name="PeakConnected">The most clients connected at once.</param>
/// <param name="PeakDemand">The most sessions wanted at once (the demand).</param>
public sealed record ClientSummary(
    long Opened,
    long Ended,
    long RefusedAtLimit,
    long ForciblyDisconnected,
    long Shed,
    long Reconnected,
    long Abandoned,
    long WaitingAtEnd,
    long PeakConnected,
    double PeakDemand);

/// <param name="AnyPodAboveTargetSeconds">Time with at least one pod above the connections target.</param>
/// <param name="AnyPodAtLimitSeconds">Time with at least one pod at its connection limit (refusing).</param>
public sealed record TimeSummary(double AnyPodAboveTargetSeconds, double AnyPodAtLimitSeconds);

/// <summary>
/// Load steps: each time the demand (pods) rises above the serving pods; time to capacity: until the serving pods
/// reach the demand again.
/// </summary>
public sealed record TimeToCapacitySummary(
    int LoadSteps,
    int Reached,
    double? MeanSeconds,
    double? P50Seconds,
    double? P95Seconds,
    double? MaxSeconds);

/// <param name="HpaSyncs">HPA syncs.</param>
/// <param name="ScaleUps">Syncs that raised the replicas.</param>
/// <param name="ScaleDowns">Syncs that lowered them.</param>
/// <param name="Reversals">Scale events opposite to the previous one within <paramref name="ReversalWindowSeconds"/>.</param>
/// <param name="ReversalWindowSeconds">The reversal window.</param>
/// <param name="PodsCreated">Pods the strategy created.</param>
/// <param name="PodsDeleted">Pods the strategy deleted.</param>
/// <param name="FewestReplicas">The lowest desired replicas.</param>
/// <param name="MostReplicas">The highest desired replicas.</param>
public sealed record ScalingSummary(
    long HpaSyncs,
    int ScaleUps,
    int ScaleDowns,
    int Reversals,
    double ReversalWindowSeconds,
    int PodsCreated,
    int PodsDeleted,
    int FewestReplicas,
    int MostReplicas);

/// <summary>
/// The SPEC Research Group's elasticity metrics (Herbst et al., "Ready for Rain? A View from SPEC Research on the
/// Future of Cloud Metrics", SPEC-RG-2016-01, and "Quantifying Cloud Performance and Dependability", ACM TOMPECS
/// 2018) with demand d = ceil(demand connections / target) and supply s = serving pods, sampled every step.
/// </summary>
/// <param name="UnderProvisioningAccuracyPercent">θU: the mean of max(d - s, 0) / max(d, 1), in percent.</param>
/// <param name="OverProvisioningAccuracyPercent">θO: the mean of max(s - d, 0) / max(d, 1), in percent.</param>
/// <param name="UnderProvisioningTimesharePercent">τU: the share of time with s &lt; d.</param>
/// <param name="OverProvisioningTimesharePercent">τO: the share of time with s &gt; d.</param>
/// <param name="InstabilityPercent">υ: the share of time the supply and demand do not move in the same direction.</param>
/// <param name="JitterPerHour">j: supply adaptations minus demand adaptations, per hour (negative: too few).</param>
/// <param name="SupplyAdaptations">Changes of the serving pods.</param>
/// <param name="DemandAdaptations">Changes of the demand in pods.</param>
public sealed record ElasticitySummary(
    double UnderProvisioningAccuracyPercent,
    double OverProvisioningAccuracyPercent,
    double UnderProvisioningTimesharePercent,
    double OverProvisioningTimesharePercent,
    double InstabilityPercent,
    double JitterPerHour,
    long SupplyAdaptations,
    long DemandAdaptations);

/// <param name="Name">The pod (its ordinal, over every incarnation).</param>
/// <param name="PeakConnections">The most clients it held.</param>
/// <param name="P99Connections">The 99th percentile of its clients over the time it served.</param>
/// <param name="ServingSeconds">The time it was ready (or draining) and so could hold clients.</param>
public sealed record PodSummary(string Name, long PeakConnections, long P99Connections, double ServingSeconds);
