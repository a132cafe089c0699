using Erlmcp.Autoscaler.Server.Tests.Infrastructure;

namespace Erlmcp.Autoscaler.Tests;

/// <summary><c>status</c> against the fake API server (no Kubernetes API server runs here).</summary>
public sealed class StatusCommandTests : IAsyncLifetime
{
    internal const string ClusterPath = "/apis/erlmcp.io/v1alpha1/namespaces/erlmcp/erlmcpclusters/erlmcp";

    internal const string ClusterJson = """
        {"apiVersion": "erlmcp.io/v1alpha1", "kind": "ErlmcpCluster",
         "metadata": {"name": "erlmcp", "namespace": "erlmcp", "uid": "cluster-uid", "generation": 7, "resourceVersion": "42"},
         "spec": {"replicas": 3, "statefulSetName": "erlmcp"},
         "status": {"replicas": 4, "selector": "app=erlmcp", "phase": "ScalingDown", "observedGeneration": 7,
                    "conditions": [{"type": "Progressing", "status": "True", "reason": "Draining", "message": "draining erlmcp-3: 4200 connections left", "lastTransitionTime": "2026-11-26T12:00:00Z"}],
                    "plan": {"phase": "ScalingDown", "target": 3, "fromReplicas": 4, "phaseSince": "2026-11-26T12:00:00Z",
                             "pods": [{"ordinal": 3, "stage": "Shedding", "drain": {"begunAt": "2026-11-26T12:00:00Z", "stoppedAcceptingAt": "2026-11-26T12:00:30Z", "turnSince": "2026-11-26T12:00:30Z", "deadline": "2026-11-26T12:10:30Z", "deadlineExceeded": false}}]},
                    "pods": [{"name": "erlmcp-0", "ordinal": 0, "ready": true, "connections": 20100, "nodeState": "Serving"},
                             {"name": "erlmcp-1", "ordinal": 1, "ready": true, "connections": 19800, "nodeState": "Serving"},
                             {"name": "erlmcp-2", "ordinal": 2, "ready": true, "connections": 20050, "nodeState": "Serving"},
                             {"name": "erlmcp-3", "ordinal": 3, "ready": false, "connections": 4200, "nodeState": "Draining", "stage": "Shedding"}]}}
        """;

    private FakeApiServer api = null!;

    internal string Kubeconfig { get; private set; } = "";

    public async Task InitializeAsync()
    {
        api = await FakeApiServer.StartAsync();
        Kubeconfig = KubeconfigFor(api);
    }

    public async Task DisposeAsync() => await api.DisposeAsync();

    /// <summary>A kubeconfig whose one context is the fake API server.</summary>
    internal static string KubeconfigFor(FakeApiServer api) => CliRunner.TempFile("kubeconfig", $"""
        apiVersion: v1
        kind: Config
        clusters:
        - name: fake
          cluster: {"{"}server: "{api.BaseAddress}"{"}"}
        users:
        - name: fake
          user: {"{"}token: fake-token{"}"}
        contexts:
        - name: fake
          context: {"{"}cluster: fake, user: fake{"}"}
        current-context: fake
        """);

    [Fact]
    public void TheTableShowsPhaseReplicasConditionsPodsAndPlan()
    {
        api.OnJson("GET", ClusterPath, ClusterJson);

        var result = CliRunner.Run("status", "--namespace", "erlmcp", "--cluster", "erlmcp", "--kubeconfig", Kubeconfig);

        Assert.Equal("", result.Error);
        Assert.Equal(0, result.ExitCode);
        // Table titles are centred over the table and padded: trailing blanks are not compared.
        Assert.Equal(
            [
                "ErlmcpCluster erlmcp/erlmcp",
                "phase ScalingDown, desired 3, replicas 4, selector app=erlmcp, observed generation 7 of 7",
                "                                             conditions",
                "┌─────────────┬────────┬──────────┬──────────────────────────────────────────┬──────────────────────┐",
                "│ type        │ status │ reason   │ message                                  │ since                │",
                "├─────────────┼────────┼──────────┼──────────────────────────────────────────┼──────────────────────┤",
                "│ Progressing │ True   │ Draining │ draining erlmcp-3: 4200 connections left │ 2026-11-26T12:00:00Z │",
                "└─────────────┴────────┴──────────┴──────────────────────────────────────────┴──────────────────────┘",
                "                          pods",
                "┌──────────┬───────┬─────────────┬──────────┬──────────┐",
                "│ pod      │ ready │ connections │ node     │ stage    │",
                "├──────────┼───────┼─────────────┼──────────┼──────────┤",
                "│ erlmcp-0 │ yes   │       20100 │ Serving  │ -        │",
                "│ erlmcp-1 │ yes   │       19800 │ Serving  │ -        │",
                "│ erlmcp-2 │ yes   │       20050 │ Serving  │ -        │",
                "│ erlmcp-3 │ no    │        4200 │ Draining │ Shedding │",
                "└──────────┴───────┴─────────────┴──────────┴──────────┘",
                "plan: ScalingDown to 3 from 4 since 2026-11-26T12:00:00Z",
                "                          plan pods",
                "┌──────────┬──────────┬───────────────┬──────────────────────┐",
                "│ pod      │ stage    │ join deadline │ drain deadline       │",
                "├──────────┼──────────┼───────────────┼──────────────────────┤",
                "│ erlmcp-3 │ Shedding │ -             │ 2026-11-26T12:10:30Z │",
                "└──────────┴──────────┴───────────────┴──────────────────────┘",
            ],
            result.OutputLines.Select(line => line.TrimEnd()));
        Assert.Equal($"GET {ClusterPath}", $"{api.Requests.Single().Method} {api.Requests.Single().Path}");
    }

    [Fact]
    public void JsonIsTheStatusAsStored()
    {
        api.OnJson("GET", ClusterPath, ClusterJson);

        var result = CliRunner.Run("status", "--cluster", "erlmcp", "-o", "json", "--kubeconfig", Kubeconfig);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(
            [
                """
                {"namespace":"erlmcp","name":"erlmcp","desired":3,"status":{"replicas":4,"selector":"app=erlmcp","phase":"ScalingDown","observedGeneration":7,"plan":{"phase":"ScalingDown","target":3,"fromReplicas":4,"phaseSince":"2026-11-26T12:00:00Z","pods":[{"ordinal":3,"stage":"Shedding","drain":{"begunAt":"2026-11-26T12:00:00Z","stoppedAcceptingAt":"2026-11-26T12:00:30Z","turnSince":"2026-11-26T12:00:30Z","deadline":"2026-11-26T12:10:30Z","deadlineExceeded":false}}]},"conditions":[{"lastTransitionTime":"2026-11-26T12:00:00Z","message":"draining erlmcp-3: 4200 connections left","reason":"Draining","status":"True","type":"Progressing"}],"pods":[{"name":"erlmcp-0","ordinal":0,"ready":true,"connections":20100,"nodeState":"Serving"},{"name":"erlmcp-1","ordinal":1,"ready":true,"connections":19800,"nodeState":"Serving"},{"name":"erlmcp-2","ordinal":2,"ready":true,"connections":20050,"nodeState":"Serving"},{"name":"erlmcp-3","ordinal":3,"ready":false,"connections":4200,"nodeState":"Draining","stage":"Shedding"}]}}
                """,
            ],
            result.OutputLines);
    }

    [Fact]
    public void AMissingClusterIsNamed()
    {
        var result = CliRunner.Run("status", "--namespace", "erlmcp", "--cluster", "erlmcp", "--kubeconfig", Kubeconfig);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("error: ErlmcpCluster erlmcp/erlmcp does not exist\n", result.Error);
    }

    [Fact]
    public void AnUnreadableKubeconfigIsNamed()
    {
        var result = CliRunner.Run("status", "--kubeconfig", "/nonexistent/kubeconfig");

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("error: --kubeconfig: cannot read a cluster configuration from /nonexistent/kubeconfig: ", result.Error, StringComparison.Ordinal);
    }
}
