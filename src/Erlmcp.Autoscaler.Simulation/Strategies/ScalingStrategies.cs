using Erlmcp.Autoscaler.Core.Scaling;
using Erlmcp.Autoscaler.Simulation.Scenarios;

namespace Erlmcp.Autoscaler.Simulation.Strategies;

/// <summary>The strategies a scenario can name.</summary>
public static class ScalingStrategies
{
    public const string Baseline = "baseline";

    public const string Coordinator = "coordinator";

    /// <summary>Every strategy name, in the order scenarios, flags and messages list them.</summary>
    public static IReadOnlyList<string> Names { get; } = [Baseline, Coordinator];

    public static IScalingStrategy Create(Scenario scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        return scenario.Strategy switch
        {
            Baseline => new BaselineStrategy(),
            Coordinator => new CoordinatorStrategy(CoordinatorSpec(scenario), scenario.Step),
            _ => throw new ArgumentException($"unknown scaling strategy \"{scenario.Strategy}\"", nameof(scenario)),
        };
    }

    /// <summary>The ErlmcpCluster spec the coordinator works to: the scenario's coordinator settings, the HPA's bounds.</summary>
    public static ClusterSpec CoordinatorSpec(Scenario scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        var hpa = scenario.Hpa.Spec;
        return scenario.Coordinator with
        {
            DesiredReplicas = hpa.MinReplicas ?? 1,
            MinReplicas = hpa.MinReplicas ?? 1,
            MaxReplicas = hpa.MaxReplicas,
            StatefulSetName = scenario.Pods.StatefulSetName,
            ConnectionLimit = scenario.Pods.ConnectionLimit,
            ConnectionTarget = scenario.ConnectionTarget,
        };
    }
}
