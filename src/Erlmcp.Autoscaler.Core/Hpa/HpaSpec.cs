using Erlmcp.Autoscaler.Core.Labels;

namespace Erlmcp.Autoscaler.Core.Hpa;

// The autoscaling/v2 HorizontalPodAutoscaler spec as the controller reads it, without Kubernetes client types.
// Quantities are carried as milli-values (what upstream calls MilliValue()), tolerances as float64
// (what upstream calls AsApproximateFloat64()).

public enum MetricSourceType
{
    Object,
    Pods,
    Resource,
    ContainerResource,
    External,
}

public enum MetricTargetType
{
    Utilization,
    Value,
    AverageValue,
}

/// <summary>autoscaling/v2 MetricTarget. Exactly one of the values is set, according to <see cref="Type"/>.</summary>
public sealed record MetricTarget(
    MetricTargetType Type,
    long? ValueMilli = null,
    long? AverageValueMilli = null,
    int? AverageUtilization = null);

public sealed record MetricIdentifier(string Name, LabelSelectorSpec? Selector = null);

public sealed record CrossVersionObjectReference(string Kind, string Name, string ApiVersion = "");

/// <summary>autoscaling/v2 MetricSpec: <see cref="Type"/> tells which of the sources is set.</summary>
public sealed record MetricSpec(
    MetricSourceType Type,
    ResourceMetricSource? Resource = null,
    ContainerResourceMetricSource? ContainerResource = null,
    PodsMetricSource? Pods = null,
    ObjectMetricSource? Object = null,
    ExternalMetricSource? External = null);

public sealed record ResourceMetricSource(string Name, MetricTarget Target);

public sealed record ContainerResourceMetricSource(string Name, string Container, MetricTarget Target);

public sealed record PodsMetricSource(MetricIdentifier Metric, MetricTarget Target);

public sealed record ObjectMetricSource(CrossVersionObjectReference DescribedObject, MetricIdentifier Metric, MetricTarget Target);

public sealed record ExternalMetricSource(MetricIdentifier Metric, MetricTarget Target);

public enum ScalingPolicyType
{
    Pods,
    Percent,
}

public enum ScalingPolicySelect
{
    Max,
    Min,
    Disabled,
}

public sealed record HpaScalingPolicy(ScalingPolicyType Type, int Value, int PeriodSeconds);

/// <summary>
/// autoscaling/v2 HPAScalingRules. Null members are "omitted in the manifest"; the controller fills upstream's
/// defaults (see GenerateHPAScaleUpRules / GenerateHPAScaleDownRules).
/// </summary>
public sealed record HpaScalingRules(
    int? StabilizationWindowSeconds = null,
    ScalingPolicySelect? SelectPolicy = null,
    IReadOnlyList<HpaScalingPolicy>? Policies = null,
    double? Tolerance = null);

public sealed record HpaBehavior(HpaScalingRules? ScaleUp = null, HpaScalingRules? ScaleDown = null);

public sealed record HpaSpec(
    int? MinReplicas,
    int MaxReplicas,
    IReadOnlyList<MetricSpec> Metrics,
    HpaBehavior? Behavior = null,
    CrossVersionObjectReference? ScaleTargetRef = null);
