using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Erlmcp.Autoscaler.Deploy.Tests.Infrastructure;
using k8s.Models;

namespace Erlmcp.Autoscaler.Deploy.Tests;

/// <summary>
/// The alerts and the dashboard query only series the server exports (MetricCatalog), with labels those series
/// have; every alert links to its section of the operator guide; the ServiceMonitor scrapes the metrics Service.
/// </summary>
public sealed partial class MonitoringTests
{
    private static readonly IReadOnlyList<ManifestDocument> Monitoring = Builds.Of("monitoring");

    private static IEnumerable<JsonNode> Rules =>
        Monitoring.Document("PrometheusRule", "erlmcp-autoscaler").Json["spec"]!["groups"]!.AsArray().SelectMany(g => g!["rules"]!.AsArray())!;

    private static JsonObject Dashboard => JsonNode.Parse(Repository.Read("deploy", "monitoring", "erlmcp-autoscaler-dashboard.json"))!.AsObject();

    public static TheoryData<string, string> Expressions()
    {
        var data = new TheoryData<string, string>();
        foreach (var rule in Rules)
        {
            data.Add($"alert {(string?)rule["alert"]}", (string)rule["expr"]!);
        }

        foreach (var panel in Dashboard["panels"]!.AsArray())
        {
            foreach (var target in panel!["targets"]!.AsArray())
            {
                data.Add($"panel {(string?)panel["title"]} {(string?)target!["refId"]}", (string)target["expr"]!);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Expressions))]
    public void Every_expression_queries_exported_series_by_their_labels(string where, string expression)
    {
        var selectors = PromQl.Selectors(expression);

        Assert.NotEmpty(selectors);
        foreach (var selector in selectors)
        {
            var found = MetricCatalog.Find(selector.Metric);
            Assert.True(found is not null, $"{where}: {selector.Metric} is not a series the server exports");
            var unknown = selector.MatcherLabels.Except(found.Value.SeriesLabels).Except(MetricCatalog.TargetLabels).ToList();
            Assert.True(unknown.Count == 0, $"{where}: {selector.Metric} has no label {string.Join(", ", unknown)}");
        }
    }

    [Theory]
    [InlineData("max by (source) (erlmcp_a) > 30", "erlmcp_a")]
    [InlineData("sum by (le, route) (rate(a_bucket{route=\"pods\", code=~\"5..\"}[5m]))", "a_bucket(route,code)")]
    [InlineData("(sum(x) or vector(0)) < 1", "x")]
    [InlineData("max(b) by (c) / ignoring (d) group_left (e) f offset 5m", "b f")]
    [InlineData("histogram_quantile(0.99, sum without (pod) (rate(h_bucket[1m:30s])))", "h_bucket")]
    [InlineData("a{x=\"by (y) z\"} and on (cluster) b > bool 1e3", "a(x) b")]
    [InlineData("topk by (pod) (3, c) unless d # trailing comment e", "c d")]
    public void The_PromQL_reader_finds_selectors_not_functions_keywords_labels_or_strings(string expression, string expected)
    {
        var selectors = PromQl.Selectors(expression).Select(s => s.MatcherLabels.Count == 0 ? s.Metric : $"{s.Metric}({string.Join(",", s.MatcherLabels)})");

        Assert.Equal(expected, string.Join(" ", selectors));
    }

    [Fact]
    public void The_five_alerts_exist_each_with_a_severity_a_summary_and_a_runbook_in_the_guide()
    {
        var anchors = GuideAnchors();
        var alerts = Rules.Where(r => r["alert"] is not null).ToList();

        Assert.Equal(
            ["ErlmcpAutoscalerDrainPastDeadline", "ErlmcpAutoscalerMetricsApiErrors", "ErlmcpAutoscalerNoLeader", "ErlmcpAutoscalerPlanStuck", "ErlmcpAutoscalerSourceStale"],
            alerts.Select(a => (string)a["alert"]!).Order(StringComparer.Ordinal));
        foreach (var alert in alerts)
        {
            var name = (string)alert["alert"]!;
            Assert.Contains((string?)alert["labels"]!["severity"], new[] { "warning", "critical" });
            Assert.False(string.IsNullOrWhiteSpace((string?)alert["annotations"]!["summary"]), $"{name} has no summary");
            var runbook = (string)alert["annotations"]!["runbook_url"]!;
            Assert.Equal($"docs/operator-guide.md#{name.ToLowerInvariant()}", runbook);
            Assert.Contains(runbook.Split('#')[1], anchors);
        }
    }

    [Fact]
    public void The_service_monitor_scrapes_the_metrics_service_port()
    {
        var monitor = Monitoring.Document("ServiceMonitor", "erlmcp-autoscaler").Json["spec"]!;
        var service = Builds.Of("base").One<V1Service>("Service", "erlmcp-autoscaler-metrics");
        var selector = monitor["selector"]!["matchLabels"]!.AsObject().ToDictionary(p => p.Key, p => (string)p.Value!);

        Assert.True(Objects.Selects(selector, service.Metadata.Labels));
        Assert.DoesNotContain(Builds.Of("base").All<V1Service>("Service").Where(s => s.Metadata.Name != service.Metadata.Name), s => Objects.Selects(selector, s.Metadata.Labels));
        Assert.Equal([service.Metadata.NamespaceProperty], monitor["namespaceSelector"]!["matchNames"]!.AsArray().Select(n => (string?)n));
        var endpoint = monitor["endpoints"]![0]!;
        Assert.Equal((ServerFacts.MetricsPort, "/metrics", "http"), (service.Spec.Ports.Single(p => p.Name == (string?)endpoint["port"]).Port, (string?)endpoint["path"], (string?)endpoint["scheme"]));
    }

    [Fact]
    public void The_dashboard_ships_in_a_ConfigMap_the_Grafana_sidecar_picks_up()
    {
        var configMap = Monitoring.One<V1ConfigMap>("ConfigMap", "erlmcp-autoscaler-dashboard");

        Assert.Equal("1", configMap.Metadata.Labels["grafana_dashboard"]);
        Assert.Equal(Repository.Read("deploy", "monitoring", "erlmcp-autoscaler-dashboard.json"), configMap.Data["erlmcp-autoscaler-dashboard.json"]);
    }

    [Fact]
    public void The_dashboard_shows_what_an_operator_watches()
    {
        var panels = Dashboard["panels"]!.AsArray().Select(p => (Title: (string)p!["title"]!, Queries: string.Join(" ", p["targets"]!.AsArray().Select(t => (string?)t!["expr"])))).ToList();

        string[] shown =
        [
            "erlmcp_autoscaler_pod_connections", "erlmcp_autoscaler_desired_replicas", "erlmcp_autoscaler_statefulset_replicas",
            "erlmcp_autoscaler_plan_phase", "erlmcp_autoscaler_sheds_total", "erlmcp_autoscaler_drain_deadline_exceeded_total",
            "erlmcp_autoscaler_source_freshness_seconds", "http_request_duration_seconds_bucket",
        ];
        Assert.All(shown, metric => Assert.Contains(panels, p => PromQl.Selectors(p.Queries).Any(s => s.Metric == metric)));
        Assert.Contains(panels, p => p.Queries.StartsWith("histogram_quantile(0.99,", StringComparison.Ordinal));
        Assert.Equal(panels.Count, Dashboard["panels"]!.AsArray().Select(p => (int)p!["id"]!).Distinct().Count());
        Assert.Equal("datasource", (string?)Dashboard["templating"]!["list"]![0]!["name"]);
    }

    /// <summary>The guide's heading anchors as GitHub makes them: lower case, punctuation dropped, spaces to hyphens.</summary>
    internal static HashSet<string> GuideAnchors() =>
        [.. Heading().Matches(Repository.Read("docs", "operator-guide.md")).Select(m => Slug().Replace(m.Groups[1].Value.Trim().ToLowerInvariant(), "").Replace(' ', '-'))];

    [GeneratedRegex(@"^#{1,6} (.+)$", RegexOptions.Multiline)]
    private static partial Regex Heading();

    [GeneratedRegex(@"[^a-z0-9 _-]")]
    private static partial Regex Slug();
}
