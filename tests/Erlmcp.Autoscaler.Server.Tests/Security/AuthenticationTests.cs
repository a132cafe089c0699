using Erlmcp.Autoscaler.Server.Tests.Infrastructure;

namespace Erlmcp.Autoscaler.Server.Tests.Security;

/// <summary>Client certificates against the client CA, over real TLS; authorization modes; the health paths open to probes.</summary>
public sealed class AuthenticationTests
{
    private const string Discovery = "/apis/custom.metrics.k8s.io/v1beta2";
    private const string Unauthorized = """{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"Unauthorized","reason":"Unauthorized","code":401}""";

    [Theory]
    [InlineData("/apis")]
    [InlineData(Discovery)]
    [InlineData("/apis/custom.metrics.k8s.io/v1beta2/namespaces/erlmcp/pods/*/erlmcp_connections")]
    [InlineData("/apis/external.metrics.k8s.io/v1beta1/namespaces/erlmcp/erlmcp_connections_total")]
    [InlineData("/version")]
    [InlineData("/openapi/v2")]
    [InlineData("/no/such/path")]
    public async Task Without_a_client_certificate_every_api_path_is_a_401(string path)
    {
        await using var server = await RunningServer.StartAsync();
        using var anonymous = server.Client();

        var (code, body, _) = await Json.GetAsync(anonymous, path);

        Assert.Equal(401, code);
        Assert.Equal(Json.Exactly(Unauthorized), body);
    }

    [Fact]
    public async Task A_certificate_from_another_authority_is_a_401()
    {
        await using var server = await RunningServer.StartAsync();
        using var mallory = server.Client(server.Certificates.Mallory);

        var (code, body, _) = await Json.GetAsync(mallory, Discovery);

        Assert.Equal(401, code);
        Assert.Equal(Json.Exactly(Unauthorized), body);
    }

    [Fact]
    public async Task A_server_certificate_presented_as_a_client_certificate_is_a_401()
    {
        // Signed by a trusted authority for the wrong purpose: no clientAuth usage.
        await using var server = await RunningServer.StartAsync();
        using var impostor = server.Client(TestCertificates.CreateServing(server.Certificates.ClientAuthority, "CN=impostor"));

        Assert.Equal(401, (await Json.GetAsync(impostor, Discovery)).Code);
    }

    [Fact]
    public async Task A_certificate_from_the_client_authority_is_served_on_every_request_of_its_connection()
    {
        await using var server = await RunningServer.StartAsync();
        using var alice = server.AliceClient();

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(200, (await Json.GetAsync(alice, Discovery)).Code);
        }
    }

    [Theory]
    [InlineData("/healthz")]
    [InlineData("/livez")]
    [InlineData("/readyz")]
    public async Task Health_paths_answer_ok_to_anyone(string path)
    {
        await using var server = await RunningServer.StartAsync(_ => new Dictionary<string, string?> { ["MetricsApi:AuthorizationMode"] = "AlwaysDeny" });
        using var anonymous = server.Client();

        var (code, body, contentType) = await Json.GetAsync(anonymous, path);

        Assert.Equal(200, code);
        Assert.Equal("ok", body);
        Assert.Equal("text/plain; charset=utf-8", contentType);
    }

    [Theory]
    [InlineData("/apis/custom.metrics.k8s.io/v1beta2/namespaces/erlmcp/pods/*/erlmcp_connections",
        """pods.custom.metrics.k8s.io \"*\" is forbidden: User \"alice\" cannot get resource \"pods/erlmcp_connections\" in API group \"custom.metrics.k8s.io\" in the namespace \"erlmcp\": Everything is forbidden.""",
        """{"name":"*","group":"custom.metrics.k8s.io","kind":"pods"}""")]
    [InlineData("/apis/external.metrics.k8s.io/v1beta1/namespaces/erlmcp/erlmcp_connections_total",
        """erlmcp_connections_total.external.metrics.k8s.io is forbidden: User \"alice\" cannot list resource \"erlmcp_connections_total\" in API group \"external.metrics.k8s.io\" in the namespace \"erlmcp\": Everything is forbidden.""",
        """{"group":"external.metrics.k8s.io","kind":"erlmcp_connections_total"}""")]
    [InlineData("/apis/custom.metrics.k8s.io/v1beta1/namespaces/erlmcp/metrics/erlmcp_connections",
        """metrics.custom.metrics.k8s.io \"erlmcp_connections\" is forbidden: User \"alice\" cannot get resource \"metrics\" in API group \"custom.metrics.k8s.io\" in the namespace \"erlmcp\": Everything is forbidden.""",
        """{"name":"erlmcp_connections","group":"custom.metrics.k8s.io","kind":"metrics"}""")]
    [InlineData("/apis",
        """forbidden: User \"alice\" cannot get path \"/apis\": Everything is forbidden.""",
        "{}")]
    public async Task AlwaysDeny_forbids_with_kube_apiservers_message(string path, string message, string details)
    {
        await using var server = await RunningServer.StartAsync(_ => new Dictionary<string, string?> { ["MetricsApi:AuthorizationMode"] = "AlwaysDeny" });
        using var alice = server.AliceClient();

        var (code, body, _) = await Json.GetAsync(alice, path);

        Assert.Equal(403, code);
        Assert.Equal(Json.Exactly($$"""{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"{{message}}","reason":"Forbidden","details":{{details}},"code":403}"""), body);
    }

    [Fact]
    public async Task Without_a_client_CA_every_request_is_anonymous_and_authorized_as_such()
    {
        await using var allowing = await RunningServer.StartAsync(_ => new Dictionary<string, string?> { ["MetricsApi:ClientCaFile"] = null });
        await using var denying = await RunningServer.StartAsync(_ => new Dictionary<string, string?> { ["MetricsApi:ClientCaFile"] = null, ["MetricsApi:AuthorizationMode"] = "AlwaysDeny" });
        using var anonymous = allowing.Client();
        using var deniedAnonymous = denying.Client();

        Assert.Equal(200, (await Json.GetAsync(anonymous, Discovery)).Code);
        var denied = await Json.GetAsync(deniedAnonymous, "/version");
        Assert.Equal(403, denied.Code);
        Assert.Contains(""""forbidden: User \"system:anonymous\" cannot get path \"/version\"""", denied.Body, StringComparison.Ordinal);
    }
}
