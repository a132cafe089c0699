using Erlmcp.Autoscaler.Core.Connections;
using Erlmcp.Autoscaler.Server.Tests.Infrastructure;

namespace Erlmcp.Autoscaler.Server.Tests.Kubectl;

/// <summary>
/// kubectl as a real client over TLS with a client certificate: <c>get --raw</c> on every endpoint answers exactly
/// what an HttpClient gets, errors come back as kubectl's "Error from server" lines, and discovery works.
/// </summary>
public sealed class KubectlTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Observed = RunningServer.Now.AddSeconds(-1);

    private RunningServer server = null!;
    private Infrastructure.Kubectl kubectl = null!;

    public async Task InitializeAsync()
    {
        server = await RunningServer.StartAsync();
        kubectl = new Infrastructure.Kubectl(server);
        for (var ordinal = 0; ordinal < 3; ordinal++)
        {
            var pod = new PodReference("erlmcp", $"erlmcp-{ordinal}");
            server.Store.DescribePod(pod, new Dictionary<string, string> { ["app"] = "erlmcp" }, "erlmcp");
            server.Store.Record(pod, new ConnectionObservation(19_000 + (1000 * ordinal), Observed, TimeSpan.Zero, "erlang"));
        }
    }

    public async Task DisposeAsync() => await server.DisposeAsync();

    [Fact]
    public async Task Get_raw_reads_the_pods_metric_exactly()
    {
        var (exit, output, error) = await kubectl.RunAsync("get", "--raw", "/apis/custom.metrics.k8s.io/v1beta2/namespaces/erlmcp/pods/*/erlmcp_connections?labelSelector=app%3Derlmcp");

        Assert.True(exit == 0, error);
        Assert.Equal(Json.Exactly("""
            {"kind":"MetricValueList","apiVersion":"custom.metrics.k8s.io/v1beta2","metadata":{},"items":[
              {"describedObject":{"kind":"Pod","namespace":"erlmcp","name":"erlmcp-0","apiVersion":"v1"},"metric":{"name":"erlmcp_connections","selector":null},"timestamp":"2025-06-01T11:59:59Z","windowSeconds":0,"value":"19k"},
              {"describedObject":{"kind":"Pod","namespace":"erlmcp","name":"erlmcp-1","apiVersion":"v1"},"metric":{"name":"erlmcp_connections","selector":null},"timestamp":"2025-06-01T11:59:59Z","windowSeconds":0,"value":"20k"},
              {"describedObject":{"kind":"Pod","namespace":"erlmcp","name":"erlmcp-2","apiVersion":"v1"},"metric":{"name":"erlmcp_connections","selector":null},"timestamp":"2025-06-01T11:59:59Z","windowSeconds":0,"value":"21k"}]}
            """), output);
    }

    [Fact]
    public async Task Get_raw_reads_the_external_total_exactly()
    {
        var (exit, output, error) = await kubectl.RunAsync("get", "--raw", "/apis/external.metrics.k8s.io/v1beta1/namespaces/erlmcp/erlmcp_connections_total");

        Assert.True(exit == 0, error);
        Assert.Equal(Json.Exactly("""
            {"kind":"ExternalMetricValueList","apiVersion":"external.metrics.k8s.io/v1beta1","metadata":{},"items":[
              {"metricName":"erlmcp_connections_total","metricLabels":{},"timestamp":"2025-06-01T11:59:59Z","window":0,"value":"60k"}]}
            """), output);
    }

    [Theory]
    [InlineData("/apis")]
    [InlineData("/apis/custom.metrics.k8s.io")]
    [InlineData("/apis/custom.metrics.k8s.io/v1beta2")]
    [InlineData("/apis/custom.metrics.k8s.io/v1beta1")]
    [InlineData("/apis/external.metrics.k8s.io")]
    [InlineData("/apis/external.metrics.k8s.io/v1beta1")]
    [InlineData("/apis/custom.metrics.k8s.io/v1beta1/namespaces/erlmcp/statefulsets.apps/erlmcp/erlmcp_connections")]
    [InlineData("/apis/custom.metrics.k8s.io/v1beta2/namespaces/erlmcp/metrics/erlmcp_connections")]
    [InlineData("/apis/custom.metrics.k8s.io/v1beta2/namespaces/erlmcp/pods/erlmcp-1/erlmcp_connections")]
    [InlineData("/apis/external.metrics.k8s.io/v1beta1/namespaces/erlmcp/erlmcp_connections_headroom")]
    [InlineData("/openapi/v2")]
    [InlineData("/openapi/v3")]
    [InlineData("/version")]
    public async Task Get_raw_answers_every_endpoint_as_an_http_client_gets_it(string path)
    {
        using var client = server.AliceClient();
        var (code, expected, _) = await Json.GetAsync(client, path);

        var (exit, output, error) = await kubectl.RunAsync("get", "--raw", path);

        Assert.Equal(200, code);
        Assert.True(exit == 0, error);
        Assert.Equal(expected, output);
    }

    [Theory]
    [InlineData("/healthz")]
    [InlineData("/livez")]
    [InlineData("/readyz")]
    public async Task Get_raw_reads_the_health_endpoints(string path)
    {
        var (exit, output, error) = await kubectl.RunAsync("get", "--raw", path);

        Assert.True(exit == 0, error);
        Assert.Equal("ok", output);
    }

    [Theory]
    [InlineData("/apis/custom.metrics.k8s.io/v1beta2/namespaces/erlmcp/pods/*/erlmcp_requests", "Error from server (NotFound): the server could not find the metric erlmcp_requests for pods")]
    [InlineData("/apis/custom.metrics.k8s.io/v1alpha1", "Error from server (NotFound): the server could not find the requested resource")]
    [InlineData("/apis/custom.metrics.k8s.io/v1beta2/namespaces/erlmcp/pods/*/erlmcp_connections?labelSelector=app%3D(", "Error from server (BadRequest): labelSelector: invalid label selector \"app=(\" at position 4: unable to parse requirement: found '(', expected: identifier")]
    public async Task Get_raw_reports_a_Status_as_kubectl_does(string path, string message)
    {
        var (exit, output, error) = await kubectl.RunAsync("get", "--raw", path);

        Assert.Equal(1, exit);
        Assert.Equal("", output);
        Assert.Equal(message + "\n", error);
    }

    [Fact]
    public async Task A_client_certificate_from_another_authority_is_unauthorized_for_kubectl_too()
    {
        var certificates = server.Certificates;
        File.Copy(certificates.MalloryCertFile, certificates.AliceCertFile, overwrite: true);
        File.Copy(certificates.MalloryKeyFile, certificates.AliceKeyFile, overwrite: true);

        var (exit, _, error) = await kubectl.RunAsync("get", "--raw", "/apis");

        Assert.Equal(1, exit);
        Assert.Equal("error: You must be logged in to the server (Unauthorized)\n", error);
    }

    [Fact]
    public async Task Api_versions_discovers_every_group_version()
    {
        var (exit, output, error) = await kubectl.RunAsync("api-versions");

        Assert.True(exit == 0, error);
        Assert.Equal("custom.metrics.k8s.io/v1beta1\ncustom.metrics.k8s.io/v1beta2\nexternal.metrics.k8s.io/v1beta1\n", output);
    }

    [Fact]
    public async Task Api_resources_lists_the_external_metrics()
    {
        var (exit, output, error) = await kubectl.RunAsync("api-resources", "--api-group=external.metrics.k8s.io");

        Assert.True(exit == 0, error);
        Assert.Equal(
            """
            NAME                          SHORTNAMES   APIVERSION                        NAMESPACED   KIND
            erlmcp_connections_headroom                external.metrics.k8s.io/v1beta1   true         ExternalMetricValueList
            erlmcp_connections_total                   external.metrics.k8s.io/v1beta1   true         ExternalMetricValueList

            """,
            output);
    }

    [Fact]
    public async Task Api_resources_reads_the_custom_metrics_group_and_lists_no_subresources()
    {
        // Every custom metric is a subresource (pods/erlmcp_connections), which kubectl api-resources leaves out,
        // as it does for prometheus-adapter: the group's discovery is read without error and lists nothing.
        var (exit, output, error) = await kubectl.RunAsync("api-resources", "--api-group=custom.metrics.k8s.io", "-o", "wide");

        Assert.True(exit == 0, error);
        Assert.Equal("", error);
        Assert.Equal("NAME   SHORTNAMES   APIVERSION   NAMESPACED   KIND   VERBS   CATEGORIES\n", output);
    }
}
