using System.Text.Json;
using Erlmcp.Autoscaler.Core.Connections;
using Erlmcp.Autoscaler.Server.Tests.Infrastructure;

namespace Erlmcp.Autoscaler.Server.Tests.Api;

/// <summary>Which pods a query returns: label selectors of the full grammar, metric label selectors, staleness on the (fake) clock.</summary>
public sealed class MetricQueryTests : IAsyncLifetime
{
    private const string Pods = "/apis/custom.metrics.k8s.io/v1beta2/namespaces/erlmcp/pods/*/erlmcp_connections";

    private RunningServer server = null!;
    private HttpClient client = null!;

    public async Task InitializeAsync()
    {
        server = await RunningServer.StartAsync();
        client = server.AliceClient();
        Pod("erlmcp-0", "erlang", 0, ("app", "erlmcp"), ("tier", "edge"), ("shard", "1"));
        Pod("erlmcp-1", "erlang", -10, ("app", "erlmcp"), ("tier", "core"), ("shard", "2"), ("canary", "true"));
        Pod("erlmcp-2", "prometheus", -29, ("app", "erlmcp"), ("shard", "3"));
        Pod("web-0", "prometheus", 0, ("app", "web"));
    }

    public async Task DisposeAsync()
    {
        client.Dispose();
        await server.DisposeAsync();
    }

    [Theory]
    [InlineData("", "erlmcp-0 erlmcp-1 erlmcp-2 web-0")]
    [InlineData("app=erlmcp", "erlmcp-0 erlmcp-1 erlmcp-2")]
    [InlineData("app==erlmcp", "erlmcp-0 erlmcp-1 erlmcp-2")]
    [InlineData("app!=erlmcp", "web-0")]
    [InlineData("tier in (edge,core)", "erlmcp-0 erlmcp-1")]
    [InlineData("tier notin (edge)", "erlmcp-1 erlmcp-2 web-0")]
    [InlineData("canary", "erlmcp-1")]
    [InlineData("!canary", "erlmcp-0 erlmcp-2 web-0")]
    [InlineData("shard>1", "erlmcp-1 erlmcp-2")]
    [InlineData("shard<3,app=erlmcp", "erlmcp-0 erlmcp-1")]
    [InlineData(" app = erlmcp , !canary ", "erlmcp-0 erlmcp-2")]
    public async Task Label_selectors_pick_pods_by_their_labels(string selector, string pods)
    {
        Assert.Equal(pods, await PodsAsync(Pods + "?labelSelector=" + Uri.EscapeDataString(selector)));
    }

    [Theory]
    [InlineData("source=erlang", "erlmcp-0 erlmcp-1")]
    [InlineData("source in (prometheus)", "erlmcp-2 web-0")]
    [InlineData("source!=erlang", "erlmcp-2 web-0")]
    [InlineData("!source", "")]
    public async Task Metric_label_selectors_pick_values_by_their_source(string metricSelector, string pods)
    {
        var path = Pods + "?metricLabelSelector=" + Uri.EscapeDataString(metricSelector);
        if (pods.Length == 0)
        {
            Assert.Equal(404, (await Json.GetAsync(client, path)).Code);
        }
        else
        {
            Assert.Equal(pods, await PodsAsync(path));
        }
    }

    [Fact]
    public async Task Values_older_than_the_staleness_bound_are_not_served()
    {
        Assert.Equal("erlmcp-0 erlmcp-1 erlmcp-2 web-0", await PodsAsync(Pods));

        server.Time.Advance(TimeSpan.FromSeconds(1.5));
        Assert.Equal("erlmcp-0 erlmcp-1 web-0", await PodsAsync(Pods));
        Assert.Equal(404, (await Json.GetAsync(client, "/apis/custom.metrics.k8s.io/v1beta2/namespaces/erlmcp/pods/erlmcp-2/erlmcp_connections")).Code);

        server.Time.Advance(TimeSpan.FromSeconds(20));
        Assert.Equal("erlmcp-0 web-0", await PodsAsync(Pods));
        Assert.Equal("\"10\"", await ValueAsync("/apis/external.metrics.k8s.io/v1beta1/namespaces/erlmcp/erlmcp_connections_total?labelSelector=app%3Derlmcp"));
        Assert.Equal("\"24990\"", await ValueAsync("/apis/external.metrics.k8s.io/v1beta1/namespaces/erlmcp/erlmcp_connections_headroom?labelSelector=app%3Derlmcp"));

        server.Time.Advance(TimeSpan.FromSeconds(10));
        var (code, body, _) = await Json.GetAsync(client, Pods);
        Assert.Equal(404, code);
        Assert.Contains("no pod in namespace erlmcp has a value observed in the last 30s", body, StringComparison.Ordinal);

        server.Store.Record(new PodReference("erlmcp", "erlmcp-1"), new ConnectionObservation(7, server.Time.GetUtcNow(), TimeSpan.Zero, "erlang"));
        Assert.Equal("erlmcp-1", await PodsAsync(Pods));
    }

    [Fact]
    public async Task Fifty_concurrent_clients_are_all_answered()
    {
        var clients = Enumerable.Range(0, 50).Select(_ => server.AliceClient()).ToArray();
        try
        {
            var answers = await Task.WhenAll(clients.Select(async (c, i) =>
            {
                var results = new List<string>();
                for (var request = 0; request < 10; request++)
                {
                    var path = (i + request) % 3 == 0 ? "/apis/custom.metrics.k8s.io/v1beta1" : Pods + "?labelSelector=app%3Derlmcp";
                    var (code, body, _) = await Json.GetAsync(c, path);
                    results.Add($"{code} {body.Length}");
                }

                return results;
            }));

            var expectedPods = await Json.GetAsync(client, Pods + "?labelSelector=app%3Derlmcp");
            var expectedDiscovery = await Json.GetAsync(client, "/apis/custom.metrics.k8s.io/v1beta1");
            for (var i = 0; i < answers.Length; i++)
            {
                for (var request = 0; request < 10; request++)
                {
                    var expected = (i + request) % 3 == 0 ? expectedDiscovery : expectedPods;
                    Assert.Equal($"200 {expected.Body.Length}", answers[i][request]);
                }
            }
        }
        finally
        {
            foreach (var c in clients)
            {
                c.Dispose();
            }
        }
    }

    private void Pod(string name, string source, int ageSeconds, params (string Key, string Value)[] labels)
    {
        var pod = new PodReference("erlmcp", name);
        server.Store.DescribePod(pod, labels.ToDictionary(label => label.Key, label => label.Value), name.StartsWith("erlmcp", StringComparison.Ordinal) ? "erlmcp" : "web");
        server.Store.Record(pod, new ConnectionObservation(name.EndsWith('0') ? 10 : 1000, RunningServer.Now.AddSeconds(ageSeconds), TimeSpan.Zero, source));
    }

    /// <summary>The names of the pods in the response, space-separated, in the order served.</summary>
    private async Task<string> PodsAsync(string path)
    {
        var (code, body, _) = await Json.GetAsync(client, path);
        Assert.True(code == 200, body);
        using var document = JsonDocument.Parse(body);
        return string.Join(' ', document.RootElement.GetProperty("items").EnumerateArray().Select(item => item.GetProperty("describedObject").GetProperty("name").GetString()));
    }

    private async Task<string> ValueAsync(string path)
    {
        var (code, body, _) = await Json.GetAsync(client, path);
        Assert.True(code == 200, body);
        using var document = JsonDocument.Parse(body);
        return document.RootElement.GetProperty("items")[0].GetProperty("value").GetRawText();
    }
}
