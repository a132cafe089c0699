using Erlmcp.Autoscaler.Core.Connections;
using Erlmcp.Autoscaler.Server.Keda;
using Erlmcp.Autoscaler.Server.Tests.Infrastructure;
using Externalscaler;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Erlmcp.Autoscaler.Server.Tests.Keda;

/// <summary>
/// The KEDA external scaler as KEDA's operator calls it: a real gRPC client over TLS (trusting only the test serving
/// authority) on the scaler's own endpoint, over a store filled here. StatefulSet <c>erlmcp</c> has three fresh pods
/// (18,000 + 21,000 + 24,000 = 63,000 connections) and one stale pod; StatefulSet <c>edge</c> has one fresh pod
/// (5,000); namespace <c>other</c> has one fresh pod (1,000).
/// </summary>
public sealed class KedaScalerTests : IAsyncLifetime
{
    private RunningServer server = null!;
    private GrpcChannel channel = null!;
    private ExternalScaler.ExternalScalerClient scaler = null!;

    public async Task InitializeAsync()
    {
        server = await RunningServer.StartAsync(_ => new Dictionary<string, string?> { ["Keda:Enabled"] = "true", ["Keda:Port"] = "0" });
        channel = Channel(server.Services.GetRequiredService<KedaListener>().Port);
        scaler = new ExternalScaler.ExternalScalerClient(channel);
        Pod("erlmcp", "erlmcp-0", "erlmcp", 18_000, ageSeconds: 0);
        Pod("erlmcp", "erlmcp-1", "erlmcp", 21_000, ageSeconds: 5);
        Pod("erlmcp", "erlmcp-2", "erlmcp", 24_000, ageSeconds: 30);
        Pod("erlmcp", "erlmcp-3", "erlmcp", 99_000, ageSeconds: 31);
        Pod("erlmcp", "edge-0", "edge", 5_000, ageSeconds: 0);
        Pod("other", "erlmcp-0", "erlmcp", 1_000, ageSeconds: 0);
    }

    public async Task DisposeAsync()
    {
        channel.Dispose();
        await server.DisposeAsync();
    }

    [Theory]
    [InlineData("statefulSet=erlmcp", 63_000)]
    [InlineData("statefulSet=edge", 5_000)]
    [InlineData("labelSelector=app=erlmcp", 63_000)]
    [InlineData("labelSelector=app in (erlmcp,edge)", 68_000)]
    [InlineData("", 68_000)]
    [InlineData("namespace=other", 1_000)]
    [InlineData("statefulSet=erlmcp;labelSelector=ordinal!=0", 45_000)]
    [InlineData("statefulSet=erlmcp;metricName=erlmcp_connections_per_pod", 21_000)]
    [InlineData("statefulSet=erlmcp;labelSelector=ordinal in (0,1);metricName=erlmcp_connections_per_pod", 19_500)]
    public async Task GetMetrics_returns_the_sum_or_the_per_pod_average_of_the_fresh_selected_pods(string metadata, double expected)
    {
        var reference = Reference(metadata);
        var response = await scaler.GetMetricsAsync(new GetMetricsRequest { ScaledObjectRef = reference, MetricName = reference.ScalerMetadata.GetValueOrDefault("metricName", "erlmcp_connections_total") });

        var value = Assert.Single(response.MetricValues);
        Assert.Equal(reference.ScalerMetadata.GetValueOrDefault("metricName", "erlmcp_connections_total"), value.MetricName);
        Assert.Equal(expected, value.MetricValueFloat);
        Assert.Equal((long)expected, value.MetricValue_);
    }

    [Fact]
    public async Task GetMetrics_rounds_the_deprecated_integer_value_and_keeps_the_exact_one_in_the_float()
    {
        Pod("erlmcp", "erlmcp-4", "erlmcp", 21_001, ageSeconds: 0);
        var reference = Reference("statefulSet=erlmcp;metricName=erlmcp_connections_per_pod");

        var value = Assert.Single((await scaler.GetMetricsAsync(new GetMetricsRequest { ScaledObjectRef = reference, MetricName = "erlmcp_connections_per_pod" })).MetricValues);

        Assert.Equal(84_001 / 4.0, value.MetricValueFloat);
        Assert.Equal(21_000, value.MetricValue_);
    }

    [Fact]
    public async Task GetMetrics_without_a_metric_name_answers_the_trigger_metric()
    {
        var value = Assert.Single((await scaler.GetMetricsAsync(new GetMetricsRequest { ScaledObjectRef = Reference("statefulSet=edge") })).MetricValues);

        Assert.Equal("erlmcp_connections_total", value.MetricName);
        Assert.Equal(5_000, value.MetricValueFloat);
    }

    [Fact]
    public async Task GetMetrics_with_no_fresh_pod_is_NotFound_rather_than_a_zero_that_would_scale_down()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => scaler.GetMetricsAsync(new GetMetricsRequest { ScaledObjectRef = Reference("statefulSet=gone") }).ResponseAsync);

        Assert.Equal(StatusCode.NotFound, error.StatusCode);
        Assert.Equal("no pod of namespace erlmcp, StatefulSet gone has a fresh erlmcp_connections value", error.Status.Detail);
    }

    [Theory]
    [InlineData("", "erlmcp_connections_total", 20_000, 20_000)]
    [InlineData("targetConnectionsPerPod=15000", "erlmcp_connections_total", 15_000, 15_000)]
    [InlineData("targetConnectionsPerPod=17500.5;metricName=erlmcp_connections_per_pod", "erlmcp_connections_per_pod", 17_500.5, 17_501)]
    public async Task GetMetricSpec_returns_the_metric_name_and_the_per_pod_target(string metadata, string metricName, double target, long deprecatedTarget)
    {
        var spec = Assert.Single((await scaler.GetMetricSpecAsync(Reference(metadata))).MetricSpecs);

        Assert.Equal(metricName, spec.MetricName);
        Assert.Equal(target, spec.TargetSizeFloat);
        Assert.Equal(deprecatedTarget, spec.TargetSize);
    }

    [Theory]
    [InlineData("statefulSet=erlmcp", true)]
    [InlineData("statefulSet=erlmcp;activationConnections=62999", true)]
    [InlineData("statefulSet=erlmcp;activationConnections=63000", false)]
    [InlineData("statefulSet=erlmcp;metricName=erlmcp_connections_per_pod;activationConnections=20999.5", true)]
    [InlineData("statefulSet=erlmcp;metricName=erlmcp_connections_per_pod;activationConnections=21000", false)]
    [InlineData("statefulSet=gone", false)]
    public async Task IsActive_while_the_metric_is_above_the_activation_threshold(string metadata, bool active)
    {
        Assert.Equal(active, (await scaler.IsActiveAsync(Reference(metadata))).Result);
    }

    [Fact]
    public async Task StreamIsActive_sends_the_activity_at_once_then_each_change()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var stream = scaler.StreamIsActive(Reference("statefulSet=edge;activationConnections=4000"), cancellationToken: timeout.Token);
        var answers = stream.ResponseStream;

        Assert.True(await answers.MoveNext(timeout.Token));
        Assert.True(answers.Current.Result);

        // Drops below the threshold: pushed on the next check. A check without a change sends nothing.
        server.Store.Record(new PodReference("erlmcp", "edge-0"), new ConnectionObservation(3_000, server.Time.GetUtcNow(), TimeSpan.Zero, "erlang"));
        server.Time.Advance(ConnectionScalerService.StreamCheckInterval);
        Assert.True(await answers.MoveNext(timeout.Token));
        Assert.False(answers.Current.Result);

        server.Time.Advance(ConnectionScalerService.StreamCheckInterval);
        server.Store.Record(new PodReference("erlmcp", "edge-0"), new ConnectionObservation(4_001, server.Time.GetUtcNow(), TimeSpan.Zero, "erlang"));
        server.Time.Advance(ConnectionScalerService.StreamCheckInterval);
        Assert.True(await answers.MoveNext(timeout.Token));
        Assert.True(answers.Current.Result);
    }

    [Theory]
    [InlineData("targetConnectionsPerPod=lots", "scaler metadata targetConnectionsPerPod: \"lots\" is not a number")]
    [InlineData("targetConnectionsPerPod=0", "scaler metadata targetConnectionsPerPod: 0 must be positive")]
    [InlineData("targetConnectionsPerPod=NaN", "scaler metadata targetConnectionsPerPod: \"NaN\" is not a number")]
    [InlineData("activationConnections=-1", "scaler metadata activationConnections: -1 must not be negative")]
    [InlineData("metricName=erlmcp_connections", "scaler metadata metricName: \"erlmcp_connections\" is not erlmcp_connections_total or erlmcp_connections_per_pod")]
    public async Task Bad_metadata_is_InvalidArgument_naming_the_key(string metadata, string message)
    {
        var reference = Reference(metadata);
        foreach (var call in (Func<Task>[])[
            () => scaler.IsActiveAsync(reference).ResponseAsync,
            () => scaler.GetMetricSpecAsync(reference).ResponseAsync,
            () => scaler.GetMetricsAsync(new GetMetricsRequest { ScaledObjectRef = reference }).ResponseAsync])
        {
            var error = await Assert.ThrowsAsync<RpcException>(call);
            Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
            Assert.StartsWith(message, error.Status.Detail, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_malformed_label_selector_is_InvalidArgument_with_the_parser_message()
    {
        var parser = Assert.Throws<Erlmcp.Autoscaler.Core.Labels.LabelSelectorException>(() => Erlmcp.Autoscaler.Core.Labels.LabelSelector.Parse("app in (erlmcp"));

        var error = await Assert.ThrowsAsync<RpcException>(() => scaler.IsActiveAsync(Reference("labelSelector=app in (erlmcp")).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal("scaler metadata labelSelector: " + parser.Message, error.Status.Detail);
    }

    [Fact]
    public async Task GetMetrics_for_another_metric_than_the_trigger_is_InvalidArgument()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => scaler.GetMetricsAsync(
            new GetMetricsRequest { ScaledObjectRef = Reference("statefulSet=erlmcp"), MetricName = "erlmcp_connections_per_pod" }).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal("scaler metadata metricName: the request asks for \"erlmcp_connections_per_pod\" but the trigger serves \"erlmcp_connections_total\"", error.Status.Detail);
    }

    [Fact]
    public async Task A_reference_without_any_namespace_is_InvalidArgument()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => scaler.IsActiveAsync(new ScaledObjectRef { Name = "erlmcp" }).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal("scaler metadata namespace: is required when the ScaledObject reference has no namespace", error.Status.Detail);
    }

    [Fact]
    public async Task The_scaler_is_not_served_on_the_API_port_nor_the_API_on_the_scaler_port()
    {
        using var apiChannel = Channel(server.Port);
        var onApiPort = await Assert.ThrowsAsync<RpcException>(() => new ExternalScaler.ExternalScalerClient(apiChannel).IsActiveAsync(Reference("")).ResponseAsync);
        Assert.Equal(StatusCode.Unimplemented, onApiPort.StatusCode);

        using var client = new HttpClient(server.Handler())
        {
            BaseAddress = new Uri($"https://127.0.0.1:{server.Services.GetRequiredService<KedaListener>().Port}"),
            DefaultRequestVersion = System.Net.HttpVersion.Version20,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        using var response = await client.GetAsync(new Uri("/apis/custom.metrics.k8s.io/v1beta2/namespaces/erlmcp/pods/*/erlmcp_connections", UriKind.Relative));
        Assert.Equal(System.Net.HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("", await response.Content.ReadAsStringAsync());
    }

    private GrpcChannel Channel(int port) =>
        GrpcChannel.ForAddress($"https://127.0.0.1:{port}", new GrpcChannelOptions { HttpHandler = server.Handler(), DisposeHttpClient = true });

    /// <summary>A ScaledObject <c>erlmcp/erlmcp</c> whose trigger metadata is <c>key=value;key=value</c>.</summary>
    private static ScaledObjectRef Reference(string metadata)
    {
        var reference = new ScaledObjectRef { Name = "erlmcp", Namespace = "erlmcp" };
        foreach (var pair in metadata.Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            reference.ScalerMetadata[pair[..equals]] = pair[(equals + 1)..];
        }

        return reference;
    }

    private void Pod(string @namespace, string name, string statefulSet, long connections, int ageSeconds)
    {
        var pod = new PodReference(@namespace, name);
        var ordinal = name[(name.LastIndexOf('-') + 1)..];
        server.Store.DescribePod(pod, new Dictionary<string, string> { ["app"] = statefulSet, ["ordinal"] = ordinal }, statefulSet);
        server.Store.Record(pod, new ConnectionObservation(connections, server.Time.GetUtcNow().AddSeconds(-ageSeconds), TimeSpan.Zero, "erlang"));
    }
}
