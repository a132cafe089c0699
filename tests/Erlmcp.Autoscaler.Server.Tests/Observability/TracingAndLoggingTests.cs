using System.Diagnostics;
using Erlmcp.Autoscaler.Core.Connections;
using Erlmcp.Autoscaler.Server.Observability;
using Erlmcp.Autoscaler.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;
using OpenTelemetry.Trace;

namespace Erlmcp.Autoscaler.Server.Tests.Observability;

/// <summary>Traces of API requests (to the in-memory exporter), when tracing is on, and the console log format.</summary>
public sealed class TracingAndLoggingTests
{
    [Fact]
    public async Task An_API_request_produces_a_server_span_named_by_its_route()
    {
        var spans = new List<Activity>();
        int port;
        await using (var server = await RunningServer.StartAsync(configure: builder =>
            builder.Services.AddOpenTelemetry().WithTracing(tracing => tracing.AddServerTracing().AddInMemoryExporter(spans))))
        {
            port = server.Port;
            server.Store.Record(new PodReference("erlmcp", "erlmcp-0"), new ConnectionObservation(20_000, server.Time.GetUtcNow(), TimeSpan.Zero, "erlang"));
            using var client = server.AliceClient();
            using var response = await client.GetAsync(new Uri("/apis/custom.metrics.k8s.io/v1beta2/namespaces/erlmcp/pods/*/erlmcp_connections", UriKind.Relative));
            Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        }

        // Stopping the server ends every request, so every span has been exported. ASP.NET Core's activities are
        // process-wide: servers of tests running alongside are told apart by their port.
        var span = Assert.Single(spans, s => s.Kind == ActivityKind.Server && Equals(s.GetTagItem("server.port"), port));
        const string Route = "/apis/custom.metrics.k8s.io/{version}/namespaces/{namespace}/{resource}/{name}/{metric}";
        Assert.Equal("GET " + Route, span.DisplayName);
        Assert.Equal(Route, span.GetTagItem("http.route"));
        Assert.Equal(200, span.GetTagItem("http.response.status_code"));
    }

    [Fact]
    public async Task Without_an_OTLP_endpoint_no_tracer_is_set_up()
    {
        await using var server = await RunningServer.StartAsync();

        Assert.Null(server.Services.GetService<TracerProvider>());
    }

    [Fact]
    public async Task With_an_OTLP_endpoint_the_server_traces()
    {
        await using var server = await RunningServer.StartAsync(_ => new Dictionary<string, string?> { ["Observability:OtlpEndpoint"] = "http://127.0.0.1:4317" });

        Assert.NotNull(server.Services.GetService<TracerProvider>());
    }

    [Theory]
    [InlineData("json", "json")]
    [InlineData("Json", "json")]
    [InlineData("simple", "simple")]
    [InlineData(null, "simple")]
    public async Task The_log_format_setting_picks_the_console_formatter(string? setting, string formatter)
    {
        await using var server = await RunningServer.StartAsync(_ => new Dictionary<string, string?> { ["Observability:LogFormat"] = setting });

        Assert.Equal(formatter, server.Services.GetRequiredService<IOptions<ConsoleLoggerOptions>>().Value.FormatterName);
    }
}
