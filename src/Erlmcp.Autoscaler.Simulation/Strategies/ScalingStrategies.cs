namespace Erlmcp.Autoscaler.Simulation.Strategies;

/// <summary>The strategies a scenario can name.</summary>
public static class ScalingStrategies
{
    public static IScalingStrategy Create(string name) => name switch
    {
        "baseline" => new BaselineStrategy(),
        _ => throw new ArgumentException($"unknown scaling strategy \"{name}\"", nameof(name)),
    };
}
