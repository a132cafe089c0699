using System.Text.Json;
using Erlmcp.Autoscaler.Core.Scaling;
using Erlmcp.Autoscaler.Server.Coordinator;
using k8s.Models;

namespace Erlmcp.Autoscaler.Server.Kubernetes.ErlmcpClusters;

/// <summary>
/// Between the resource's <c>status</c> and the coordinator's <see cref="ErlmcpClusterStatus"/>: the plan through
/// <see cref="PlanStateJson"/>, conditions in metav1.Condition's shape, enums by name.
/// </summary>
public static class ErlmcpClusterStatusMapping
{
    private const string True = "True";
    private const string False = "False";

    /// <summary>The status as the coordinator reads it (an absent status is the empty one).</summary>
    /// <exception cref="JsonException"><c>status.plan</c> is not a plan; the message names the path in it.</exception>
    public static ErlmcpClusterStatus FromResource(V1Alpha1ErlmcpClusterStatus? status)
    {
        if (status is null)
        {
            return new ErlmcpClusterStatus();
        }

        PlanState? plan = null;
        if (status.Plan is { ValueKind: JsonValueKind.Object } planJson)
        {
            try
            {
                plan = PlanStateJson.Deserialize(planJson.GetRawText());
            }
            catch (JsonException e)
            {
                throw new JsonException($"status.plan: {e.Message}", e.Path, e.LineNumber, e.BytePositionInLine, e);
            }
        }

        return new ErlmcpClusterStatus
        {
            Replicas = status.Replicas ?? 0,
            Selector = status.Selector,
            Phase = ParseEnum<PlanPhase>(status.Phase),
            Plan = plan,
            ObservedGeneration = status.ObservedGeneration ?? 0,
            Conditions = [.. (status.Conditions ?? []).Select(c => new PlanCondition(c.Type, c.Status == True, c.Reason, c.Message, new DateTimeOffset(DateTime.SpecifyKind(c.LastTransitionTime, DateTimeKind.Utc))))],
            Pods = [.. (status.Pods ?? []).Select(p => new PodSummary(p.Name, p.Ordinal, p.Ready, p.Connections, ParseEnum<NodeState>(p.NodeState), ParseEnum<PodStage>(p.Stage)))],
        };
    }

    /// <summary>The status as written to the resource.</summary>
    public static V1Alpha1ErlmcpClusterStatus ToResource(ErlmcpClusterStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        return new V1Alpha1ErlmcpClusterStatus
        {
            Replicas = status.Replicas,
            Selector = status.Selector,
            Phase = status.Phase?.ToString(),
            ObservedGeneration = status.ObservedGeneration,
            Plan = status.Plan is null ? null : JsonSerializer.SerializeToElement(status.Plan, PlanStateJson.Options),
            Conditions = [.. status.Conditions.Select(c => new V1Condition
            {
                Type = c.Type,
                Status = c.Status ? True : False,
                Reason = c.Reason,
                Message = c.Message,
                LastTransitionTime = c.LastTransitionTime.UtcDateTime,
                ObservedGeneration = status.ObservedGeneration,
            })],
            Pods = [.. status.Pods.Select(p => new V1Alpha1ErlmcpClusterPodStatus
            {
                Name = p.Name,
                Ordinal = p.Ordinal,
                Ready = p.Ready,
                Connections = p.Connections,
                NodeState = p.NodeState?.ToString(),
                Stage = p.Stage?.ToString(),
            })],
        };
    }

    // A value a newer coordinator wrote and this one does not know reads as unknown rather than failing the step.
    private static T? ParseEnum<T>(string? text)
        where T : struct, Enum =>
        text is not null && Enum.TryParse<T>(text, ignoreCase: false, out var value) && Enum.IsDefined(value) ? value : null;
}
