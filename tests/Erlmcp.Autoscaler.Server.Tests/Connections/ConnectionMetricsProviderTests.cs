using Erlmcp.Autoscaler.Core.Connections;
using Erlmcp.Autoscaler.Core.Labels;
using Erlmcp.Autoscaler.Core.Quantities;
using Erlmcp.Autoscaler.Server.Connections;
using Erlmcp.Autoscaler.Server.Metrics;
using Microsoft.Extensions.Time.Testing;

namespace Erlmcp.Autoscaler.Server.Tests.Connections;

/// <summary>The provider over the store, without HTTP: totals, grouping, headroom, timestamps and windows of sums.</summary>
public sealed class ConnectionMetricsProviderTests
{
    private static readonly DateTimeOffset Now = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly CustomMetricInfo StatefulSets = new(GroupResource.StatefulSets, true, ConnectionMetricNames.Connections);
    private static readonly CustomMetricInfo Namespaces = new(GroupResource.Namespaces, false, ConnectionMetricNames.Connections);

    private readonly ConnectionStore store = new(TimeSpan.FromSeconds(30));
    private readonly ConnectionMetricsProvider provider;

    public ConnectionMetricsProviderTests()
    {
        provider = new ConnectionMetricsProvider(store, new FakeTimeProvider(Now), perPodConnectionLimit: 25_000);
        Pod("a", "erlmcp-0", "erlmcp", 24_000, -5, TimeSpan.FromSeconds(10));
        Pod("a", "erlmcp-1", "erlmcp", 26_500, -1, TimeSpan.Zero);
        Pod("a", "cache-0", "cache", 10, -2, TimeSpan.FromSeconds(60));
        Pod("a", "lonely", null, 3, -2, TimeSpan.Zero);
        Pod("b", "erlmcp-0", "erlmcp", 7, -40, TimeSpan.Zero);
    }

    [Fact]
    public void A_StatefulSet_sums_its_pods_as_old_as_the_oldest_over_the_widest_window()
    {
        var value = provider.GetMetricByName("a", "erlmcp", StatefulSets, LabelSelector.Everything);

        Assert.Equal(new ObjectReference("StatefulSet", "a", "erlmcp", "apps/v1"), value.DescribedObject);
        Assert.Equal(Now.AddSeconds(-5), value.Timestamp);
        Assert.Equal(TimeSpan.FromSeconds(10), value.Window);
        Assert.Equal("50500", value.Value.ToString());
        Assert.Null(value.Metric.Selector);
    }

    [Fact]
    public void Every_StatefulSet_of_a_namespace_by_name_leaving_out_pods_without_one()
    {
        using var values = provider.GetMetricBySelector("a", LabelSelector.Everything, StatefulSets, LabelSelector.Everything);

        Assert.Equal(
            ["cache=10", "erlmcp=50500"],
            values.Items.ToArray().Select(value => $"{value.DescribedObject.Name}={value.Value}"));
    }

    [Fact]
    public void Every_namespace_with_fresh_values_root_scoped()
    {
        using var values = provider.GetMetricBySelector(null, LabelSelector.Everything, Namespaces, LabelSelector.Everything);

        Assert.Equal(["a=50513"], values.Items.ToArray().Select(value => $"{value.DescribedObject.Name}={value.Value}"));
        Assert.Equal(new ObjectReference("Namespace", null, "a", "v1"), values.Items[0].DescribedObject);
    }

    [Fact]
    public void Headroom_goes_negative_when_pods_are_over_the_limit()
    {
        var headroom = provider.GetExternalMetric("a", LabelSelector.Parse("app=erlmcp"), new ExternalMetricInfo(ConnectionMetricNames.Headroom)).Single();
        var total = provider.GetExternalMetric("a", LabelSelector.Parse("app=erlmcp"), new ExternalMetricInfo(ConnectionMetricNames.Total)).Single();

        Assert.Equal(Quantity.FromValue(-500, QuantityFormat.DecimalSI), headroom.Value);
        Assert.Equal("-500", headroom.Value.ToString());
        Assert.Equal("50500", total.Value.ToString());
        Assert.Equal(new Dictionary<string, string> { ["app"] = "erlmcp" }, total.MetricLabels);
    }

    [Fact]
    public void The_same_pod_name_in_another_namespace_is_another_pod()
    {
        var error = Assert.Throws<MetricNotFoundException>(() =>
            provider.GetMetricByName("b", "erlmcp-0", new CustomMetricInfo(GroupResource.Pods, true, ConnectionMetricNames.Connections), LabelSelector.Everything));

        Assert.Equal("the server could not find the metric erlmcp_connections for pods erlmcp-0: pod b/erlmcp-0 has no value observed in the last 30s", error.Message);
    }

    [Fact]
    public void Discovery_lists_what_is_served()
    {
        Assert.Equal(["pods/erlmcp_connections", "statefulsets.apps/erlmcp_connections", "namespaces/erlmcp_connections"], provider.ListAllMetrics().Select(info => info.ToString()));
        Assert.Equal(["erlmcp_connections_total", "erlmcp_connections_headroom"], provider.ListAllExternalMetrics().Select(info => info.Metric));
    }

    private void Pod(string @namespace, string name, string? statefulSet, long connections, int ageSeconds, TimeSpan window)
    {
        var pod = new PodReference(@namespace, name);
        store.DescribePod(pod, new Dictionary<string, string> { ["app"] = statefulSet ?? "none" }, statefulSet);
        store.Record(pod, new ConnectionObservation(connections, Now.AddSeconds(ageSeconds), window, "erlang"));
    }
}
