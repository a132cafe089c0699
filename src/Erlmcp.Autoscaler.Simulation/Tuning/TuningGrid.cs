using System.Globalization;
using Erlmcp.Autoscaler.Core.Hpa;
using Erlmcp.Autoscaler.Simulation.Manifests;
using Erlmcp.Autoscaler.Simulation.Scenarios;

namespace Erlmcp.Autoscaler.Simulation.Tuning;

/// <summary>A setting the grid can vary, named by its path in grid.yaml.</summary>
public enum TunableSetting
{
    /// <summary><c>target</c>: the HPA's erlmcp_connections averageValue.</summary>
    Target,

    /// <summary><c>tolerance</c>: --horizontal-pod-autoscaler-tolerance.</summary>
    Tolerance,
    ScaleUpStabilizationWindow,
    ScaleUpPodsValue,
    ScaleUpPercentValue,
    ScaleDownStabilizationWindow,
    ScaleDownPodsValue,
    ScaleDownPercentValue,

    /// <summary><c>coordinator.shedRate</c>: connections a going pod closes per second.</summary>
    ShedRate,
}

/// <summary>One setting's values to try (durations in seconds).</summary>
public sealed record GridAxis(TunableSetting Setting, string Path, IReadOnlyList<double> Values)
{
    public bool IsDuration => Setting is TunableSetting.ScaleUpStabilizationWindow or TunableSetting.ScaleDownStabilizationWindow;

    public string Format(double value) => IsDuration
        ? GoDuration.Format(TimeSpan.FromSeconds(value))
        : value.ToString(CultureInfo.InvariantCulture);
}

/// <summary>One point of the grid: a value for each axis.</summary>
public sealed record TuningSetting(IReadOnlyList<(GridAxis Axis, double Value)> Values)
{
    public override string ToString() => string.Join(" ", Values.Select(v => $"{v.Axis.Path}={v.Axis.Format(v.Value)}"));
}

/// <summary>The settings to try, read from grid.yaml by <see cref="TuningGridReader"/>; every combination is run.</summary>
public sealed record TuningGrid(IReadOnlyList<GridAxis> Axes)
{
    /// <summary>The cartesian product of the axes, the last axis varying fastest.</summary>
    public IReadOnlyList<TuningSetting> Settings()
    {
        IEnumerable<IReadOnlyList<(GridAxis, double)>> product = [[]];
        foreach (var axis in Axes)
        {
            product = product.SelectMany(prefix => axis.Values.Select(v => (IReadOnlyList<(GridAxis, double)>)[.. prefix, (axis, v)])).ToList();
        }

        return [.. product.Select(values => new TuningSetting(values))];
    }

    /// <summary>The scenario with <paramref name="setting"/> applied to its HPA manifest, controller and coordinator.</summary>
    public static Scenario Apply(Scenario scenario, TuningSetting setting)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(setting);
        foreach (var (axis, value) in setting.Values)
        {
            scenario = Apply(scenario, axis.Setting, value);
        }

        return scenario;
    }

    private static Scenario Apply(Scenario scenario, TunableSetting setting, double value)
    {
        var spec = scenario.Hpa.Spec;
        var behavior = spec.Behavior ?? new HpaBehavior();
        var scaleUp = behavior.ScaleUp ?? new HpaScalingRules();
        var scaleDown = behavior.ScaleDown ?? new HpaScalingRules();
        Scenario WithSpec(HpaSpec changed) => scenario with { Hpa = scenario.Hpa with { Spec = changed } };
        Scenario WithBehavior(HpaBehavior changed) => WithSpec(spec with { Behavior = changed });
        return setting switch
        {
            // The coordinator works to the same target as the HPA (as a scenario without pods.target does).
            TunableSetting.Target => WithSpec(spec with { Metrics = WithConnectionsTarget(scenario, (long)value) }) with { ConnectionTarget = (long)value },
            TunableSetting.Tolerance => scenario with { Controller = scenario.Controller with { Tolerance = value } },
            TunableSetting.ScaleUpStabilizationWindow => WithBehavior(behavior with { ScaleUp = scaleUp with { StabilizationWindowSeconds = (int)value } }),
            TunableSetting.ScaleDownStabilizationWindow => WithBehavior(behavior with { ScaleDown = scaleDown with { StabilizationWindowSeconds = (int)value } }),
            TunableSetting.ScaleUpPodsValue => WithBehavior(behavior with { ScaleUp = WithPolicyValue(scaleUp, ScalingRulesDefaults.ScaleUp(null).Policies, ScalingPolicyType.Pods, (int)value) }),
            TunableSetting.ScaleUpPercentValue => WithBehavior(behavior with { ScaleUp = WithPolicyValue(scaleUp, ScalingRulesDefaults.ScaleUp(null).Policies, ScalingPolicyType.Percent, (int)value) }),
            TunableSetting.ScaleDownPodsValue => WithBehavior(behavior with { ScaleDown = WithPolicyValue(scaleDown, ScalingRulesDefaults.ScaleDown(null).Policies, ScalingPolicyType.Pods, (int)value) }),
            TunableSetting.ScaleDownPercentValue => WithBehavior(behavior with { ScaleDown = WithPolicyValue(scaleDown, ScalingRulesDefaults.ScaleDown(null).Policies, ScalingPolicyType.Percent, (int)value) }),
            TunableSetting.ShedRate => scenario with { Coordinator = scenario.Coordinator with { Drain = scenario.Coordinator.Drain with { ShedRatePerSecond = (int)value } } },
            _ => throw new ArgumentOutOfRangeException(nameof(setting), setting, "not a tunable setting"),
        };
    }

    private static List<MetricSpec> WithConnectionsTarget(Scenario scenario, long target)
    {
        var name = scenario.Metrics.ConnectionsMetric;
        var metrics = scenario.Hpa.Spec.Metrics;
        if (!metrics.Any(m => m.Pods?.Metric.Name == name))
        {
            throw new InputException($"{scenario.HpaSource}: the HPA has no Pods metric \"{name}\" whose target the grid's \"target\" could set");
        }

        return [.. metrics.Select(m => m.Pods?.Metric.Name == name
            ? m with { Pods = m.Pods with { Target = new MetricTarget(MetricTargetType.AverageValue, AverageValueMilli: target * 1000) } }
            : m)];
    }

    // Sets the value of every policy of the type; rules without one (upstream's scale-down defaults have no Pods
    // policy) get one over the period of their first policy, so the value takes effect.
    private static HpaScalingRules WithPolicyValue(
        HpaScalingRules rules, IReadOnlyList<HpaScalingPolicy> defaults, ScalingPolicyType type, int value)
    {
        var policies = rules.Policies ?? defaults;
        List<HpaScalingPolicy> changed = policies.Any(p => p.Type == type)
            ? [.. policies.Select(p => p.Type == type ? p with { Value = value } : p)]
            : [.. policies, new HpaScalingPolicy(type, value, policies.Count > 0 ? policies[0].PeriodSeconds : 15)];
        return rules with { Policies = changed };
    }
}
