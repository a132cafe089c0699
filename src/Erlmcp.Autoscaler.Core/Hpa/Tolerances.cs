using System.Globalization;

namespace Erlmcp.Autoscaler.Core.Hpa;

/// <summary>Which comparison decides that a usage ratio is close enough to 1 to leave the replica count alone.</summary>
public enum ToleranceRule
{
    /// <summary>
    /// Kubernetes 1.33 and later (per-direction tolerances, KEP-4951):
    /// <c>(1 - ScaleDown) &lt;= ratio &amp;&amp; ratio &lt;= (1 + ScaleUp)</c>.
    /// </summary>
    Inclusive,

    /// <summary>
    /// Kubernetes 1.32 and earlier, one tolerance for both directions: <c>|1 - ratio| &lt;= tolerance</c>.
    /// It differs from <see cref="Inclusive"/> in floating point: at a ratio of exactly 1.1 with a tolerance of 0.1,
    /// <c>1.0 + 0.1 == 1.1</c> but <c>|1.0 - 1.1| &gt; 0.1</c>, so Legacy scales where Inclusive does not.
    /// </summary>
    Legacy,
}

/// <summary>
/// The scale-down and scale-up tolerances of one autoscaler: upstream's <c>Tolerances</c> in replica_calculator.go.
/// Both are fractions of the target (0.1 = 10%) and must be finite and non-negative. <see cref="ToleranceRule.Legacy"/>
/// has a single tolerance, so it requires <paramref name="ScaleDown"/> and <paramref name="ScaleUp"/> to be equal.
/// </summary>
public readonly record struct Tolerances(double ScaleDown, double ScaleUp, ToleranceRule Rule = ToleranceRule.Inclusive)
{
    /// <summary>The controller's default, <c>--horizontal-pod-autoscaler-tolerance=0.1</c>, in both directions.</summary>
    public static Tolerances Default { get; } = new(0.1, 0.1);

    public double ScaleDown { get; } = RequireTolerance(ScaleDown, nameof(ScaleDown));

    public double ScaleUp { get; } = RequireTolerance(ScaleUp, nameof(ScaleUp));

    public ToleranceRule Rule { get; } = RequireRule(Rule, ScaleDown, ScaleUp, nameof(Rule));

    /// <summary>True when the change would be too small to act on: upstream's <c>isWithin</c>.</summary>
    public bool IsWithin(double usageRatio) => Rule == ToleranceRule.Legacy
        ? Math.Abs(1.0 - usageRatio) <= ScaleUp
        : 1.0 - ScaleDown <= usageRatio && usageRatio <= 1.0 + ScaleUp;

    /// <summary>Upstream's <c>String()</c>: <c>[down:10.0%, up:10.0%]</c>.</summary>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture, $"[down:{ScaleDown * 100.0:F1}%, up:{ScaleUp * 100.0:F1}%]");

    private static double RequireTolerance(double value, string name) =>
        double.IsFinite(value) && value >= 0.0
            ? value
            : throw new ArgumentOutOfRangeException(
                name, value, $"tolerance {name} must be a finite number >= 0 (a fraction of the target, 0.1 = 10%)");

    private static ToleranceRule RequireRule(ToleranceRule rule, double scaleDown, double scaleUp, string name)
    {
        if (!Enum.IsDefined(rule))
        {
            throw new ArgumentOutOfRangeException(name, rule, "unknown tolerance rule");
        }

        if (rule == ToleranceRule.Legacy && scaleDown != scaleUp)
        {
            throw new ArgumentException(
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"the Legacy tolerance rule (Kubernetes 1.32 and earlier) has one tolerance for both directions: ScaleDown ({scaleDown}) and ScaleUp ({scaleUp}) must be equal"),
                name);
        }

        return rule;
    }
}
