using System.Text.Json.Serialization;

namespace Erlmcp.Autoscaler.Server.Kubernetes.ErlmcpClusters;

// The spec as written in the resource. Every field but replicas is optional here: the API server fills in the schema's
// defaults, and ErlmcpClusterSpecMapping falls back to the planner's defaults (the same values) for an object that
// did not pass through defaulting.

/// <summary><c>spec</c> of an ErlmcpCluster.</summary>
public sealed class V1Alpha1ErlmcpClusterSpec
{
    [JsonPropertyName("replicas")]
    public int? Replicas { get; set; }

    [JsonPropertyName("minReplicas")]
    public int? MinReplicas { get; set; }

    [JsonPropertyName("maxReplicas")]
    public int? MaxReplicas { get; set; }

    [JsonPropertyName("statefulSetName")]
    public string? StatefulSetName { get; set; }

    [JsonPropertyName("nodeNameTemplate")]
    public string? NodeNameTemplate { get; set; }

    [JsonPropertyName("connectionLimit")]
    public long? ConnectionLimit { get; set; }

    [JsonPropertyName("connectionTarget")]
    public long? ConnectionTarget { get; set; }

    [JsonPropertyName("stalenessBoundSeconds")]
    public int? StalenessBoundSeconds { get; set; }

    [JsonPropertyName("drain")]
    public V1Alpha1DrainSpec? Drain { get; set; }

    [JsonPropertyName("rebalance")]
    public V1Alpha1RebalanceSpec? Rebalance { get; set; }

    [JsonPropertyName("join")]
    public V1Alpha1JoinSpec? Join { get; set; }

    [JsonPropertyName("retry")]
    public V1Alpha1RetrySpec? Retry { get; set; }
}

/// <summary><c>spec.drain</c>.</summary>
public sealed class V1Alpha1DrainSpec
{
    [JsonPropertyName("healthCheckWaitSeconds")]
    public int? HealthCheckWaitSeconds { get; set; }

    [JsonPropertyName("shedRatePerSecond")]
    public int? ShedRatePerSecond { get; set; }

    [JsonPropertyName("deadlineSeconds")]
    public int? DeadlineSeconds { get; set; }

    /// <summary><c>Force</c> or <c>HoldAndReport</c>.</summary>
    [JsonPropertyName("deadlinePolicy")]
    public string? DeadlinePolicy { get; set; }

    [JsonPropertyName("allowedRemainder")]
    public long? AllowedRemainder { get; set; }
}

/// <summary><c>spec.rebalance</c>.</summary>
public sealed class V1Alpha1RebalanceSpec
{
    [JsonPropertyName("absoluteThreshold")]
    public long? AbsoluteThreshold { get; set; }

    /// <summary>An integer percent rather than EMQX's ratio (10 = 1.1): Kubernetes APIs avoid floating-point fields.</summary>
    [JsonPropertyName("relativeThresholdPercent")]
    public int? RelativeThresholdPercent { get; set; }

    [JsonPropertyName("shedRatePerSecond")]
    public int? ShedRatePerSecond { get; set; }

    [JsonPropertyName("cooldownSeconds")]
    public int? CooldownSeconds { get; set; }
}

/// <summary><c>spec.join</c>.</summary>
public sealed class V1Alpha1JoinSpec
{
    [JsonPropertyName("seedOrdinals")]
    public IList<int>? SeedOrdinals { get; set; }

    [JsonPropertyName("timeoutSeconds")]
    public int? TimeoutSeconds { get; set; }

    [JsonPropertyName("retryAfterRollbackSeconds")]
    public int? RetryAfterRollbackSeconds { get; set; }
}

/// <summary><c>spec.retry</c>.</summary>
public sealed class V1Alpha1RetrySpec
{
    [JsonPropertyName("initialSeconds")]
    public int? InitialSeconds { get; set; }

    [JsonPropertyName("maxSeconds")]
    public int? MaxSeconds { get; set; }
}
