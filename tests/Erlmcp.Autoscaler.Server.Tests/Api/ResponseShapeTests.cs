using Erlmcp.Autoscaler.Core.Connections;
using Erlmcp.Autoscaler.Server.Tests.Infrastructure;

namespace Erlmcp.Autoscaler.Server.Tests.Api;

/// <summary>
/// Whole response documents, compared byte for byte with the JSON the Go types of k8s.io/metrics and apimachinery
/// produce for the same values (field names, order, omitted and null fields, quantities, timestamps).
/// </summary>
public sealed class ResponseShapeTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Observed = RunningServer.Now.AddSeconds(-2.7);

    private RunningServer server = null!;
    private HttpClient client = null!;

    public async Task InitializeAsync()
    {
        server = await RunningServer.StartAsync();
        client = server.AliceClient();
        Describe("erlmcp-0", "0", 20_000, TimeSpan.FromSeconds(15), "erlang");
        Describe("erlmcp-1", "1", 12_345, TimeSpan.Zero, "prometheus");
    }

    public async Task DisposeAsync()
    {
        client.Dispose();
        await server.DisposeAsync();
    }

    [Fact]
    public async Task Pods_metric_list_in_v1beta2()
    {
        var (code, body, contentType) = await Json.GetAsync(client, "/apis/custom.metrics.k8s.io/v1beta2/namespaces/erlmcp/pods/*/erlmcp_connections?labelSelector=app%3Derlmcp");

        Assert.Equal(200, code);
        Assert.Equal("application/json", contentType);
        Assert.Equal(Json.Exactly("""
            {"kind":"MetricValueList","apiVersion":"custom.metrics.k8s.io/v1beta2","metadata":{},"items":[
              {"describedObject":{"kind":"Pod","namespace":"erlmcp","name":"erlmcp-0","apiVersion":"v1"},
               "metric":{"name":"erlmcp_connections","selector":null},
               "timestamp":"2025-06-01T11:59:57Z","windowSeconds":15,"value":"20k"},
              {"describedObject":{"kind":"Pod","namespace":"erlmcp","name":"erlmcp-1","apiVersion":"v1"},
               "metric":{"name":"erlmcp_connections","selector":null},
               "timestamp":"2025-06-01T11:59:57Z","windowSeconds":0,"value":"12345"}]}
            """), body);
    }

    [Fact]
    public async Task Pods_metric_list_in_v1beta1()
    {
        var (code, body, _) = await Json.GetAsync(client, "/apis/custom.metrics.k8s.io/v1beta1/namespaces/erlmcp/pods/*/erlmcp_connections");

        Assert.Equal(200, code);
        Assert.Equal(Json.Exactly("""
            {"kind":"MetricValueList","apiVersion":"custom.metrics.k8s.io/v1beta1","metadata":{},"items":[
              {"describedObject":{"kind":"Pod","namespace":"erlmcp","name":"erlmcp-0","apiVersion":"v1"},
               "metricName":"erlmcp_connections","timestamp":"2025-06-01T11:59:57Z","window":15,"value":"20k","selector":null},
              {"describedObject":{"kind":"Pod","namespace":"erlmcp","name":"erlmcp-1","apiVersion":"v1"},
               "metricName":"erlmcp_connections","timestamp":"2025-06-01T11:59:57Z","window":0,"value":"12345","selector":null}]}
            """), body);
    }

    [Fact]
    public async Task One_pod_by_name_with_a_metric_label_selector_echoed_as_a_label_selector()
    {
        var beta2 = await Json.GetAsync(client, "/apis/custom.metrics.k8s.io/v1beta2/namespaces/erlmcp/pods/erlmcp-0/erlmcp_connections?metricLabelSelector=source%20in%20(erlang,demo),!canary,source!%3Dx");
        var beta1 = await Json.GetAsync(client, "/apis/custom.metrics.k8s.io/v1beta1/namespaces/erlmcp/pods/erlmcp-0/erlmcp_connections?metricLabelSelector=source%3Derlang");

        Assert.Equal(Json.Exactly("""
            {"kind":"MetricValueList","apiVersion":"custom.metrics.k8s.io/v1beta2","metadata":{},"items":[
              {"describedObject":{"kind":"Pod","namespace":"erlmcp","name":"erlmcp-0","apiVersion":"v1"},
               "metric":{"name":"erlmcp_connections","selector":{"matchExpressions":[
                 {"key":"canary","operator":"DoesNotExist"},
                 {"key":"source","operator":"In","values":["demo","erlang"]},
                 {"key":"source","operator":"NotIn","values":["x"]}]}},
               "timestamp":"2025-06-01T11:59:57Z","windowSeconds":15,"value":"20k"}]}
            """), beta2.Body);
        Assert.Equal(Json.Exactly("""
            {"kind":"MetricValueList","apiVersion":"custom.metrics.k8s.io/v1beta1","metadata":{},"items":[
              {"describedObject":{"kind":"Pod","namespace":"erlmcp","name":"erlmcp-0","apiVersion":"v1"},
               "metricName":"erlmcp_connections","timestamp":"2025-06-01T11:59:57Z","window":15,"value":"20k",
               "selector":{"matchLabels":{"source":"erlang"}}}]}
            """), beta1.Body);
    }

    [Fact]
    public async Task StatefulSet_and_namespace_totals()
    {
        var statefulSet = await Json.GetAsync(client, "/apis/custom.metrics.k8s.io/v1beta2/namespaces/erlmcp/statefulsets.apps/erlmcp/erlmcp_connections");
        var @namespace = await Json.GetAsync(client, "/apis/custom.metrics.k8s.io/v1beta1/namespaces/erlmcp/metrics/erlmcp_connections");

        Assert.Equal(Json.Exactly("""
            {"kind":"MetricValueList","apiVersion":"custom.metrics.k8s.io/v1beta2","metadata":{},"items":[
              {"describedObject":{"kind":"StatefulSet","namespace":"erlmcp","name":"erlmcp","apiVersion":"apps/v1"},
               "metric":{"name":"erlmcp_connections","selector":null},
               "timestamp":"2025-06-01T11:59:57Z","windowSeconds":15,"value":"32345"}]}
            """), statefulSet.Body);
        Assert.Equal(Json.Exactly("""
            {"kind":"MetricValueList","apiVersion":"custom.metrics.k8s.io/v1beta1","metadata":{},"items":[
              {"describedObject":{"kind":"Namespace","name":"erlmcp","apiVersion":"v1"},
               "metricName":"erlmcp_connections","timestamp":"2025-06-01T11:59:57Z","window":15,"value":"32345","selector":null}]}
            """), @namespace.Body);
    }

    [Fact]
    public async Task External_total_and_headroom()
    {
        var total = await Json.GetAsync(client, "/apis/external.metrics.k8s.io/v1beta1/namespaces/erlmcp/erlmcp_connections_total?labelSelector=app%3Derlmcp,pod-index%20in%20(0,1)");
        var headroom = await Json.GetAsync(client, "/apis/external.metrics.k8s.io/v1beta1/namespaces/erlmcp/erlmcp_connections_headroom");

        Assert.Equal(Json.Exactly("""
            {"kind":"ExternalMetricValueList","apiVersion":"external.metrics.k8s.io/v1beta1","metadata":{},"items":[
              {"metricName":"erlmcp_connections_total","metricLabels":{"app":"erlmcp"},
               "timestamp":"2025-06-01T11:59:57Z","window":15,"value":"32345"}]}
            """), total.Body);
        Assert.Equal(Json.Exactly("""
            {"kind":"ExternalMetricValueList","apiVersion":"external.metrics.k8s.io/v1beta1","metadata":{},"items":[
              {"metricName":"erlmcp_connections_headroom","metricLabels":{},
               "timestamp":"2025-06-01T11:59:57Z","window":15,"value":"17655"}]}
            """), headroom.Body);
    }

    [Fact]
    public async Task Discovery_documents()
    {
        Assert.Equal(Json.Exactly("""
            {"kind":"APIGroupList","apiVersion":"v1","groups":[
              {"name":"custom.metrics.k8s.io","versions":[
                {"groupVersion":"custom.metrics.k8s.io/v1beta2","version":"v1beta2"},
                {"groupVersion":"custom.metrics.k8s.io/v1beta1","version":"v1beta1"}],
               "preferredVersion":{"groupVersion":"custom.metrics.k8s.io/v1beta2","version":"v1beta2"}},
              {"name":"external.metrics.k8s.io","versions":[
                {"groupVersion":"external.metrics.k8s.io/v1beta1","version":"v1beta1"}],
               "preferredVersion":{"groupVersion":"external.metrics.k8s.io/v1beta1","version":"v1beta1"}}]}
            """), (await Json.GetAsync(client, "/apis")).Body);
        Assert.Equal(Json.Exactly("""
            {"kind":"APIGroup","apiVersion":"v1","name":"custom.metrics.k8s.io","versions":[
              {"groupVersion":"custom.metrics.k8s.io/v1beta2","version":"v1beta2"},
              {"groupVersion":"custom.metrics.k8s.io/v1beta1","version":"v1beta1"}],
             "preferredVersion":{"groupVersion":"custom.metrics.k8s.io/v1beta2","version":"v1beta2"}}
            """), (await Json.GetAsync(client, "/apis/custom.metrics.k8s.io")).Body);
        Assert.Equal(Json.Exactly("""
            {"kind":"APIGroup","apiVersion":"v1","name":"external.metrics.k8s.io","versions":[
              {"groupVersion":"external.metrics.k8s.io/v1beta1","version":"v1beta1"}],
             "preferredVersion":{"groupVersion":"external.metrics.k8s.io/v1beta1","version":"v1beta1"}}
            """), (await Json.GetAsync(client, "/apis/external.metrics.k8s.io")).Body);
        foreach (var version in new[] { "v1beta2", "v1beta1" })
        {
            Assert.Equal(Json.Exactly($$"""
                {"kind":"APIResourceList","apiVersion":"v1","groupVersion":"custom.metrics.k8s.io/{{version}}","resources":[
                  {"name":"pods/erlmcp_connections","singularName":"","namespaced":true,"kind":"MetricValueList","verbs":["get"]},
                  {"name":"statefulsets.apps/erlmcp_connections","singularName":"","namespaced":true,"kind":"MetricValueList","verbs":["get"]},
                  {"name":"namespaces/erlmcp_connections","singularName":"","namespaced":false,"kind":"MetricValueList","verbs":["get"]}]}
                """), (await Json.GetAsync(client, $"/apis/custom.metrics.k8s.io/{version}")).Body);
        }

        Assert.Equal(Json.Exactly("""
            {"kind":"APIResourceList","apiVersion":"v1","groupVersion":"external.metrics.k8s.io/v1beta1","resources":[
              {"name":"erlmcp_connections_total","singularName":"","namespaced":true,"kind":"ExternalMetricValueList","verbs":["get"]},
              {"name":"erlmcp_connections_headroom","singularName":"","namespaced":true,"kind":"ExternalMetricValueList","verbs":["get"]}]}
            """), (await Json.GetAsync(client, "/apis/external.metrics.k8s.io/v1beta1")).Body);
    }

    private void Describe(string name, string index, long connections, TimeSpan window, string source)
    {
        var pod = new PodReference("erlmcp", name);
        server.Store.DescribePod(pod, new Dictionary<string, string> { ["app"] = "erlmcp", ["pod-index"] = index }, "erlmcp");
        server.Store.Record(pod, new ConnectionObservation(connections, Observed, window, source));
    }
}
