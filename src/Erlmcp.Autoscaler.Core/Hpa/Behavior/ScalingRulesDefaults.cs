using System.Collections.ObjectModel;

namespace Erlmcp.Autoscaler.Core.Hpa;

/// <summary>
/// Upstream's behavior defaults (pkg/apis/autoscaling/v2/defaults.go, GenerateHPAScaleUpRules and
/// GenerateHPAScaleDownRules): each field the user gives replaces the default of that field alone.
/// </summary>
public static class ScalingRulesDefaults
{
    /// <summary>Default of kube-controller-manager's --horizontal-pod-autoscaler-downscale-stabilization (5m).</summary>
    public const int DownscaleStabilisationWindowSeconds = 300;

    // Scale up keeps the pre-behavior rate: double, or add 4 pods, every 15s, whichever is more.
    private static readonly ReadOnlyCollection<HpaScalingPolicy> ScaleUpPolicies = Array.AsReadOnly(
    [
        new HpaScalingPolicy(ScalingPolicyType.Pods, 4, 15),
        new HpaScalingPolicy(ScalingPolicyType.Percent, 100, 15),
    ]);

    private static readonly ReadOnlyCollection<HpaScalingPolicy> ScaleDownPolicies = Array.AsReadOnly(
    [
        new HpaScalingPolicy(ScalingPolicyType.Percent, 100, 15),
    ]);

    /// <summary>Scale-up rules: window 0, select Max, Pods 4 per 15s and Percent 100 per 15s.</summary>
    public static ResolvedScalingRules ScaleUp(HpaScalingRules? given) => new(
        given?.StabilizationWindowSeconds ?? 0,
        given?.SelectPolicy ?? ScalingPolicySelect.Max,
        given?.Policies ?? ScaleUpPolicies,
        given?.Tolerance);

    /// <summary>
    /// Scale-down rules: select Max, Percent 100 per 15s. The API server leaves the window unset and the controller
    /// fills it from its downscale stabilisation flag, given here.
    /// </summary>
    public static ResolvedScalingRules ScaleDown(
        HpaScalingRules? given,
        int downscaleStabilisationWindowSeconds = DownscaleStabilisationWindowSeconds)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(downscaleStabilisationWindowSeconds);
        return new ResolvedScalingRules(
            given?.StabilizationWindowSeconds ?? downscaleStabilisationWindowSeconds,
            given?.SelectPolicy ?? ScalingPolicySelect.Max,
            given?.Policies ?? ScaleDownPolicies,
            given?.Tolerance);
    }
}
