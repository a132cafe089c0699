using Erlmcp.Autoscaler.Core.Connections;
using Erlmcp.Autoscaler.Server.Observability;
using Erlmcp.Autoscaler.Server.Tests.Infrastructure;

namespace Erlmcp.Autoscaler.Server.Tests.Observability;

/// <summary>The server's own <c>/metrics</c>, scraped over plain HTTP on its port after requests to the API.</summary>
public sealed class PrometheusEndpointTests : IAsyncLifetime
{
    private const string PodsRoute = "/apis/custom.metrics.k8s.io/{version}/namespaces/{namespace}/{resource}/{name}/{metric}";

    private readonly int metricsPort = FreePort.Next();
    private RunningServer server = null!;
    private HttpClient api = null!;

    public async Task InitializeAsync()
    {
        server = await RunningServer.StartAsync(_ => new Dictionary<string, string?> { ["Observability:MetricsPort"] = metricsPort.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        api = server.AliceClient();
    }

    public async Task DisposeAsync()
    {
        api.Dispose();
        await server.DisposeAsync();
    }

    [Fact]
    public async Task Requests_are_counted_by_route_template_and_status_code()
    {
        Record("erlmcp-0", 20_000, ageSeconds: 0, "erlang");
        for (var i = 0; i < 3; i++)
        {
            await GetAsync("/apis/custom.metrics.k8s.io/v1beta2/namespaces/erlmcp/pods/*/erlmcp_connections");
        }

        await GetAsync("/apis/custom.metrics.k8s.io/v1beta2/namespaces/erlmcp/pods/erlmcp-0/erlmcp_connections");
        await GetAsync("/apis/custom.metrics.k8s.io/v1beta2/namespaces/erlmcp/pods/erlmcp-9/erlmcp_connections");
        await GetAsync("/no/such/path");

        var scrape = await ScrapeAsync();

        Assert.Contains(Series("http_requests_received_total", "200", PodsRoute, "4"), scrape);
        Assert.Contains(Series("http_requests_received_total", "404", PodsRoute, "1"), scrape);
        Assert.Contains(Series("http_requests_received_total", "404", "{**path}", "1"), scrape);
        Assert.Contains(Series("http_request_duration_seconds_count", "200", PodsRoute, "4"), scrape);
        Assert.DoesNotContain("erlmcp-9", scrape, StringComparison.Ordinal);
        Assert.DoesNotContain("/no/such/path", scrape, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Store_size_and_the_freshness_of_each_source_are_reported()
    {
        Record("erlmcp-0", 20_000, ageSeconds: 2, "erlang");
        Record("erlmcp-1", 21_000, ageSeconds: 7, "erlang");
        Record("erlmcp-2", 22_000, ageSeconds: 45, "erlang");
        Record("erlmcp-3", 23_000, ageSeconds: 12, "prometheus");
        server.Store.DescribePod(new PodReference("erlmcp", "erlmcp-4"), new Dictionary<string, string>(), "erlmcp");

        var scrape = await ScrapeAsync();

        Assert.Contains("\nerlmcp_autoscaler_store_pods 5\n", scrape, StringComparison.Ordinal);
        Assert.Contains("\nerlmcp_autoscaler_store_fresh_pods 3\n", scrape, StringComparison.Ordinal);
        Assert.Contains("\nerlmcp_autoscaler_source_freshness_seconds{source=\"erlang\"} 2\n", scrape, StringComparison.Ordinal);
        Assert.Contains("\nerlmcp_autoscaler_source_freshness_seconds{source=\"prometheus\"} 12\n", scrape, StringComparison.Ordinal);
        Assert.Contains("\nerlmcp_autoscaler_source_pods{source=\"erlang\",state=\"fresh\"} 2\n", scrape, StringComparison.Ordinal);
        Assert.Contains("\nerlmcp_autoscaler_source_pods{source=\"erlang\",state=\"stale\"} 1\n", scrape, StringComparison.Ordinal);
        Assert.Contains("\nerlmcp_autoscaler_source_pods{source=\"prometheus\",state=\"fresh\"} 1\n", scrape, StringComparison.Ordinal);

        server.Store.Remove(new PodReference("erlmcp", "erlmcp-3"));
        server.Time.Advance(TimeSpan.FromSeconds(1));
        scrape = await ScrapeAsync();

        Assert.Contains("\nerlmcp_autoscaler_store_pods 4\n", scrape, StringComparison.Ordinal);
        Assert.Contains("\nerlmcp_autoscaler_source_freshness_seconds{source=\"erlang\"} 3\n", scrape, StringComparison.Ordinal);
        Assert.DoesNotContain("source=\"prometheus\"", scrape, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_instrument_of_the_server_meter_is_exported_including_auth_decisions()
    {
        // A method label no other test uses, so that servers running in parallel cannot change the count.
        AuthDecisionMetrics.Record("allowed", "test-export");
        AuthDecisionMetrics.Record("allowed", "test-export");
        AuthDecisionMetrics.Record("forbidden", "test-export");
        var restarts = ServerTelemetry.Meter.CreateCounter<long>("erlmcp_autoscaler_test_export_restarts_total");
        restarts.Add(4);

        var scrape = await ScrapeAsync();

        Assert.Contains("\nerlmcp_autoscaler_auth_decisions_total{decision=\"allowed\",method=\"test-export\"} 2\n", scrape, StringComparison.Ordinal);
        Assert.Contains("\nerlmcp_autoscaler_auth_decisions_total{decision=\"forbidden\",method=\"test-export\"} 1\n", scrape, StringComparison.Ordinal);
        Assert.Contains("\nerlmcp_autoscaler_test_export_restarts_total 4\n", scrape, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_are_served_only_on_their_port_and_the_API_not_there()
    {
        using var onApiPort = await api.GetAsync(new Uri("/metrics", UriKind.Relative));
        Assert.Equal(System.Net.HttpStatusCode.NotFound, onApiPort.StatusCode);
        Assert.Equal("application/json", onApiPort.Content.Headers.ContentType?.MediaType);

        using var scraper = Scraper();
        using var apiOnMetricsPort = await scraper.GetAsync(new Uri("/apis", UriKind.Relative));
        Assert.Equal(System.Net.HttpStatusCode.NotFound, apiOnMetricsPort.StatusCode);
        Assert.Equal("", await apiOnMetricsPort.Content.ReadAsStringAsync());
    }

    private static string Series(string name, string code, string endpoint, string value) =>
        $"\n{name}{{code=\"{code}\",method=\"GET\",controller=\"\",action=\"\",endpoint=\"{endpoint}\"}} {value}\n";

    private async Task GetAsync(string path)
    {
        using var response = await api.GetAsync(new Uri(path, UriKind.Relative));
        await response.Content.ReadAsByteArrayAsync();
    }

    private async Task<string> ScrapeAsync()
    {
        using var scraper = Scraper();
        using var response = await scraper.GetAsync(new Uri("/metrics", UriKind.Relative));
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync();
    }

    private HttpClient Scraper() => new() { BaseAddress = new Uri($"http://127.0.0.1:{metricsPort}") };

    private void Record(string pod, long connections, int ageSeconds, string source) =>
        server.Store.Record(new PodReference("erlmcp", pod), new ConnectionObservation(connections, server.Time.GetUtcNow().AddSeconds(-ageSeconds), TimeSpan.Zero, source));
}
