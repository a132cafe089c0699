namespace Erlmcp.Autoscaler.Core.Hpa;

/// <summary>
/// What <see cref="ReplicaCalculator.GetResourceReplicas"/> found: the proposed count, the current utilization in
/// percent of the requests, the raw average usage per pod in milli-units, and the metrics' timestamp.
/// </summary>
public readonly record struct ResourceReplicas(int ReplicaCount, int Utilization, long RawUtilization, DateTimeOffset Timestamp);

/// <summary>
/// What the value-based calculations found: the proposed count, the usage they compared with the target
/// (milli-units; an average per pod for per-pod targets) and the metrics' timestamp.
/// </summary>
public readonly record struct MetricReplicas(int ReplicaCount, long Usage, DateTimeOffset Timestamp);
