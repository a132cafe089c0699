namespace Erlmcp.Autoscaler.Core.Hpa;

/// <summary>
/// The reasons the normalization sets on the AbleToScale and ScalingLimited conditions, with upstream's messages.
/// </summary>
public static class NormalizationReason
{
    // AbleToScale
    public const string ReadyForNewScale = "ReadyForNewScale";
    public const string ScaleUpStabilized = "ScaleUpStabilized";
    public const string ScaleDownStabilized = "ScaleDownStabilized";

    // ScalingLimited
    public const string DesiredWithinRange = "DesiredWithinRange";
    public const string TooFewReplicas = "TooFewReplicas";
    public const string TooManyReplicas = "TooManyReplicas";
    public const string ScaleUpLimit = "ScaleUpLimit";
    public const string ScaleDownLimit = "ScaleDownLimit";

    /// <summary>Upstream's condition message for a reason set by the normalization.</summary>
    public static string Message(string reason) => reason switch
    {
        ReadyForNewScale => "recommended size matches current size",
        ScaleUpStabilized => "recent recommendations were lower than current one, applying the lowest recent recommendation",
        ScaleDownStabilized => "recent recommendations were higher than current one, applying the highest recent recommendation",
        DesiredWithinRange => "the desired count is within the acceptable range",
        TooFewReplicas => "the desired replica count is less than the minimum replica count",
        TooManyReplicas => "the desired replica count is more than the maximum replica count",
        ScaleUpLimit => "the desired replica count is increasing faster than the maximum scale rate",
        ScaleDownLimit => "the desired replica count is decreasing faster than the maximum scale rate",
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, "not a reason the replica normalization sets"),
    };
}
