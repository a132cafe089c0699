using System.Text.Json;

namespace Erlmcp.Autoscaler.Tests;

public class HpaExplainCommandTests
{
    private static readonly string Hpa = RepositoryPaths.File("examples", "hpa", "erlmcp-hpa.yaml");
    private static readonly string Metrics = RepositoryPaths.File("examples", "hpa", "metrics.yaml");
    private static readonly string History = RepositoryPaths.File("examples", "hpa", "history.yaml");

    // Only the connections metric, so a test controls the usage ratio exactly.
    private const string ConnectionsOnlyHpa = """
        apiVersion: autoscaling/v2
        kind: HorizontalPodAutoscaler
        metadata: {name: erlmcp, namespace: erlmcp}
        spec:
          scaleTargetRef: {apiVersion: erlmcp.io/v1alpha1, kind: ErlmcpCluster, name: erlmcp}
          minReplicas: 4
          maxReplicas: 20
          metrics:
          - type: Pods
            pods:
              metric: {name: erlmcp_connections}
              target: {type: AverageValue, averageValue: "20000"}
        """;

    [Fact]
    public void Bundled_example_scales_up_on_connections_within_the_scale_up_policy()
    {
        var result = CliRunner.Run("hpa", "explain", "--hpa", Hpa, "--metrics", Metrics, "--history", History);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("", result.Error);
        Assert.Equal(
            [
                "HPA erlmcp/erlmcp scaling ErlmcpCluster/erlmcp at 2026-11-26T12:00:00Z",
                "current replicas 6 (min 4, max 20), 6 pods observed",
                "metrics (each proposes a replica count; the largest wins):",
                // 7000m of 12000m requested is 58% (upstream truncates), 58/70 of 6 pods rounds up to 5.
                "  1. Resource cpu: current 58% (1166m average), target 70% -> 5 replicas",
                // 74/80 = 0.925 is within the 10% tolerance: the count stays.
                "  2. Resource memory: current 74% (3214584490666m average), target 80% -> 6 replicas",
                // 142,500 connections over 6 pods = 23,750 average; 23750/20000 of 6 pods rounds up to 8.
                "  3. Pods erlmcp_connections: current 23750 average, target 20k average per pod -> 8 replicas  <- decides",
                "normalization of the recommendation 8:",
            ],
            result.OutputLines[..7]);
        // The scale-up 20 s ago counts against both 30 s policies: 100% of the 4 replicas before it allows 8.
        Assert.Contains(
            "  scale-up limit 8 (selected 8 by Max, policy 1 applies): Percent 100 per 30s from 4 (+2 in 1 events, -0 in 0 events) -> 8; Pods 2 per 30s from 4 (+2 in 1 events, -0 in 0 events) -> 6",
            result.OutputLines);
        Assert.Contains("decision: scale from 6 to 8 (pods metric erlmcp_connections above target)", result.OutputLines);
        Assert.Contains("  AbleToScale     True  SucceededRescale: the HPA controller was able to update the target scale to 8", result.OutputLines);
        Assert.Contains("  ScalingActive   True  ValidMetricFound: the HPA was able to successfully calculate a replica count from pods metric erlmcp_connections", result.OutputLines);
        Assert.Contains("  ScalingLimited  False DesiredWithinRange: the desired count is within the acceptable range", result.OutputLines);
    }

    [Fact]
    public void Without_history_the_pods_policy_and_percent_policy_start_from_the_current_replicas()
    {
        var result = CliRunner.Run("hpa", "explain", "--hpa", Hpa, "--metrics", Metrics);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains(
            "  scale-up limit 12 (selected 12 by Max, policy 1 applies): Percent 100 per 30s from 6 (+0 in 0 events, -0 in 0 events) -> 12; Pods 2 per 30s from 6 (+0 in 0 events, -0 in 0 events) -> 8",
            result.OutputLines);
        Assert.Contains("decision: scale from 6 to 8 (pods metric erlmcp_connections above target)", result.OutputLines);
    }

    [Fact]
    public void Json_output_carries_every_proposal_and_the_decision()
    {
        var result = CliRunner.Run("hpa", "explain", "--hpa", Hpa, "--metrics", Metrics, "--history", History, "-o", "json");

        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.Output);
        var root = json.RootElement;
        Assert.Equal(6, root.GetProperty("currentReplicas").GetInt32());
        Assert.Equal(8, root.GetProperty("desiredReplicas").GetInt32());
        Assert.True(root.GetProperty("rescale").GetBoolean());
        Assert.Equal([5, 6, 8], root.GetProperty("proposals").EnumerateArray().Select(p => p.GetProperty("replicas").GetInt32()));
        Assert.Equal(
            ["AbleToScale", "ScalingActive", "ScalingLimited"],
            root.GetProperty("conditions").EnumerateArray().Select(c => c.GetProperty("type").GetString()));
    }

    [Theory]
    // 22,000 average connections against 20,000 is a ratio of exactly 1.1. Kubernetes 1.33+ keeps the count
    // ((1 + 0.1) >= 1.1); 1.32 and earlier scale, since |1 - 1.1| is 0.10000000000000009 in float64.
    [InlineData(false, "decision: keep 6 replicas")]
    [InlineData(true, "decision: scale from 6 to 7 (pods metric erlmcp_connections above target)")]
    public void The_tolerance_rule_decides_a_ratio_of_exactly_one_point_one(bool legacy, string decision)
    {
        var hpa = CliRunner.TempFile("hpa.yaml", ConnectionsOnlyHpa);
        var metrics = CliRunner.TempFile("metrics.yaml", Observation(Enumerable.Repeat(22_000, 6)));
        string[] args = ["hpa", "explain", "--hpa", hpa, "--metrics", metrics];

        var result = CliRunner.Run(legacy ? [.. args, "--legacy-tolerance"] : args);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains(decision, result.OutputLines);
    }

    [Fact]
    public void A_malformed_quantity_names_the_file_line_and_field()
    {
        var hpa = CliRunner.TempFile("hpa.yaml", ConnectionsOnlyHpa.Replace("\"20000\"", "\"20k0\"", StringComparison.Ordinal));
        var metrics = CliRunner.TempFile("metrics.yaml", Observation([20_000]));

        var result = CliRunner.Run("hpa", "explain", "--hpa", hpa, "--metrics", metrics);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("", result.Output);
        Assert.StartsWith($"error: {hpa}:12:50: spec.metrics[0].pods.target.averageValue: invalid quantity \"20k0\"", result.Error);
    }

    [Fact]
    public void An_unknown_field_is_an_error_not_silently_ignored()
    {
        var hpa = CliRunner.TempFile("hpa.yaml", ConnectionsOnlyHpa.Replace("target: {type: AverageValue", "target: {typo: 1, type: AverageValue", StringComparison.Ordinal));
        var metrics = CliRunner.TempFile("metrics.yaml", Observation([20_000]));

        var result = CliRunner.Run("hpa", "explain", "--hpa", hpa, "--metrics", metrics);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal(
            $"error: {hpa}:12:16: spec.metrics[0].pods.target: unknown field \"typo\" (known: type, value, averageValue, averageUtilization)\n",
            result.Error.Replace("\r\n", "\n", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("apiVersion: autoscaling/v2", "apiVersion: autoscaling/v1", "1:13: apiVersion: \"autoscaling/v1\" is not supported: expected autoscaling/v2")]
    [InlineData("maxReplicas: 20", "maxReplicas: 2", "7:16: spec.maxReplicas: must be greater than or equal to minReplicas (4), got 2")]
    [InlineData("type: AverageValue", "type: Utilization", "12:22: spec.metrics[0].pods.target.type: Unsupported value: \"Utilization\": supported values: \"AverageValue\"")]
    [InlineData("metric: {name: erlmcp_connections}", "metric: {nam: erlmcp_connections}", "11:16: spec.metrics[0].pods.metric: unknown field \"nam\" (known: name, selector)")]
    public void Invalid_manifests_are_rejected_with_the_field_path(string from, string to, string where)
    {
        var hpa = CliRunner.TempFile("hpa.yaml", ConnectionsOnlyHpa.Replace(from, to, StringComparison.Ordinal));
        var metrics = CliRunner.TempFile("metrics.yaml", Observation([20_000]));

        var result = CliRunner.Run("hpa", "explain", "--hpa", hpa, "--metrics", metrics);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal($"error: {hpa}:{where}\n", result.Error.Replace("\r\n", "\n", StringComparison.Ordinal));
    }

    [Fact]
    public void A_pod_listed_twice_in_the_observation_is_an_error()
    {
        var hpa = CliRunner.TempFile("hpa.yaml", ConnectionsOnlyHpa);
        var metrics = CliRunner.TempFile("metrics.yaml", Observation([20_000, 20_000]).Replace("erlmcp-1", "erlmcp-0", StringComparison.Ordinal));

        var result = CliRunner.Run("hpa", "explain", "--hpa", hpa, "--metrics", metrics);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("pods: pod \"erlmcp-0\" is listed more than once", result.Error);
    }

    [Fact]
    public void A_missing_file_is_reported_by_name()
    {
        var missing = Path.Combine(Path.GetTempPath(), "no-such-hpa.yaml");

        var result = CliRunner.Run("hpa", "explain", "--hpa", missing, "--metrics", Metrics);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(missing, result.Error);
    }

    [Fact]
    public void A_missing_required_option_is_a_usage_error()
    {
        var result = CliRunner.Run("hpa", "explain", "--metrics", Metrics);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("Option '--hpa' is required.", result.Error);
    }

    private static string Observation(IEnumerable<int> connections) =>
        "time: 2026-11-26T12:00:00Z\n" +
        $"scale: {{replicas: {connections.Count()}, selector: app=erlmcp}}\n" +
        "podDefaults: {labels: {app: erlmcp}}\n" +
        "pods:\n" +
        string.Concat(connections.Select((c, i) => $"- {{name: erlmcp-{i}, metrics: {{erlmcp_connections: \"{c}\"}}}}\n"));
}

public class HpaExplainScaleDownTests
{
    private static readonly string Hpa = RepositoryPaths.File("examples", "hpa", "erlmcp-hpa.yaml");

    // Six pods with 8,000 connections each, using little CPU and memory: every metric asks for fewer pods.
    private const string QuietCluster = """
        time: 2026-11-26T12:00:00Z
        scale: {replicas: 6, selector: app=erlmcp}
        podDefaults:
          labels: {app: erlmcp}
          requests: {cpu: "2", memory: 4Gi}
          usage: {cpu: 300m, memory: 1Gi}
          metrics: {erlmcp_connections: "8000"}
        pods: [{name: erlmcp-0}, {name: erlmcp-1}, {name: erlmcp-2}, {name: erlmcp-3}, {name: erlmcp-4}, {name: erlmcp-5}]
        """;

    [Fact]
    public void On_the_first_sync_the_current_count_holds_a_scale_down_for_the_window()
    {
        var metrics = CliRunner.TempFile("metrics.yaml", QuietCluster);

        var result = CliRunner.Run("hpa", "explain", "--hpa", Hpa, "--metrics", metrics);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("  3. Pods erlmcp_connections: current 8k average, target 20k average per pod -> 3 replicas  <- decides", result.OutputLines);
        Assert.Contains("decision: keep 6 replicas", result.OutputLines);
        Assert.Contains(
            "  AbleToScale     True  ScaleDownStabilized: recent recommendations were higher than current one, applying the highest recent recommendation",
            result.OutputLines);
    }

    [Fact]
    public void After_the_window_the_scale_down_is_limited_by_policy_and_then_by_min_replicas()
    {
        var metrics = CliRunner.TempFile("metrics.yaml", QuietCluster);
        var history = CliRunner.TempFile("history.yaml", "recommendations: [{replicas: 6, time: 2026-11-26T11:50:00Z}]\n");

        var result = CliRunner.Run("hpa", "explain", "--hpa", Hpa, "--metrics", metrics, "--history", history);

        Assert.Equal(0, result.ExitCode);
        // 50% of 6 per minute allows going down to 3; minReplicas 4 stops it there.
        Assert.Contains(
            "  scale-down limit 3 (selected 3 by Max, policy 1 applies): Percent 50 per 60s from 6 (+0 in 0 events, -0 in 0 events) -> 3",
            result.OutputLines);
        Assert.Contains("decision: scale from 6 to 4 (All metrics below target)", result.OutputLines);
        Assert.Contains("  ScalingLimited  True  TooFewReplicas: the desired replica count is less than the minimum replica count", result.OutputLines);
    }

    [Fact]
    public void A_history_event_with_a_non_positive_change_is_rejected_where_it_is_written()
    {
        var metrics = CliRunner.TempFile("metrics.yaml", QuietCluster);
        var history = CliRunner.TempFile("history.yaml", "scaleDownEvents:\n- {change: -2, time: 2026-11-26T11:59:00Z}\n");

        var result = CliRunner.Run("hpa", "explain", "--hpa", Hpa, "--metrics", metrics, "--history", history);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal(
            $"error: {history}:2:12: scaleDownEvents[0].change: must be the number of replicas added or removed (positive), got -2\n",
            result.Error.Replace("\r\n", "\n", StringComparison.Ordinal));
    }
}
