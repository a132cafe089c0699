namespace Erlmcp.Autoscaler.Core.Hpa;

/// <summary>
/// The kube-controller-manager settings the HPA controller reads, with their upstream defaults.
/// </summary>
public sealed record HpaControllerOptions
{
    /// <summary><c>--horizontal-pod-autoscaler-tolerance</c>: the cluster tolerance, in both directions (0.1 = 10%).</summary>
    public double Tolerance { get; init; } = 0.1;

    /// <summary>
    /// How a usage ratio is compared with the tolerances: <see cref="ToleranceRule.Inclusive"/> is Kubernetes 1.33 and
    /// later, <see cref="ToleranceRule.Legacy"/> 1.32 and earlier (which have no per-HPA tolerance).
    /// </summary>
    public ToleranceRule ToleranceRule { get; init; } = ToleranceRule.Inclusive;

    /// <summary><c>--horizontal-pod-autoscaler-cpu-initialization-period</c>.</summary>
    public TimeSpan CpuInitializationPeriod { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary><c>--horizontal-pod-autoscaler-initial-readiness-delay</c>.</summary>
    public TimeSpan DelayOfInitialReadinessStatus { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// <c>--horizontal-pod-autoscaler-downscale-stabilization</c>: the scale-down stabilization window of an HPA
    /// without behavior, and of an HPA whose behavior leaves behavior.scaleDown.stabilizationWindowSeconds out.
    /// </summary>
    public TimeSpan DownscaleStabilisationWindow { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The HPAConfigurableTolerance feature gate (beta, on by default since 1.34): when on, behavior.scaleUp.tolerance
    /// and behavior.scaleDown.tolerance replace <see cref="Tolerance"/> in their direction.
    /// </summary>
    public bool ConfigurableTolerance { get; init; } = true;

    /// <summary>Throws when a setting is out of range, naming the setting, its flag and the value.</summary>
    public void Validate()
    {
        if (!double.IsFinite(Tolerance) || Tolerance < 0)
        {
            throw new ArgumentOutOfRangeException(
                nameof(Tolerance), Tolerance, "Tolerance (--horizontal-pod-autoscaler-tolerance) must be a finite number >= 0");
        }

        if (!Enum.IsDefined(ToleranceRule))
        {
            throw new ArgumentOutOfRangeException(nameof(ToleranceRule), ToleranceRule, "ToleranceRule must be Inclusive or Legacy");
        }

        if (ToleranceRule == ToleranceRule.Legacy && ConfigurableTolerance)
        {
            throw new ArgumentException(
                "ToleranceRule Legacy models Kubernetes 1.32 and earlier, which have no per-HPA tolerance: set ConfigurableTolerance to false",
                nameof(ConfigurableTolerance));
        }

        RequireNonNegative(CpuInitializationPeriod, nameof(CpuInitializationPeriod), "--horizontal-pod-autoscaler-cpu-initialization-period");
        RequireNonNegative(DelayOfInitialReadinessStatus, nameof(DelayOfInitialReadinessStatus), "--horizontal-pod-autoscaler-initial-readiness-delay");
        RequireNonNegative(DownscaleStabilisationWindow, nameof(DownscaleStabilisationWindow), "--horizontal-pod-autoscaler-downscale-stabilization");
        if (DownscaleStabilisationWindow.TotalSeconds > int.MaxValue)
        {
            throw new ArgumentOutOfRangeException(
                nameof(DownscaleStabilisationWindow),
                DownscaleStabilisationWindow,
                $"DownscaleStabilisationWindow (--horizontal-pod-autoscaler-downscale-stabilization) must not exceed {int.MaxValue} seconds");
        }
    }

    private static void RequireNonNegative(TimeSpan value, string name, string flag)
    {
        if (value < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} ({flag}) must not be negative");
        }
    }
}
