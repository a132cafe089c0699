using System.Text.Json;
using System.Text.Json.Serialization;
using k8s.Models;

namespace Erlmcp.Autoscaler.Server.Kubernetes.ErlmcpClusters;

/// <summary><c>status</c> of an ErlmcpCluster, as written by the coordinator.</summary>
public sealed class V1Alpha1ErlmcpClusterStatus
{
    [JsonPropertyName("replicas")]
    public int? Replicas { get; set; }

    [JsonPropertyName("selector")]
    public string? Selector { get; set; }

    [JsonPropertyName("phase")]
    public string? Phase { get; set; }

    [JsonPropertyName("observedGeneration")]
    public long? ObservedGeneration { get; set; }

    /// <summary>The planner's <c>PlanState</c> in <c>PlanStateJson</c>'s form; the schema keeps it as it is.</summary>
    [JsonPropertyName("plan")]
    public JsonElement? Plan { get; set; }

    [JsonPropertyName("conditions")]
    public IList<V1Condition>? Conditions { get; set; }

    [JsonPropertyName("pods")]
    public IList<V1Alpha1ErlmcpClusterPodStatus>? Pods { get; set; }
}

/// <summary>One entry of <c>status.pods</c>.</summary>
public sealed class V1Alpha1ErlmcpClusterPodStatus
{
    [JsonPropertyName("name")]
    public string Name { get; set; } = "";

    [JsonPropertyName("ordinal")]
    public int Ordinal { get; set; }

    [JsonPropertyName("ready")]
    public bool Ready { get; set; }

    [JsonPropertyName("connections")]
    public long? Connections { get; set; }

    [JsonPropertyName("nodeState")]
    public string? NodeState { get; set; }

    [JsonPropertyName("stage")]
    public string? Stage { get; set; }
}
