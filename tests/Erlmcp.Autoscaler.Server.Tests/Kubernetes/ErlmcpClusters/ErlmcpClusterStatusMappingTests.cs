using System.Text.Json;
using Erlmcp.Autoscaler.Core.Scaling;
using Erlmcp.Autoscaler.Server.Coordinator;
using Erlmcp.Autoscaler.Server.Kubernetes.ErlmcpClusters;
using k8s;

namespace Erlmcp.Autoscaler.Server.Tests.Kubernetes.ErlmcpClusters;

public sealed class ErlmcpClusterStatusMappingTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);

    internal static ErlmcpClusterStatus SampleStatus() => new()
    {
        Replicas = 4,
        Selector = "app=erlmcp",
        Phase = PlanPhase.ScalingDown,
        ObservedGeneration = 7,
        Plan = new PlanState
        {
            Phase = PlanPhase.ScalingDown,
            Target = 3,
            FromReplicas = 4,
            PhaseSince = At,
            Pods = [new PodProgress { Ordinal = 3, Stage = PodStage.Shedding, Drain = new DrainProgress(At, At.AddSeconds(30), At.AddSeconds(30), At.AddMinutes(10.5), false) }],
        },
        Conditions = [new PlanCondition("Progressing", true, "Draining", "draining erlmcp-3", At)],
        Pods =
        [
            new PodSummary("erlmcp-0", 0, true, 20_100, NodeState.Serving, null),
            new PodSummary("erlmcp-3", 3, false, 4_200, NodeState.Draining, PodStage.Shedding),
            new PodSummary("erlmcp-4", 4, false, null, null, PodStage.WaitingForReady),
        ],
    };

    [Fact]
    public void TheResourceFormIsTheCrdsShape()
    {
        var json = KubernetesJson.Serialize(ErlmcpClusterStatusMapping.ToResource(SampleStatus()));

        Assert.Equal(
            """{"replicas":4,"selector":"app=erlmcp","phase":"ScalingDown","observedGeneration":7,"plan":{"phase":"ScalingDown","target":3,"fromReplicas":4,"phaseSince":"2026-11-26T12:00:00\u002B00:00","pods":[{"ordinal":3,"stage":"Shedding","join":null,"drain":{"begunAt":"2026-11-26T12:00:00\u002B00:00","stoppedAcceptingAt":"2026-11-26T12:00:30\u002B00:00","turnSince":"2026-11-26T12:00:30\u002B00:00","deadline":"2026-11-26T12:10:30\u002B00:00","deadlineExceeded":false}}],"issued":[],"unseenCalls":[],"statefulSetChange":null,"sheds":[],"removed":[],"lastRebalanceAt":null,"rollback":null,"conditions":[]},"conditions":[{"lastTransitionTime":"2026-11-26T12:00:00Z","message":"draining erlmcp-3","observedGeneration":7,"reason":"Draining","status":"True","type":"Progressing"}],"pods":[{"name":"erlmcp-0","ordinal":0,"ready":true,"connections":20100,"nodeState":"Serving"},{"name":"erlmcp-3","ordinal":3,"ready":false,"connections":4200,"nodeState":"Draining","stage":"Shedding"},{"name":"erlmcp-4","ordinal":4,"ready":false,"stage":"WaitingForReady"}]}""",
            json);
    }

    [Fact]
    public void TheStatusSurvivesTheRoundTripThroughTheResource()
    {
        var status = SampleStatus();
        var json = KubernetesJson.Serialize(ErlmcpClusterStatusMapping.ToResource(status));

        var back = ErlmcpClusterStatusMapping.FromResource(KubernetesJson.Deserialize<V1Alpha1ErlmcpClusterStatus>(json));

        Assert.Equal(JsonSerializer.Serialize(status, PlanStateJson.Options), JsonSerializer.Serialize(back, PlanStateJson.Options));
    }

    [Fact]
    public void NoStatusIsTheEmptyStatus()
    {
        var status = ErlmcpClusterStatusMapping.FromResource(null);

        Assert.Equal((0, null, null, null, 0L), (status.Replicas, status.Selector, status.Phase, status.Plan, status.ObservedGeneration));
        Assert.Empty(status.Pods);
        Assert.Empty(status.Conditions);
    }

    [Fact]
    public void AMalformedPlanNamesStatusPlanAndThePathInIt()
    {
        var resource = KubernetesJson.Deserialize<V1Alpha1ErlmcpClusterStatus>("""{"plan": {"phase": "Sideways", "target": 3, "fromReplicas": 3, "phaseSince": "2026-11-26T12:00:00Z"}}""");

        var thrown = Assert.Throws<JsonException>(() => ErlmcpClusterStatusMapping.FromResource(resource));

        Assert.StartsWith("status.plan: ", thrown.Message, StringComparison.Ordinal);
        Assert.Equal("$.phase", thrown.Path);
    }

    [Fact]
    public void AnEnumValueThisVersionDoesNotKnowReadsAsUnknown()
    {
        var resource = KubernetesJson.Deserialize<V1Alpha1ErlmcpClusterStatus>("""{"phase": "Hibernating", "pods": [{"name": "erlmcp-0", "ordinal": 0, "ready": true, "nodeState": "Sleeping", "stage": "Dreaming"}]}""");

        var status = ErlmcpClusterStatusMapping.FromResource(resource);

        Assert.Null(status.Phase);
        Assert.Equal(new PodSummary("erlmcp-0", 0, true, null, null, null), status.Pods.Single());
    }
}
