using Erlmcp.Autoscaler.Core.Connections;
using Erlmcp.Autoscaler.Server.Tests.Infrastructure;

namespace Erlmcp.Autoscaler.Server.Tests.Api;

/// <summary>Every failure is a metav1.Status with kube-apiserver's code and reason, and a message that says what is wrong.</summary>
public sealed class ErrorResponseTests : IAsyncLifetime
{
    private RunningServer server = null!;
    private HttpClient client = null!;

    public async Task InitializeAsync()
    {
        server = await RunningServer.StartAsync();
        client = server.AliceClient();
        var pod = new PodReference("erlmcp", "erlmcp-0");
        server.Store.DescribePod(pod, new Dictionary<string, string> { ["app"] = "erlmcp" }, "erlmcp");
        server.Store.Record(pod, new ConnectionObservation(100, RunningServer.Now, TimeSpan.Zero, "erlang"));
    }

    public async Task DisposeAsync()
    {
        client.Dispose();
        await server.DisposeAsync();
    }

    private const string GenericNotFound =
        """{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"the server could not find the requested resource","reason":"NotFound","details":{},"code":404}""";

    [Theory]
    [InlineData("/apis/custom.metrics.k8s.io/v1beta2/namespaces/erlmcp/pods/*/erlmcp_requests", "the server could not find the metric erlmcp_requests for pods")]
    [InlineData("/apis/custom.metrics.k8s.io/v1beta2/namespaces/erlmcp/deployments.apps/web/erlmcp_connections", "the server could not find the metric erlmcp_connections for deployments.apps")]
    [InlineData("/apis/custom.metrics.k8s.io/v1beta1/nodes/*/erlmcp_connections", "the server could not find the metric erlmcp_connections for nodes")]
    [InlineData("/apis/custom.metrics.k8s.io/v1beta2/pods/*/erlmcp_connections", "the server could not find the metric erlmcp_connections for pods")]
    [InlineData("/apis/custom.metrics.k8s.io/v1beta2/namespaces/erlmcp/pods/*/erlmcp_connections?labelSelector=app%3Dweb",
        "the server could not find the metric erlmcp_connections for pods: no pod in namespace erlmcp matching app=web has a value observed in the last 30s")]
    [InlineData("/apis/custom.metrics.k8s.io/v1beta2/namespaces/other/pods/*/erlmcp_connections",
        "the server could not find the metric erlmcp_connections for pods: no pod in namespace other has a value observed in the last 30s")]
    [InlineData("/apis/custom.metrics.k8s.io/v1beta2/namespaces/erlmcp/pods/erlmcp-9/erlmcp_connections",
        "the server could not find the metric erlmcp_connections for pods erlmcp-9: pod erlmcp/erlmcp-9 has no value observed in the last 30s")]
    [InlineData("/apis/custom.metrics.k8s.io/v1beta2/namespaces/erlmcp/pods/erlmcp-0/erlmcp_connections?metricLabelSelector=source%3Dprometheus",
        "the server could not find the metric erlmcp_connections for pods erlmcp-0: pod erlmcp/erlmcp-0 has no value with metric labels matching source=prometheus observed in the last 30s")]
    [InlineData("/apis/custom.metrics.k8s.io/v1beta2/namespaces/erlmcp/statefulsets.apps/other/erlmcp_connections",
        "the server could not find the metric erlmcp_connections for statefulsets.apps other: no pod of StatefulSet erlmcp/other has a value observed in the last 30s")]
    [InlineData("/apis/custom.metrics.k8s.io/v1beta2/namespaces/empty/metrics/erlmcp_connections",
        "the server could not find the metric erlmcp_connections for namespaces empty: no pod of namespace empty has a value observed in the last 30s")]
    [InlineData("/apis/external.metrics.k8s.io/v1beta1/namespaces/erlmcp/erlmcp_sessions", "the server could not find the external metric erlmcp_sessions")]
    [InlineData("/apis/external.metrics.k8s.io/v1beta1/namespaces/erlmcp/erlmcp_connections_total?labelSelector=!app",
        "the server could not find the external metric erlmcp_connections_total: no pod in namespace erlmcp matching !app has a value observed in the last 30s")]
    public async Task A_metric_without_values_is_a_404_never_an_empty_list(string path, string message)
    {
        var (code, body, contentType) = await Json.GetAsync(client, path);

        Assert.Equal(404, code);
        Assert.Equal("application/json", contentType);
        Assert.Equal(Json.Exactly($$"""{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"{{message}}","reason":"NotFound","code":404}"""), body);
    }

    [Theory]
    [InlineData("/apis/custom.metrics.k8s.io/v1alpha1/namespaces/erlmcp/pods/*/erlmcp_connections")]
    [InlineData("/apis/external.metrics.k8s.io/v1beta2/namespaces/erlmcp/erlmcp_connections_total")]
    [InlineData("/apis/metrics.k8s.io/v1beta1/namespaces/erlmcp/pods")]
    [InlineData("/apis/custom.metrics.k8s.io/v1beta3")]
    [InlineData("/apis/custom.metrics.k8s.io/v1beta2/namespaces/erlmcp")]
    [InlineData("/api")]
    [InlineData("/api/v1/namespaces")]
    [InlineData("/")]
    [InlineData("/index.html")]
    public async Task An_unknown_group_version_or_path_is_the_generic_404(string path)
    {
        var (code, body, _) = await Json.GetAsync(client, path);

        Assert.Equal(404, code);
        Assert.Equal(Json.Exactly(GenericNotFound), body);
    }

    [Theory]
    [InlineData("labelSelector=app%3D(", "labelSelector", "invalid label selector \\\"app=(\\\" at position 4: unable to parse requirement: found '(', expected: identifier")]
    [InlineData("labelSelector=app%20in%20(a", "labelSelector", "invalid label selector \\\"app in (a\\\" at position 9: unable to parse requirement: found '', expected: ',' or ')'")]
    [InlineData("labelSelector=-bad%3Dx", "labelSelector", "invalid label selector \\\"-bad=x\\\" at position 0: unable to parse requirement: key: Invalid value: \\\"-bad\\\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')")]
    [InlineData("metricLabelSelector=source%20notin", "metricLabelSelector", "invalid label selector \\\"source notin\\\" at position 12: unable to parse requirement: found '' expected: '('")]
    [InlineData("labelSelector=a&labelSelector=b", "labelSelector", "given 2 times; give it once")]
    [InlineData("metricLabelSelector=shard%3E3", "metricLabelSelector", "\\\"shard>3\\\": the requirement \\\"shard>3\\\" compares numbers, which a metav1.LabelSelector cannot express")]
    public async Task A_malformed_selector_is_a_400_naming_the_parameter_and_the_problem(string query, string parameter, string problem)
    {
        var (code, body, _) = await Json.GetAsync(client, "/apis/custom.metrics.k8s.io/v1beta2/namespaces/erlmcp/pods/*/erlmcp_connections?" + query);

        Assert.Equal(400, code);
        Assert.Equal(
            Json.Exactly($$"""
                {"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"{{parameter}}: {{problem}}","reason":"BadRequest",
                 "details":{"causes":[{"reason":"FieldValueInvalid","message":"{{problem}}","field":"{{parameter}}"}]},"code":400}
                """),
            body);
    }

    [Fact]
    public async Task The_external_metrics_selector_is_checked_too()
    {
        var (code, body, _) = await Json.GetAsync(client, "/apis/external.metrics.k8s.io/v1beta1/namespaces/erlmcp/erlmcp_connections_total?labelSelector=%3Dx");

        Assert.Equal(400, code);
        Assert.Contains("\"message\":\"labelSelector: invalid label selector \\\"=x\\\" at position 0: ", body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("POST", "/apis/custom.metrics.k8s.io/v1beta2/namespaces/erlmcp/pods/*/erlmcp_connections")]
    [InlineData("DELETE", "/apis/custom.metrics.k8s.io/v1beta2/namespaces/erlmcp/pods/erlmcp-0/erlmcp_connections")]
    [InlineData("PUT", "/apis")]
    [InlineData("PATCH", "/apis/external.metrics.k8s.io/v1beta1/namespaces/erlmcp/erlmcp_connections_total")]
    public async Task Another_method_than_GET_is_a_405(string method, string path)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(path, UriKind.Relative)) { Content = new StringContent("{}") };
        using var response = await client.SendAsync(request);

        Assert.Equal(405, (int)response.StatusCode);
        Assert.Equal(["GET"], response.Content.Headers.Allow);
        Assert.Equal(
            Json.Exactly("""{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"the server does not allow this method on the requested resource","reason":"MethodNotAllowed","details":{},"code":405}"""),
            await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task An_absurdly_long_path_or_query_is_a_414_and_the_server_stays_up()
    {
        var longPath = await Json.GetAsync(client, "/apis/custom.metrics.k8s.io/v1beta2/namespaces/" + new string('n', 3000) + "/pods/*/erlmcp_connections");
        var query = "?labelSelector=app%20in%20(" + string.Join(',', Enumerable.Range(0, 3000).Select(i => $"v{i}")) + ")";
        var longQueryLength = query.Length;
        var longQuery = await Json.GetAsync(client, "/apis/custom.metrics.k8s.io/v1beta2/namespaces/erlmcp/pods/*/erlmcp_connections" + query);
        // Over HTTP/1.1: an HTTP/2 client refuses by itself to send headers beyond the server's advertised limit.
        using var beyondKestrelRequest = new HttpRequestMessage(HttpMethod.Get, new Uri("/apis?x=" + new string('x', 40_000), UriKind.Relative))
        {
            Version = System.Net.HttpVersion.Version11,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        using var beyondKestrel = await client.SendAsync(beyondKestrelRequest);
        var after = await Json.GetAsync(client, "/apis/custom.metrics.k8s.io/v1beta2/namespaces/erlmcp/pods/*/erlmcp_connections");

        Assert.Equal(414, longPath.Code);
        Assert.Equal(
            Json.Exactly("""{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"the request path is 3073 characters long; the limit is 2048","reason":"RequestURITooLong","details":{},"code":414}"""),
            longPath.Body);
        Assert.Equal(414, longQuery.Code);
        Assert.Equal(
            Json.Exactly($$"""{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"the request query is {{longQueryLength}} characters long; the limit is 16384","reason":"RequestURITooLong","details":{},"code":414}"""),
            longQuery.Body);
        Assert.True((int)beyondKestrel.StatusCode is 414 or 431, $"Kestrel answered {(int)beyondKestrel.StatusCode}");
        Assert.Equal(200, after.Code);
    }
}
