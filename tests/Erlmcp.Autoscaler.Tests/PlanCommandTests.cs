using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Erlmcp.Autoscaler.Server.Tests.Infrastructure;

namespace Erlmcp.Autoscaler.Tests;

/// <summary><c>plan --dry-run</c> against the fake API server: it reads the cluster and writes nothing.</summary>
public sealed partial class PlanCommandTests : IAsyncLifetime
{
    private const string StatefulSetPath = "/apis/apps/v1/namespaces/erlmcp/statefulsets/erlmcp";

    private FakeApiServer api = null!;
    private string kubeconfig = "";

    public async Task InitializeAsync()
    {
        api = await FakeApiServer.StartAsync();
        kubeconfig = StatusCommandTests.KubeconfigFor(api);
    }

    public async Task DisposeAsync() => await api.DisposeAsync();

    [Fact]
    public void AScaleUpRaisesTheStatefulSetFirst()
    {
        DeclareCluster(statefulSetReplicas: 3, readyPods: 3, planJson: null);

        var result = CliRunner.Run("plan", "--namespace", "erlmcp", "--cluster", "erlmcp", "--replicas", "5", "--dry-run", "--kubeconfig", kubeconfig);

        Assert.Equal("", result.Error);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(
            [
                "ErlmcpCluster erlmcp/erlmcp: desired 5, StatefulSet erlmcp at 3 (3 of 3 pods ready), plan none",
                "SetStatefulSetReplicas { Replicas = 5 }: scale up from 3 to 5 replicas",
                "wait: waiting for erlmcp-3 to be created",
                "wait: waiting for erlmcp-4 to be created",
                "ReportCondition Progressing: Progressing is True: ScalingUp (scaling up from 3 to 5 replicas)",
                "ReportCondition Stalled: Stalled is False: NotStalled",
                "phase after this step: ScalingUp (dry run: nothing was changed)",
            ],
            result.OutputLines);
        Assert.All(api.Requests, r => Assert.Equal("GET", r.Method));
    }

    [Fact]
    public void AScaleDownDrainsTheHighestPodAndWithoutNodeAccessWaitsForIt()
    {
        DeclareCluster(statefulSetReplicas: 4, readyPods: 4, planJson: null);

        var result = CliRunner.Run("plan", "--cluster", "erlmcp", "--replicas", "3", "--dry-run", "--kubeconfig", kubeconfig);

        Assert.Equal(0, result.ExitCode);
        // The drain deadline counts from the real clock (the command takes no other): its time is not compared.
        Assert.Equal(
            [
                "ErlmcpCluster erlmcp/erlmcp: desired 3, StatefulSet erlmcp at 4 (4 of 4 pods ready), plan none",
                "BeginDrain { Pod = 3, HealthCheckWait = 00:00:30 }: erlmcp-3 goes (target 3): readiness false so that Services stop sending it clients",
                "wait: erlmcp-3 does not answer; its drain waits (deadline <time>)",
                "ReportCondition Progressing: Progressing is True: ScalingDown (scaling down from 4 to 3 replicas)",
                "ReportCondition Stalled: Stalled is True: NodeNotAnswering (NodeNotAnswering: erlmcp-3)",
                "phase after this step: ScalingDown (dry run: nothing was changed)",
            ],
            result.OutputLines.Select(line => Timestamp().Replace(line, "<time>")));
        Assert.All(api.Requests, r => Assert.Equal("GET", r.Method));
    }

    [Fact]
    public void WithoutDryRunNothingIsRead()
    {
        var result = CliRunner.Run("plan", "--cluster", "erlmcp", "--kubeconfig", kubeconfig);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("error: plan only runs with --dry-run: the coordinator in erlmcp-autoscaler serve carries plans out\n", result.Error);
        Assert.Empty(api.Requests);
    }

    [Fact]
    public void AMissingCookieFileIsNamedBeforeANodeIsAsked()
    {
        DeclareCluster(statefulSetReplicas: 4, readyPods: 4, planJson: null);

        var result = CliRunner.Run("plan", "--cluster", "erlmcp", "--dry-run", "--kubeconfig", kubeconfig, "--cookie-file", "/no/such/cookie");

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("error: --cookie-file: Coordinator:Erlang:CookieFile: ", result.Error, StringComparison.Ordinal);
        Assert.Contains("/no/such/cookie", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void AnInvalidSpecIsNamed()
    {
        api.OnJson("GET", StatusCommandTests.ClusterPath, StatusCommandTests.ClusterJson.Replace("\"replicas\": 3, ", "\"replicas\": 3, \"connectionLimit\": 0, ", StringComparison.Ordinal));

        var result = CliRunner.Run("plan", "--cluster", "erlmcp", "--dry-run", "--kubeconfig", kubeconfig);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("error: ErlmcpCluster erlmcp/erlmcp: spec.connectionLimit: must be positive, was 0; spec.connectionTarget: must not exceed connectionLimit (0), was 20000\n", result.Error);
    }

    [Fact]
    public void AMissingStatefulSetIsNamed()
    {
        api.OnJson("GET", StatusCommandTests.ClusterPath, StatusCommandTests.ClusterJson);

        var result = CliRunner.Run("plan", "--cluster", "erlmcp", "--dry-run", "--kubeconfig", kubeconfig);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("error: StatefulSet erlmcp/erlmcp (spec.statefulSetName of ErlmcpCluster erlmcp/erlmcp) does not exist\n", result.Error);
    }

    private void DeclareCluster(int statefulSetReplicas, int readyPods, string? planJson)
    {
        var cluster = JsonNode.Parse(StatusCommandTests.ClusterJson)!.AsObject();
        cluster["status"] = planJson is null ? new JsonObject() : new JsonObject { ["plan"] = JsonNode.Parse(planJson) };
        api.OnJson("GET", StatusCommandTests.ClusterPath, cluster.ToJsonString());

        var statefulSet = ApiFixtures.ReadObject("apps.v1.StatefulSet");
        statefulSet["metadata"] = new JsonObject { ["name"] = "erlmcp", ["namespace"] = "erlmcp", ["uid"] = "sts-uid" };
        statefulSet["spec"]!["replicas"] = statefulSetReplicas;
        statefulSet["spec"]!["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["app"] = "erlmcp" } };
        api.OnJson("GET", StatefulSetPath, statefulSet.ToJsonString());

        var pods = new JsonArray();
        for (var ordinal = 0; ordinal < statefulSetReplicas; ordinal++)
        {
            var pod = ApiFixtures.ReadObject("core.v1.Pod");
            pod["metadata"] = new JsonObject
            {
                ["name"] = $"erlmcp-{ordinal}",
                ["namespace"] = "erlmcp",
                ["ownerReferences"] = new JsonArray(new JsonObject { ["apiVersion"] = "apps/v1", ["kind"] = "StatefulSet", ["name"] = "erlmcp", ["uid"] = "sts-uid", ["controller"] = true }),
            };
            pod["status"]!["conditions"] = new JsonArray(new JsonObject { ["type"] = "Ready", ["status"] = ordinal < readyPods ? "True" : "False" });
            pods.Add(pod);
        }

        api.OnJson("GET", "/api/v1/namespaces/erlmcp/pods", new JsonObject { ["kind"] = "PodList", ["apiVersion"] = "v1", ["metadata"] = new JsonObject(), ["items"] = pods }.ToJsonString());
    }

    [GeneratedRegex(@"\d{4}-\d\d-\d\dT[0-9:.]+\+00:00")]
    private static partial Regex Timestamp();
}
