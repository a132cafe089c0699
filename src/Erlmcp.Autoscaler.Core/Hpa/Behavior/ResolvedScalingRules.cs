namespace Erlmcp.Autoscaler.Core.Hpa;

/// <summary>
/// One direction of an autoscaling/v2 behavior with every omitted field filled in (see
/// <see cref="ScalingRulesDefaults"/>): what upstream's controller reads after SetDefaults_HorizontalPodAutoscalerBehavior
/// and maybeInitScaleDownStabilizationWindow. <see cref="Tolerance"/> stays null when omitted: the controller then
/// uses its cluster-wide tolerance.
/// </summary>
public sealed record ResolvedScalingRules(
    int StabilizationWindowSeconds,
    ScalingPolicySelect SelectPolicy,
    IReadOnlyList<HpaScalingPolicy> Policies,
    double? Tolerance)
{
    public IReadOnlyList<HpaScalingPolicy> Policies { get; init; } =
        Policies ?? throw new ArgumentNullException(nameof(Policies), "resolved scaling rules need a policy list (it may be empty)");

    /// <summary>The longest policy period: scale events older than this are outdated (upstream getLongestPolicyPeriod).</summary>
    public int LongestPolicyPeriodSeconds
    {
        get
        {
            int longest = 0;
            for (int i = 0; i < Policies.Count; i++)
            {
                longest = Math.Max(longest, Policies[i].PeriodSeconds);
            }
            return longest;
        }
    }
}
