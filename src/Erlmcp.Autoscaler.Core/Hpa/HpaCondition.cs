namespace Erlmcp.Autoscaler.Core.Hpa;

/// <summary>autoscaling/v2 HorizontalPodAutoscalerCondition. Reasons and messages use upstream's exact strings.</summary>
public sealed record HpaCondition(
    string Type,
    ConditionStatus Status,
    string Reason,
    string Message,
    DateTimeOffset LastTransitionTime);

/// <summary>The condition types the HPA controller sets.</summary>
public static class HpaConditionType
{
    public const string AbleToScale = "AbleToScale";
    public const string ScalingActive = "ScalingActive";
    public const string ScalingLimited = "ScalingLimited";
}

/// <summary>
/// The scale subresource the HPA reads (autoscaling/v1 Scale): spec.replicas, status.replicas and
/// status.selector (a label selector string, which may be empty or malformed).
/// </summary>
public sealed record ScaleInfo(int SpecReplicas, int StatusReplicas, string Selector);
