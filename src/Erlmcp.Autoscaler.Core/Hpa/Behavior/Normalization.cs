namespace Erlmcp.Autoscaler.Core.Hpa;

/// <summary>
/// The outcome of normalizing a recommendation: the desired replicas, the history with the recommendation
/// remembered, and the AbleToScale and ScalingLimited conditions as upstream sets them. The conditions carry
/// LastTransitionTime = now; the caller keeps the previous transition time when the status did not change.
/// </summary>
public sealed record Normalization(
    int DesiredReplicas,
    HpaHistory History,
    HpaCondition AbleToScale,
    HpaCondition ScalingLimited,
    NormalizationTrace Trace);
