using Erlmcp.Autoscaler.Core.Hpa;
using Erlmcp.Autoscaler.Core.Labels;

namespace Erlmcp.Autoscaler.Core.Tests.Hpa;

/// <summary>MetricsSnapshot answers as upstream's REST metrics client (metrics/client.go) does.</summary>
public sealed class MetricsSnapshotTests
{
    private static readonly DateTimeOffset First = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Second = First.AddSeconds(30);
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(30);

    [Fact]
    public void Pod_usage_sums_the_containers_and_leaves_out_pods_missing_the_resource_in_any_container()
    {
        var snapshot = new MetricsSnapshot()
            .AddPodUsage("both", First, Window, [Cpu("app", 300), Cpu("sidecar", 50)])
            .AddPodUsage("partial", Second, Window, [Cpu("app", 300), new ContainerUsage("sidecar", new Dictionary<string, long> { ["memory"] = 1 })])
            .AddPodUsage("empty", Second, Window, []);

        var fetch = snapshot.GetResourceMetric("cpu", "");

        Assert.False(fetch.Failed);
        Assert.Equal(First, fetch.Timestamp);
        Assert.Equal(new Dictionary<string, PodMetric> { ["both"] = new(350, First, Window) }, fetch.Value);
    }

    [Fact]
    public void Container_usage_takes_the_named_container_and_leaves_out_pods_without_it()
    {
        var snapshot = new MetricsSnapshot()
            .AddPodUsage("p0", First, Window, [Cpu("app", 300), Cpu("sidecar", 50)])
            .AddPodUsage("p1", Second, Window, [Cpu("app", 200)]);

        var fetch = snapshot.GetResourceMetric("cpu", "sidecar");

        Assert.Equal(new Dictionary<string, PodMetric> { ["p0"] = new(50, First, Window) }, fetch.Value);
    }

    [Fact]
    public void Nothing_recorded_is_upstreams_no_metrics_error_for_each_api()
    {
        var snapshot = new MetricsSnapshot();

        Assert.Equal("no metrics returned from resource metrics API", snapshot.GetResourceMetric("cpu", "").Error);
        Assert.Equal("no metrics returned from custom metrics API", snapshot.GetRawMetric("qps", null).Error);
        Assert.Equal("no metrics returned from external metrics API", snapshot.GetExternalMetric("queue", null).Error);
        Assert.Equal(
            "unable to fetch metrics from custom metrics API: the server could not find the metric qps for Deployment web",
            snapshot.GetObjectMetric("qps", new CrossVersionObjectReference("Deployment", "web", "apps/v1"), null).Error);
    }

    [Fact]
    public void Pod_metrics_default_to_a_one_minute_window()
    {
        var snapshot = new MetricsSnapshot()
            .AddPodMetric("erlmcp_connections", "erlmcp-0", 20000, First)
            .AddPodMetric("erlmcp_connections", "erlmcp-1", 18000, Second, TimeSpan.FromSeconds(15));

        var fetch = snapshot.GetRawMetric("erlmcp_connections", null);

        Assert.Equal(First, fetch.Timestamp);
        Assert.Equal(
            new Dictionary<string, PodMetric>
            {
                ["erlmcp-0"] = new(20000, First, TimeSpan.FromMinutes(1)),
                ["erlmcp-1"] = new(18000, Second, TimeSpan.FromSeconds(15)),
            },
            fetch.Value);
    }

    [Fact]
    public void Object_metrics_are_found_by_kind_and_name_and_replaced_when_set_again()
    {
        var web = new CrossVersionObjectReference("Deployment", "web", "apps/v1");
        var snapshot = new MetricsSnapshot()
            .SetObjectMetric("qps", web, 100, First)
            .SetObjectMetric("qps", web, 250, Second)
            .SetObjectMetric("qps", new CrossVersionObjectReference("Service", "web"), 7, First);

        Assert.Equal(MetricFetch<long>.Ok(250, Second), snapshot.GetObjectMetric("qps", web, null));
        Assert.Equal(MetricFetch<long>.Ok(7, First), snapshot.GetObjectMetric("qps", new CrossVersionObjectReference("Service", "web"), null));
    }

    [Fact]
    public void External_series_are_selected_by_evaluating_the_selector_against_their_labels()
    {
        var euA = new Dictionary<string, string> { ["queue"] = "a", ["region"] = "eu" };
        var snapshot = new MetricsSnapshot()
            .AddExternalSeries("depth", 10, First, euA)
            .AddExternalSeries("depth", 20, Second, euA)
            .AddExternalSeries("depth", 99, First)
            .AddExternalSeries("depth", 5, First, new Dictionary<string, string> { ["queue"] = "b" });

        var matching = snapshot.GetExternalMetric("depth", new LabelSelectorSpec(new Dictionary<string, string> { ["region"] = "eu", ["queue"] = "a" }, []));
        Assert.Equal([10L, 20L], matching.Value);
        Assert.Equal(First, matching.Timestamp);
        Assert.Equal([10L, 20L, 99L, 5L], snapshot.GetExternalMetric("depth", LabelSelectorSpec.Empty).Value);
        Assert.Equal([10L, 20L, 99L, 5L], snapshot.GetExternalMetric("depth", null).Value);
        Assert.Equal(
            [5L],
            snapshot.GetExternalMetric("depth", new LabelSelectorSpec(new Dictionary<string, string>(), [new LabelSelectorRequirement("queue", "In", ["b"])])).Value);
        Assert.Equal(
            [99L],
            snapshot.GetExternalMetric("depth", new LabelSelectorSpec(new Dictionary<string, string>(), [new LabelSelectorRequirement("queue", "DoesNotExist", [])])).Value);
        Assert.Equal(
            "no metrics returned from external metrics API",
            snapshot.GetExternalMetric("depth", new LabelSelectorSpec(new Dictionary<string, string> { ["queue"] = "c" }, [])).Error);
    }

    [Fact]
    public void An_invalid_metric_selector_fails_the_query_with_the_reason()
    {
        var snapshot = new MetricsSnapshot().AddExternalSeries("depth", 10, First).AddPodMetric("conns", "pod-0", 5, First);
        var invalid = new LabelSelectorSpec(new Dictionary<string, string>(), [new LabelSelectorRequirement("queue", "Gt", ["1"])]);

        var external = snapshot.GetExternalMetric("depth", invalid);
        var pods = snapshot.GetRawMetric("conns", invalid);

        Assert.True(external.Failed);
        Assert.Contains("\"Gt\" is not a valid label selector operator", external.Error);
        Assert.Equal(external.Error, pods.Error);
    }

    [Fact]
    public void Injected_failures_apply_to_their_metric_only()
    {
        var web = new CrossVersionObjectReference("Deployment", "web");
        var snapshot = new MetricsSnapshot()
            .AddPodUsage("p0", First, Window, [Cpu("app", 1)])
            .AddPodMetric("qps", "p0", 1, First)
            .AddPodMetric("latency", "p0", 1, First)
            .SetObjectMetric("qps", web, 1, First)
            .AddExternalSeries("depth", 1, First)
            .FailResourceMetric("cpu", "resource down")
            .FailPodsMetric("qps", "custom down")
            .FailObjectMetric("qps", "object down")
            .FailExternalMetric("depth", "external down");

        Assert.Equal(MetricFetch<IReadOnlyDictionary<string, PodMetric>>.Fail("resource down"), snapshot.GetResourceMetric("cpu", ""));
        Assert.Equal("custom down", snapshot.GetRawMetric("qps", null).Error);
        Assert.False(snapshot.GetRawMetric("latency", null).Failed);
        Assert.Equal("object down", snapshot.GetObjectMetric("qps", web, null).Error);
        Assert.Equal("external down", snapshot.GetExternalMetric("depth", null).Error);
        Assert.Equal("no metrics returned from resource metrics API", new MetricsSnapshot().GetResourceMetric("memory", "").Error);
    }

    [Fact]
    public void Recording_without_a_name_is_rejected()
    {
        var snapshot = new MetricsSnapshot();
        Assert.Equal("pod", Assert.Throws<ArgumentException>(() => snapshot.AddPodUsage("", First, Window, [])).ParamName);
        Assert.Equal("metricName", Assert.Throws<ArgumentException>(() => snapshot.AddPodMetric("", "p0", 1, First)).ParamName);
        Assert.Equal("error", Assert.Throws<ArgumentException>(() => snapshot.FailPodsMetric("qps", "")).ParamName);
    }

    private static ContainerUsage Cpu(string container, long milli) =>
        new(container, new Dictionary<string, long> { ["cpu"] = milli });
}
