using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Erlmcp.Autoscaler.Core.Scaling;

/// <summary>
/// How a <see cref="PlanState"/> is written to and read from the ErlmcpCluster's <c>status.plan</c>: camelCase
/// names as Kubernetes objects use, enums as their names, times as ISO 8601.
/// </summary>
public static class PlanStateJson
{
    /// <summary>Read-only, so that no caller can change how every other caller's plans are written.</summary>
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    public static string Serialize(PlanState plan) => JsonSerializer.Serialize(plan, Options);

    /// <summary>Reads a plan; a malformed one throws a <see cref="JsonException"/> naming the path and position.</summary>
    public static PlanState Deserialize(string json) =>
        JsonSerializer.Deserialize<PlanState>(json, Options) ?? throw new JsonException("status.plan is null");

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web) { TypeInfoResolver = new DefaultJsonTypeInfoResolver() };
        options.MakeReadOnly();
        return options;
    }
}
