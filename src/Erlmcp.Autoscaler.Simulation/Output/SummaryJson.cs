using System.Text.Json;
using System.Text.Json.Serialization;

namespace Erlmcp.Autoscaler.Simulation.Output;

/// <summary>summary.json: the summary as indented camelCase JSON.</summary>
public static class SummaryJson
{
    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public static string Serialize(SimulationSummary summary) => JsonSerializer.Serialize(summary, Options);

    public static SimulationSummary Deserialize(string json) =>
        JsonSerializer.Deserialize<SimulationSummary>(json, Options) ?? throw new JsonException("summary.json is null");
}
