using System.Globalization;
using System.Net;
using System.Text;
using Erlmcp.Autoscaler.Core.Connections;
using Erlmcp.Autoscaler.Server.Sources;
using Erlmcp.Autoscaler.Server.Sources.Prometheus;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Erlmcp.Autoscaler.Server.Tests.Sources.Prometheus;

/// <summary>
/// The Prometheus source against a real Kestrel endpoint on loopback, one address per behaviour (127.0.0.x all
/// reach a server listening on every address): a metrics text, a body over the limit, a body that never ends, a
/// 500. Time is a fake clock: a scrape's completion time is exact, and a timeout fires when the test moves it.
/// </summary>
public sealed class PrometheusScraperTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2026-11-26T21:00:00Z", CultureInfo.InvariantCulture);

    private const string Metrics = """
        # HELP erlmcp_connections Open client connections.
        # TYPE erlmcp_connections gauge
        erlmcp_connections{listener="tcp"} 12000
        erlmcp_connections{listener="ws"} 7000
        erlmcp_connections{listener="admin"} 3
        erlmcp_connections_limit 25000
        bad line here
        erlmcp_connections{listener="sse"} 1000

        """;

    private readonly FakeTimeProvider time = new(Now);
    private readonly TaskCompletionSource slowBodyStarted = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<long> largeBodyAborted = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private WebApplication? server;
    private int port;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Any, 0));
        server = builder.Build();
        server.MapGet("/metrics", ServeAsync);
        await server.StartAsync();
        port = new Uri(server.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single().Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal)).Port;
    }

    public async Task DisposeAsync()
    {
        await server!.StopAsync();
        await server.DisposeAsync();
    }

    [Fact]
    public async Task Every_pod_with_an_IP_is_scraped_and_exactly_the_good_ones_recorded()
    {
        var store = new ConnectionStore(TimeSpan.FromSeconds(30));
        var directory = new StaticPodDirectory([Pod("erlmcp-0", "127.0.0.1"), Pod("erlmcp-1", "127.0.0.4"), Pod("erlmcp-2", "127.0.0.5"), Pod("erlmcp-3", null), Pod("erlmcp-4", "127.0.0.6"), Pod("erlmcp-5", "127.0.0.7")]);
        using var scraper = new PrometheusScraper(Settings("listener!=\"admin\""), time);
        using var source = new PrometheusSource(directory, scraper, store, Settings("listener!=\"admin\""), time, NullLogger<PrometheusSource>.Instance);

        var results = await source.ScrapeAllAsync(CancellationToken.None);

        var url = $"http://127.0.0.{{0}}:{port}/metrics";
        Assert.Equal(
            [
                "erlmcp/erlmcp-0 20000 at 2026-11-26T21:00:00.0000000+00:00 window 00:00:00 from prometheus, 1 bad lines: line 7: \"line\" is not a valid sample value",
                $"erlmcp/erlmcp-1 HttpStatus: {string.Format(CultureInfo.InvariantCulture, url, 4)} answered 500 Internal Server Error",
                $"erlmcp/erlmcp-2 MetricMissing: {string.Format(CultureInfo.InvariantCulture, url, 5)} has no series of erlmcp_connections matching listener!=\"admin\"",
                "erlmcp/erlmcp-4 42 at 2026-11-26T20:59:58.5000000+00:00 window 00:00:00 from prometheus",
                $"erlmcp/erlmcp-5 InvalidValue: {string.Format(CultureInfo.InvariantCulture, url, 7)}: erlmcp_connections matching listener!=\"admin\" sums to NaN, not a connection count",
            ],
            results.Select(Describe));
        Assert.Equal(
            [
                "erlmcp/erlmcp-0 20000 at 2026-11-26T21:00:00.0000000+00:00 from prometheus",
                "erlmcp/erlmcp-4 42 at 2026-11-26T20:59:58.5000000+00:00 from prometheus",
            ],
            store.Snapshot(Now).Pods.ToArray().Select(pod => $"{pod.Pod} {pod.Latest!.Connections} at {pod.Latest.ObservedAt:O} from {pod.Latest.Source}"));
    }

    [Fact]
    public async Task A_body_over_the_limit_is_refused_while_it_is_read()
    {
        using var scraper = new PrometheusScraper(Settings(maxBodyBytes: 64 * 1024), time);

        var result = await scraper.ScrapeAsync("127.0.0.2", CancellationToken.None);

        Assert.Equal((ScrapeError?)ScrapeError.BodyTooLarge, result.Error);
        Assert.Equal($"http://127.0.0.2:{port}/metrics sent more than 65536 bytes", result.Message);
        Assert.Null(result.Observation);
        var written = await largeBodyAborted.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(written < LargeBodyBytes, $"the server wrote all {written} bytes: the limit was not enforced while reading");
    }

    [Fact]
    public async Task A_declared_length_over_the_limit_is_refused_before_reading()
    {
        using var scraper = new PrometheusScraper(Settings(maxBodyBytes: 100), time);

        var result = await scraper.ScrapeAsync("127.0.0.3", CancellationToken.None);

        Assert.Equal((ScrapeError?)ScrapeError.BodyTooLarge, result.Error);
        Assert.Null(result.Parse);
    }

    [Fact]
    public async Task A_body_that_does_not_end_times_out()
    {
        using var scraper = new PrometheusScraper(Settings(), time);

        var scrape = scraper.ScrapeAsync("127.0.0.8", CancellationToken.None);
        await slowBodyStarted.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.False(scrape.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(3));
        var result = await scrape.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal((ScrapeError?)ScrapeError.Timeout, result.Error);
        Assert.Equal($"http://127.0.0.8:{port}/metrics did not answer within 3 s", result.Message);
    }

    [Fact]
    public async Task A_closed_port_is_a_connection_error()
    {
        using var scraper = new PrometheusScraper(Settings() with { Port = 1 }, time);

        var result = await scraper.ScrapeAsync("127.0.0.1", CancellationToken.None);

        Assert.Equal((ScrapeError?)ScrapeError.Connection, result.Error);
        Assert.StartsWith("http://127.0.0.1:1/metrics: ", result.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("10.1.2.3", "http://10.1.2.3:9090/metrics")]
    [InlineData("fd00::1", "http://[fd00::1]:9090/metrics")]
    public void The_endpoint_of_a_pod(string ip, string url)
    {
        using var scraper = new PrometheusScraper(Settings() with { Port = 9090 }, time);

        Assert.Equal(new Uri(url), scraper.EndpointOf(ip));
    }

    private const int LargeBodyBytes = 64 * 1024 * 1024;

    private static DiscoveredPod Pod(string name, string? ip) =>
        new(new PodReference("erlmcp", name), ip, Ready: true, $"erlmcp@{name}", new Dictionary<string, string>(), "erlmcp");

    private PrometheusSourceSettings Settings(string matchers = "", int maxBodyBytes = 4 * 1024 * 1024) =>
        new(port, "/metrics", "erlmcp_connections", SeriesMatcher.Parse(matchers), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(3), maxBodyBytes, 4);

    private static string Describe((PodReference Pod, ScrapeResult Result) scraped)
    {
        var (pod, result) = scraped;
        if (result.Observation is not { } observation)
        {
            return $"{pod} {result.Error}: {result.Message}";
        }

        var badLines = result.Parse is { ErrorCount: > 0 } parse ? $", {parse.ErrorCount} bad lines: {string.Join("; ", parse.Errors)}" : string.Empty;
        return $"{pod} {observation.Connections} at {observation.ObservedAt:O} window {observation.Window} from {observation.Source}{badLines}";
    }

    private async Task ServeAsync(HttpContext context)
    {
        var response = context.Response;
        switch (context.Connection.LocalIpAddress!.MapToIPv4().ToString())
        {
            case "127.0.0.1":
                await response.WriteAsync(Metrics);
                break;
            case "127.0.0.2":
                await WriteLargeBodyAsync(context);
                break;
            case "127.0.0.3":
                response.ContentLength = 1000;
                await response.WriteAsync(new string('#', 1000));
                break;
            case "127.0.0.4":
                response.StatusCode = StatusCodes.Status500InternalServerError;
                break;
            case "127.0.0.5":
                await response.WriteAsync("erlmcp_connections{listener=\"admin\"} 3\nother_metric 1\n");
                break;
            case "127.0.0.6":
                // Timestamps on every series summed: the observation is as old as the oldest.
                await response.WriteAsync("erlmcp_connections{listener=\"tcp\"} 40 1795726799000\nerlmcp_connections{listener=\"ws\"} 2 1795726798500\n");
                break;
            case "127.0.0.7":
                await response.WriteAsync("erlmcp_connections{listener=\"tcp\"} NaN\n");
                break;
            case "127.0.0.8":
                await response.WriteAsync("erlmcp_connections 1");
                await response.Body.FlushAsync();
                slowBodyStarted.TrySetResult();
                await Task.Delay(Timeout.Infinite, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
                break;
        }
    }

    private async Task WriteLargeBodyAsync(HttpContext context)
    {
        var line = Encoding.ASCII.GetBytes("erlmcp_connections{listener=\"tcp\"} 1\n# padding padding padding padding padding\n");
        long written = 0;
        try
        {
            while (written < LargeBodyBytes)
            {
                await context.Response.Body.WriteAsync(line, context.RequestAborted);
                written += line.Length;
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException)
        {
            largeBodyAborted.TrySetResult(written);
            return;
        }

        largeBodyAborted.TrySetResult(written);
    }
}
