using Erlmcp.Autoscaler.Core.Connections;
using System.Text.Json.Nodes;
using Erlmcp.Autoscaler.Core.Scaling;
using Erlmcp.Autoscaler.Server.Coordinator;
using Erlmcp.Autoscaler.Server.Kubernetes;
using Erlmcp.Autoscaler.Server.Kubernetes.ErlmcpClusters;
using Erlmcp.Autoscaler.Server.Tests.Infrastructure;
using Erlmcp.Autoscaler.Server.Tests.Kubernetes.ErlmcpClusters;
using k8s.Autorest;
using Microsoft.Extensions.Time.Testing;

namespace Erlmcp.Autoscaler.Server.Tests.Kubernetes;

/// <summary>What <see cref="KubernetesClusterResources"/> sends to the API server and what it reads back, through recorded API JSON.</summary>
public sealed class KubernetesClusterResourcesTests : IAsyncLifetime
{
    private const string ClusterPath = "/apis/erlmcp.io/v1alpha1/namespaces/erlmcp/erlmcpclusters/erlmcp";
    private const string StatefulSetPath = "/apis/apps/v1/namespaces/erlmcp/statefulsets/erlmcp";
    private const string EventsPath = "/apis/events.k8s.io/v1/namespaces/erlmcp/events";

    internal const string ClusterJson = """
        {"apiVersion": "erlmcp.io/v1alpha1", "kind": "ErlmcpCluster",
         "metadata": {"name": "erlmcp", "namespace": "erlmcp", "uid": "cluster-uid", "generation": 7, "resourceVersion": "42"},
         "spec": {"replicas": 3, "statefulSetName": "erlmcp", "drain": {"deadlineSeconds": 900}},
         "status": {"replicas": 4, "selector": "app=erlmcp", "phase": "ScalingDown", "observedGeneration": 6,
                    "plan": {"phase": "ScalingDown", "target": 3, "fromReplicas": 4, "phaseSince": "2026-11-26T12:00:00Z"},
                    "pods": [{"name": "erlmcp-3", "ordinal": 3, "ready": false, "connections": 4200, "nodeState": "Draining", "stage": "Shedding"}]}}
        """;

    // With a fraction of a second, as a real clock has: KubernetesClient drops a zero fraction, which MicroTime needs.
    private static readonly DateTimeOffset Start = new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero).AddTicks(1_234_560);

    private readonly FakeTimeProvider time = new(Start);
    private FakeApiServer api = null!;
    private KubernetesClusterResources resources = null!;

    public async Task InitializeAsync()
    {
        api = await FakeApiServer.StartAsync();
        resources = new KubernetesClusterResources(api.Client, "erlmcp-autoscaler-7d9f-abcde", time);
    }

    public async Task DisposeAsync() => await api.DisposeAsync();

    [Fact]
    public async Task TheClusterIsReadThroughTheCustomObjectsApi()
    {
        api.OnJson("GET", ClusterPath, ClusterJson);

        var cluster = await resources.GetClusterAsync("erlmcp", "erlmcp", CancellationToken.None);

        Assert.NotNull(cluster);
        Assert.Equal(("erlmcp", "erlmcp", "cluster-uid", 7L, "42"), (cluster.Namespace, cluster.Name, cluster.Uid, cluster.Generation, cluster.ResourceVersion));
        Assert.Equal(3, cluster.Spec.DesiredReplicas);
        Assert.Equal(TimeSpan.FromMinutes(15), cluster.Spec.Drain.Deadline);
        Assert.Equal(NodeNameTemplate.Default, cluster.NodeNames.Text);
        Assert.Equal((4, "app=erlmcp", PlanPhase.ScalingDown, 6L), (cluster.Status.Replicas, cluster.Status.Selector, cluster.Status.Phase, cluster.Status.ObservedGeneration));
        Assert.Equal((PlanPhase.ScalingDown, 3, 4), (cluster.Status.Plan!.Phase, cluster.Status.Plan.Target, cluster.Status.Plan.FromReplicas));
        Assert.Equal(new PodSummary("erlmcp-3", 3, false, 4200, NodeState.Draining, PodStage.Shedding), cluster.Status.Pods.Single());
        Assert.Equal($"GET {ClusterPath}", Describe(api.Requests.Single()));
    }

    [Fact]
    public async Task AMissingClusterIsNull()
    {
        Assert.Null(await resources.GetClusterAsync("erlmcp", "erlmcp", CancellationToken.None));
    }

    [Fact]
    public async Task AnInvalidSpecNamesTheField()
    {
        api.OnJson("GET", ClusterPath, ClusterJson.Replace("\"deadlineSeconds\": 900", "\"deadlineSeconds\": 0", StringComparison.Ordinal));

        var thrown = await Assert.ThrowsAsync<ErlmcpClusterSpecException>(() => resources.GetClusterAsync("erlmcp", "erlmcp", CancellationToken.None));

        Assert.Equal("spec.drain.deadlineSeconds: must be positive, was 00:00:00", thrown.Message);
    }

    [Fact]
    public async Task TheStatefulSetsOwnPodsAreReadByItsSelectorWithOrdinalsReadinessAndTermination()
    {
        api.OnJson("GET", StatefulSetPath, StatefulSet(replicas: 3).ToJsonString());
        api.OnJson("GET", "/api/v1/namespaces/erlmcp/pods", PodList(
            Pod("erlmcp-2", ready: true, terminating: true),
            Pod("erlmcp-0", ready: true),
            Pod("erlmcp-1", ready: false),
            Pod("erlmcp-3", ready: true, ownerUid: "another-statefulset"),
            Pod("erlmcp-canary", ready: true),
            Pod("erlmcp-4", ready: true, ownerKind: "ReplicaSet", ownerUid: "sts-uid")));

        var statefulSet = await resources.GetStatefulSetAsync("erlmcp", "erlmcp", CancellationToken.None);

        Assert.NotNull(statefulSet);
        Assert.Equal(("erlmcp", 3, "app=erlmcp,tier in (mcp)"), (statefulSet.Name, statefulSet.Replicas, statefulSet.Selector));
        Assert.Equal(
            [new PodSnapshot("erlmcp-0", 0, true, false), new PodSnapshot("erlmcp-1", 1, false, false), new PodSnapshot("erlmcp-2", 2, true, true)],
            statefulSet.Pods);
        Assert.Equal(
            [$"GET {StatefulSetPath}", "GET /api/v1/namespaces/erlmcp/pods?labelSelector=app%3Derlmcp%2Ctier%20in%20%28mcp%29&watch=false"],
            api.Requests.Select(Describe));
    }

    [Fact]
    public async Task AMissingStatefulSetIsNull()
    {
        Assert.Null(await resources.GetStatefulSetAsync("erlmcp", "erlmcp", CancellationToken.None));
    }

    [Fact]
    public async Task ScalingIsAMergePatchOfTheScaleSubresource()
    {
        api.OnJson("PATCH", StatefulSetPath + "/scale", ApiFixtures.Read("autoscaling.v1.Scale"));

        await resources.ScaleStatefulSetAsync("erlmcp", "erlmcp", 5, CancellationToken.None);

        var request = api.Requests.Single();
        Assert.Equal($"PATCH {StatefulSetPath}/scale", Describe(request));
        Assert.Equal("application/merge-patch+json; charset=utf-8", request.ContentType);
        Assert.Equal("""{"spec":{"replicas":5}}""", request.Body);
    }

    [Fact]
    public async Task TheStatusIsReplacedThroughTheStatusSubresourceGuardedByTheResourceVersion()
    {
        api.OnJson("GET", ClusterPath, ClusterJson);
        api.On("PUT", ClusterPath + "/status", context =>
        {
            var echoed = JsonNode.Parse(api.Requests[^1].Body)!.AsObject();
            echoed["metadata"]!["resourceVersion"] = "43";
            return FakeApiServer.WriteJsonAsync(context, echoed.ToJsonString());
        });
        var cluster = (await resources.GetClusterAsync("erlmcp", "erlmcp", CancellationToken.None))!;

        var version = await resources.UpdateStatusAsync(cluster, ErlmcpClusterStatusMappingTests.SampleStatus(), CancellationToken.None);

        Assert.Equal("43", version);
        var request = api.Requests[^1];
        Assert.Equal($"PUT {ClusterPath}/status", Describe(request));
        Assert.Equal("application/json; charset=utf-8", request.ContentType);
        var body = JsonNode.Parse(request.Body)!;
        Assert.Equal("""{"name":"erlmcp","namespace":"erlmcp","resourceVersion":"42"}""", body["metadata"]!.ToJsonString());
        Assert.Equal(["apiVersion", "kind", "metadata", "status"], body.AsObject().Select(p => p.Key));
        Assert.Equal(("erlmcp.io/v1alpha1", "ErlmcpCluster"), (body["apiVersion"]!.GetValue<string>(), body["kind"]!.GetValue<string>()));
        Assert.Equal(k8s.KubernetesJson.Serialize(ErlmcpClusterStatusMapping.ToResource(ErlmcpClusterStatusMappingTests.SampleStatus())), body["status"]!.ToJsonString());
    }

    [Fact]
    public async Task AConflictIsAClusterConflict()
    {
        api.OnJson("GET", ClusterPath, ClusterJson);
        api.OnJson("PUT", ClusterPath + "/status", FakeApiServer.StatusJson(409, "Conflict", "the object has been modified"), 409);
        var cluster = (await resources.GetClusterAsync("erlmcp", "erlmcp", CancellationToken.None))!;

        var thrown = await Assert.ThrowsAsync<ClusterConflictException>(() => resources.UpdateStatusAsync(cluster, new ErlmcpClusterStatus(), CancellationToken.None));

        Assert.Equal("ErlmcpCluster erlmcp/erlmcp changed since resourceVersion 42 was read", thrown.Message);
        Assert.IsType<HttpOperationException>(thrown.InnerException);
    }

    [Fact]
    public async Task AnEventIsCreatedRegardingTheCluster()
    {
        var cluster = await ReadClusterAndAnswerEventsAsync();

        await resources.RecordEventAsync(cluster, EventSeverity.Warning, "DrainDeadlineExceeded", "erlmcp-3 still holds 120 connections", CancellationToken.None);

        var request = api.Requests[^1];
        Assert.Equal($"POST {EventsPath}", Describe(request));
        Assert.Equal("application/json; charset=utf-8", request.ContentType);
        Assert.Equal(
            """{"action":"DrainDeadlineExceeded","apiVersion":"events.k8s.io/v1","eventTime":"2026-11-26T12:00:00.123456Z","kind":"Event","metadata":{"name":"erlmcp.18eb968afc844a00","namespace":"erlmcp"},"note":"erlmcp-3 still holds 120 connections","reason":"DrainDeadlineExceeded","regarding":{"apiVersion":"erlmcp.io/v1alpha1","kind":"ErlmcpCluster","name":"erlmcp","namespace":"erlmcp","uid":"cluster-uid"},"reportingController":"erlmcp.io/autoscaler","reportingInstance":"erlmcp-autoscaler-7d9f-abcde","type":"Warning"}""",
            request.Body);
    }

    [Fact]
    public async Task TheSameEventAgainWithinSixMinutesUpdatesTheSeriesOfTheFirst()
    {
        var cluster = await ReadClusterAndAnswerEventsAsync();
        api.OnJson("PATCH", EventsPath + "/erlmcp.18eb968afc844a00", ApiFixtures.Read("events.k8s.io.v1.Event"));
        await resources.RecordEventAsync(cluster, EventSeverity.Normal, "Waiting", "waiting for erlmcp-4 to be ready", CancellationToken.None);
        time.Advance(TimeSpan.FromMinutes(1));
        await resources.RecordEventAsync(cluster, EventSeverity.Normal, "Waiting", "waiting for erlmcp-4 to be ready", CancellationToken.None);
        time.Advance(TimeSpan.FromMinutes(5));
        await resources.RecordEventAsync(cluster, EventSeverity.Normal, "Waiting", "waiting for erlmcp-4 to be ready", CancellationToken.None);

        var requests = api.Requests.Skip(1).ToList();
        Assert.Equal(
            [$"POST {EventsPath}", $"PATCH {EventsPath}/erlmcp.18eb968afc844a00", $"PATCH {EventsPath}/erlmcp.18eb968afc844a00"],
            requests.Select(Describe));
        Assert.All(requests.Skip(1), r => Assert.Equal("application/merge-patch+json; charset=utf-8", r.ContentType));
        Assert.Equal("""{"series":{"count":2,"lastObservedTime":"2026-11-26T12:01:00.123456Z"}}""", requests[1].Body);
        Assert.Equal("""{"series":{"count":3,"lastObservedTime":"2026-11-26T12:06:00.123456Z"}}""", requests[2].Body);
    }

    [Fact]
    public async Task ADifferentNoteALaterRepeatOrAVanishedEventMakesANewEvent()
    {
        var cluster = await ReadClusterAndAnswerEventsAsync();
        await resources.RecordEventAsync(cluster, EventSeverity.Normal, "Waiting", "waiting for erlmcp-4 to be ready", CancellationToken.None);
        time.Advance(TimeSpan.FromSeconds(1));
        await resources.RecordEventAsync(cluster, EventSeverity.Normal, "Waiting", "waiting for erlmcp-5 to be ready", CancellationToken.None);
        time.Advance(TimeSpan.FromMinutes(7));
        await resources.RecordEventAsync(cluster, EventSeverity.Normal, "Waiting", "waiting for erlmcp-5 to be ready", CancellationToken.None);
        time.Advance(TimeSpan.FromMinutes(1));
        // The API server answers 404 (the fake has no route for the PATCH): the Event expired, so a new one is made.
        await resources.RecordEventAsync(cluster, EventSeverity.Normal, "Waiting", "waiting for erlmcp-5 to be ready", CancellationToken.None);

        Assert.Equal(
            [
                $"POST {EventsPath} waiting for erlmcp-4 to be ready",
                $"POST {EventsPath} waiting for erlmcp-5 to be ready",
                $"POST {EventsPath} waiting for erlmcp-5 to be ready",
                $"PATCH {EventsPath}/erlmcp.18eb96ed02127c00 ",
                $"POST {EventsPath} waiting for erlmcp-5 to be ready",
            ],
            api.Requests.Skip(1).Select(r => $"{Describe(r)} {(r.Method == "POST" ? JsonNode.Parse(r.Body)!["note"]!.GetValue<string>() : "")}"));
    }

    private async Task<ErlmcpClusterSnapshot> ReadClusterAndAnswerEventsAsync()
    {
        api.OnJson("GET", ClusterPath, ClusterJson);
        api.On("POST", EventsPath, context => FakeApiServer.WriteJsonAsync(context, api.Requests[^1].Body, 201));
        return (await resources.GetClusterAsync("erlmcp", "erlmcp", CancellationToken.None))!;
    }

    internal static string Describe(RecordedRequest request) => $"{request.Method} {request.Path}{request.Query}";

    /// <summary>The recorded StatefulSet, named erlmcp with uid sts-uid, selecting app=erlmcp,tier in (mcp).</summary>
    internal static JsonObject StatefulSet(int replicas)
    {
        var statefulSet = ApiFixtures.ReadObject("apps.v1.StatefulSet");
        var metadata = statefulSet["metadata"]!.AsObject();
        metadata["name"] = "erlmcp";
        metadata["namespace"] = "erlmcp";
        metadata["uid"] = "sts-uid";
        metadata.Remove("deletionTimestamp");
        statefulSet["spec"]!["replicas"] = replicas;
        statefulSet["spec"]!["selector"] = JsonNode.Parse("""{"matchLabels": {"app": "erlmcp"}, "matchExpressions": [{"key": "tier", "operator": "In", "values": ["mcp"]}]}""");
        return statefulSet;
    }

    /// <summary>The recorded Pod, renamed, owned by the StatefulSet (unless told otherwise), with the readiness and deletion given.</summary>
    internal static JsonObject Pod(string name, bool ready, bool terminating = false, string ownerUid = "sts-uid", string ownerKind = "StatefulSet")
    {
        var pod = ApiFixtures.ReadObject("core.v1.Pod");
        var metadata = pod["metadata"]!.AsObject();
        metadata["name"] = name;
        metadata["namespace"] = "erlmcp";
        metadata["ownerReferences"] = new JsonArray(new JsonObject
        {
            ["apiVersion"] = "apps/v1",
            ["kind"] = ownerKind,
            ["name"] = "erlmcp",
            ["uid"] = ownerUid,
            ["controller"] = true,
        });
        if (!terminating)
        {
            metadata.Remove("deletionTimestamp");
        }

        pod["status"]!["conditions"] = new JsonArray(
            new JsonObject { ["type"] = "PodScheduled", ["status"] = "True" },
            new JsonObject { ["type"] = "Ready", ["status"] = ready ? "True" : "False" });
        return pod;
    }

    internal static string PodList(params JsonObject[] pods) =>
        new JsonObject { ["kind"] = "PodList", ["apiVersion"] = "v1", ["metadata"] = new JsonObject { ["resourceVersion"] = "100" }, ["items"] = new JsonArray(pods) }.ToJsonString();
}
