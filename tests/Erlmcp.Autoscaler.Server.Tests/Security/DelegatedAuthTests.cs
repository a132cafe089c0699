using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Erlmcp.Autoscaler.Core.Connections;
using Erlmcp.Autoscaler.Server.Tests.Infrastructure;

namespace Erlmcp.Autoscaler.Server.Tests.Security;

/// <summary>
/// Delegated authentication and authorization over real TLS, the cluster played by a fake API server answering with
/// the upstream fixtures: the front proxy's X-Remote-* headers believed only from its certificate, client certificates,
/// bearer tokens through TokenReview, every request authorized through a SubjectAccessReview whose exact body is checked.
/// </summary>
public sealed class DelegatedAuthTests : IAsyncLifetime
{
    private const string PodsMetric = "/apis/custom.metrics.k8s.io/v1beta2/namespaces/erlmcp/pods/*/erlmcp_connections";
    private const string Unauthorized = """{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"Unauthorized","reason":"Unauthorized","code":401}""";

    private FakeCluster cluster = null!;
    private RunningServer server = null!;

    public async Task InitializeAsync()
    {
        cluster = await FakeCluster.StartAsync();
        server = await StartServerAsync(cluster);
    }

    public async Task DisposeAsync()
    {
        await server.DisposeAsync();
        await cluster.DisposeAsync();
    }

    /// <summary>Delegated mode with the client CA and the request-header CA from files (so no ConfigMap is read), one allowed proxy name.</summary>
    internal static async Task<RunningServer> StartServerAsync(FakeCluster cluster, IReadOnlyDictionary<string, string?>? extra = null)
    {
        var started = await RunningServer.StartAsync(
            certificates => new Dictionary<string, string?>(extra ?? new Dictionary<string, string?>())
            {
                ["MetricsApi:AuthorizationMode"] = "Delegated",
                ["DelegatedAuth:RequestHeaderClientCaFile"] = certificates.FrontProxyAuthorityFile,
                ["DelegatedAuth:RequestHeaderAllowedNames:0"] = TestCertificates.FrontProxyName,
            },
            cluster.Api.Client);
        for (var ordinal = 0; ordinal < 2; ordinal++)
        {
            var pod = new PodReference("erlmcp", $"erlmcp-{ordinal}");
            started.Store.DescribePod(pod, new Dictionary<string, string> { ["app"] = "erlmcp" }, "erlmcp");
            started.Store.Record(pod, new ConnectionObservation(20_000, RunningServer.Now.AddSeconds(-1), TimeSpan.Zero, "erlang"));
        }

        return started;
    }

    [Theory]
    [InlineData("/apis")]
    [InlineData(PodsMetric)]
    [InlineData("/apis/external.metrics.k8s.io/v1beta1/namespaces/erlmcp/erlmcp_connections_total")]
    [InlineData("/openapi/v2")]
    [InlineData("/version")]
    public async Task Without_credentials_every_path_is_a_401_and_nothing_is_asked_of_the_cluster(string path)
    {
        using var anonymous = server.Client();

        var (code, body) = await GetAsync(anonymous, path);

        Assert.Equal(401, code);
        Assert.Equal(Json.Exactly(Unauthorized), body);
        Assert.Empty(cluster.Api.Requests);
    }

    [Fact]
    public async Task A_certificate_from_another_authority_is_a_401_even_with_front_proxy_headers()
    {
        using var mallory = server.Client(server.Certificates.Mallory);

        var (code, body) = await GetAsync(mallory, PodsMetric, ("X-Remote-User", "admin"), ("X-Remote-Group", "system:masters"));

        Assert.Equal(401, code);
        Assert.Equal(Json.Exactly(Unauthorized), body);
        Assert.Empty(cluster.Api.Requests);
    }

    [Fact]
    public async Task A_front_proxy_certificate_whose_name_is_not_allowed_does_not_make_its_headers_a_user()
    {
        using var unlisted = server.Client(server.Certificates.UnlistedProxy);

        var (code, body) = await GetAsync(unlisted, PodsMetric, ("X-Remote-User", "admin"), ("X-Remote-Group", "system:masters"));

        Assert.Equal(401, code);
        Assert.Equal(Json.Exactly(Unauthorized), body);
        Assert.Empty(cluster.SubjectAccessReviews);
    }

    [Fact]
    public async Task The_front_proxys_user_groups_and_extra_go_into_the_SubjectAccessReview()
    {
        using var proxy = server.Client(server.Certificates.FrontProxy);

        var (code, _) = await GetAsync(
            proxy,
            PodsMetric,
            ("X-Remote-User", "system:serviceaccount:kube-system:horizontal-pod-autoscaler"),
            ("X-Remote-Group", "system:serviceaccounts"),
            ("X-Remote-Extra-Authentication.kubernetes.io%2fpod-name", "kube-controller-manager-0"));

        Assert.Equal(200, code);
        AssertJson(
            """
            {"apiVersion":"authorization.k8s.io/v1","kind":"SubjectAccessReview","spec":{
              "extra":{"authentication.kubernetes.io/pod-name":["kube-controller-manager-0"]},
              "groups":["system:serviceaccounts","system:authenticated"],
              "resourceAttributes":{"group":"custom.metrics.k8s.io","name":"*","namespace":"erlmcp","resource":"pods","subresource":"erlmcp_connections","verb":"get","version":"v1beta2"},
              "user":"system:serviceaccount:kube-system:horizontal-pod-autoscaler"}}
            """,
            cluster.SubjectAccessReviews.Single());
    }

    [Fact]
    public async Task A_denied_SubjectAccessReview_is_a_403_with_kube_apiservers_message()
    {
        cluster.Decide = _ => (false, false, "no RBAC policy matched");
        using var proxy = server.Client(server.Certificates.FrontProxy);

        var (code, body) = await GetAsync(proxy, PodsMetric, ("X-Remote-User", "jane"));

        Assert.Equal(403, code);
        Assert.Equal(
            Json.Exactly("""
                {"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure",
                 "message":"pods.custom.metrics.k8s.io \"*\" is forbidden: User \"jane\" cannot get resource \"pods/erlmcp_connections\" in API group \"custom.metrics.k8s.io\" in the namespace \"erlmcp\": no RBAC policy matched",
                 "reason":"Forbidden","details":{"name":"*","group":"custom.metrics.k8s.io","kind":"pods"},"code":403}
                """),
            body);
    }

    [Fact]
    public async Task A_discovery_path_is_reviewed_as_a_non_resource_request()
    {
        using var alice = server.AliceClient();

        var (code, _) = await GetAsync(alice, "/apis/custom.metrics.k8s.io/v1beta2");

        Assert.Equal(200, code);
        AssertJson(
            """
            {"apiVersion":"authorization.k8s.io/v1","kind":"SubjectAccessReview","spec":{
              "groups":["dev","erlmcp-operators","system:authenticated"],
              "nonResourceAttributes":{"path":"/apis/custom.metrics.k8s.io/v1beta2","verb":"get"},
              "user":"alice"}}
            """,
            cluster.SubjectAccessReviews.Single());
    }

    [Fact]
    public async Task Front_proxy_headers_on_a_direct_client_certificate_request_are_ignored()
    {
        using var alice = server.AliceClient();

        var (code, _) = await GetAsync(alice, PodsMetric, ("X-Remote-User", "admin"), ("X-Remote-Group", "system:masters"), ("X-Remote-Extra-Scopes", "all"));

        Assert.Equal(200, code);
        var spec = cluster.SubjectAccessReviews.Single()["spec"]!;
        Assert.Equal("alice", spec["user"]!.GetValue<string>());
        Assert.Equal(["dev", "erlmcp-operators", "system:authenticated"], spec["groups"]!.AsArray().Select(group => group!.GetValue<string>()));
        Assert.Null(spec["extra"]);
    }

    [Fact]
    public async Task A_member_of_system_masters_is_allowed_without_a_review()
    {
        cluster.Decide = _ => (false, true, "would deny");
        using var proxy = server.Client(server.Certificates.FrontProxy);

        var (code, _) = await GetAsync(proxy, PodsMetric, ("X-Remote-User", "kubernetes-admin"), ("X-Remote-Group", "system:masters"));

        Assert.Equal(200, code);
        Assert.Empty(cluster.SubjectAccessReviews);
    }

    [Fact]
    public async Task A_bearer_token_the_TokenReview_accepts_is_that_user()
    {
        cluster.AcceptToken("hpa-token", new JsonObject
        {
            ["username"] = "system:serviceaccount:kube-system:horizontal-pod-autoscaler",
            ["uid"] = "9d7b0a3e-0001",
            ["groups"] = new JsonArray("system:serviceaccounts", "system:serviceaccounts:kube-system"),
            ["extra"] = new JsonObject { ["authentication.kubernetes.io/pod-uid"] = new JsonArray("4c1f") },
        });
        using var client = server.Client();

        var (code, _) = await GetAsync(client, PodsMetric, ("Authorization", "Bearer hpa-token"));

        Assert.Equal(200, code);
        AssertJson("""{"apiVersion":"authentication.k8s.io/v1","kind":"TokenReview","spec":{"token":"hpa-token"}}""", cluster.TokenReviews.Single());
        AssertJson(
            """
            {"apiVersion":"authorization.k8s.io/v1","kind":"SubjectAccessReview","spec":{
              "extra":{"authentication.kubernetes.io/pod-uid":["4c1f"]},
              "groups":["system:serviceaccounts","system:serviceaccounts:kube-system","system:authenticated"],
              "resourceAttributes":{"group":"custom.metrics.k8s.io","name":"*","namespace":"erlmcp","resource":"pods","subresource":"erlmcp_connections","verb":"get","version":"v1beta2"},
              "uid":"9d7b0a3e-0001",
              "user":"system:serviceaccount:kube-system:horizontal-pod-autoscaler"}}
            """,
            cluster.SubjectAccessReviews.Single());
    }

    [Fact]
    public async Task A_bearer_token_the_TokenReview_rejects_is_a_401()
    {
        cluster.RejectToken("expired-token", "token has expired");
        using var client = server.Client();

        var (code, body) = await GetAsync(client, PodsMetric, ("Authorization", "Bearer expired-token"));

        Assert.Equal(401, code);
        Assert.Equal(Json.Exactly(Unauthorized), body);
        Assert.Single(cluster.TokenReviews);
        Assert.Empty(cluster.SubjectAccessReviews);
    }

    [Fact]
    public async Task Reviews_are_kept_briefly_two_requests_make_one_review_of_each_kind_until_the_ttl_passes()
    {
        cluster.AcceptToken("hpa-token", new JsonObject { ["username"] = "hpa" });
        using var client = server.Client();

        Assert.Equal(200, (await GetAsync(client, PodsMetric, ("Authorization", "Bearer hpa-token"))).Code);
        Assert.Equal(200, (await GetAsync(client, PodsMetric, ("Authorization", "Bearer hpa-token"))).Code);
        Assert.Single(cluster.TokenReviews);
        Assert.Single(cluster.SubjectAccessReviews);

        server.Time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(200, (await GetAsync(client, PodsMetric, ("Authorization", "Bearer hpa-token"))).Code);
        Assert.Equal(2, cluster.TokenReviews.Count);
        Assert.Equal(2, cluster.SubjectAccessReviews.Count);
    }

    [Fact]
    public async Task A_rejected_token_and_a_denial_are_kept_too()
    {
        cluster.RejectToken("bad-token", "invalid");
        cluster.Decide = _ => (false, false, "");
        using var client = server.Client();
        using var alice = server.AliceClient();

        Assert.Equal(401, (await GetAsync(client, PodsMetric, ("Authorization", "Bearer bad-token"))).Code);
        Assert.Equal(401, (await GetAsync(client, PodsMetric, ("Authorization", "Bearer bad-token"))).Code);
        Assert.Equal(403, (await GetAsync(alice, PodsMetric)).Code);
        Assert.Equal(403, (await GetAsync(alice, PodsMetric)).Code);

        Assert.Single(cluster.TokenReviews);
        Assert.Single(cluster.SubjectAccessReviews);
    }

    [Fact]
    public async Task When_the_SubjectAccessReview_cannot_be_made_the_request_is_a_500_InternalError()
    {
        cluster.Api.OnJson("POST", FakeCluster.SubjectAccessReviewPath, FakeApiServer.StatusJson(503, "ServiceUnavailable", "etcd is down"), 503);
        using var alice = server.AliceClient();

        var (code, body) = await GetAsync(alice, PodsMetric);

        Assert.Equal(500, code);
        var status = JsonNode.Parse(body)!;
        Assert.Equal("InternalError", status["reason"]!.GetValue<string>());
        Assert.StartsWith(
            $"Internal Server Error: \"{PodsMetric}\": SubjectAccessReview: the API server answered 503: ",
            status["message"]!.GetValue<string>(),
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failed_authorization_is_not_kept()
    {
        cluster.Api.OnJson("POST", FakeCluster.SubjectAccessReviewPath, FakeApiServer.StatusJson(503, "ServiceUnavailable", "etcd is down"), 503);
        using var alice = server.AliceClient();
        Assert.Equal(500, (await GetAsync(alice, PodsMetric)).Code);

        cluster.Api.On("POST", FakeCluster.SubjectAccessReviewPath, context => FakeApiServer.WriteJsonAsync(
            context, """{"kind":"SubjectAccessReview","apiVersion":"authorization.k8s.io/v1","status":{"allowed":true}}""", 201));

        Assert.Equal(200, (await GetAsync(alice, PodsMetric)).Code);
    }

    [Fact]
    public async Task When_the_TokenReview_cannot_be_made_the_request_is_a_401()
    {
        cluster.Api.OnJson("POST", FakeCluster.TokenReviewPath, FakeApiServer.StatusJson(403, "Forbidden", "cannot create tokenreviews"), 403);
        using var client = server.Client();

        var (code, body) = await GetAsync(client, PodsMetric, ("Authorization", "Bearer some-token"));

        Assert.Equal(401, code);
        Assert.Equal(Json.Exactly(Unauthorized), body);
    }

    [Fact]
    public async Task A_review_answering_both_allowed_and_denied_is_an_error()
    {
        cluster.Decide = _ => (true, true, "confused");
        using var alice = server.AliceClient();

        var (code, body) = await GetAsync(alice, PodsMetric);

        Assert.Equal(500, code);
        Assert.Contains("SubjectAccessReview: the answer both allows and denies", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Token_audiences_are_asked_for_and_a_token_for_another_audience_is_a_401()
    {
        await using var withAudiences = await StartServerAsync(cluster, new Dictionary<string, string?> { ["DelegatedAuth:TokenAudiences:0"] = "erlmcp-autoscaler" });
        cluster.AcceptToken("for-us", new JsonObject { ["username"] = "hpa" }, "erlmcp-autoscaler");
        cluster.AcceptToken("for-others", new JsonObject { ["username"] = "hpa" }, "https://kubernetes.default.svc");
        using var client = withAudiences.Client();

        Assert.Equal(200, (await GetAsync(client, PodsMetric, ("Authorization", "Bearer for-us"))).Code);
        Assert.Equal(401, (await GetAsync(client, PodsMetric, ("Authorization", "Bearer for-others"))).Code);
        AssertJson("""{"apiVersion":"authentication.k8s.io/v1","kind":"TokenReview","spec":{"audiences":["erlmcp-autoscaler"],"token":"for-us"}}""", cluster.TokenReviews[0]);
    }

    [Fact]
    public async Task Kubectl_with_a_bearer_token_is_authenticated_by_TokenReview()
    {
        cluster.AcceptToken("kubectl-token", new JsonObject { ["username"] = "jane", ["groups"] = new JsonArray("dev") });
        var kubectl = new Infrastructure.Kubectl(server, token: "kubectl-token");

        var (exit, output, error) = await kubectl.RunAsync("get", "--raw", PodsMetric);

        Assert.True(exit == 0, error);
        Assert.Contains("\"kind\":\"MetricValueList\"", output, StringComparison.Ordinal);
        // kubectl may also read discovery first; every review is for jane, one of them for the metric.
        Assert.All(cluster.SubjectAccessReviews, review => Assert.Equal("jane", review["spec"]!["user"]!.GetValue<string>()));
        Assert.Single(cluster.SubjectAccessReviews, review => review["spec"]!["resourceAttributes"]?["subresource"]?.GetValue<string>() == "erlmcp_connections");
    }

    internal static async Task<(int Code, string Body)> GetAsync(HttpClient client, string path, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        foreach (var (name, value) in headers)
        {
            if (name == "Authorization")
            {
                request.Headers.Authorization = AuthenticationHeaderValue.Parse(value);
            }
            else
            {
                request.Headers.Add(name, value);
            }
        }

        using var response = await client.SendAsync(request);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>The same JSON, field for field (object member order aside).</summary>
    internal static void AssertJson(string expected, JsonNode actual) =>
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), actual), $"expected {JsonNode.Parse(expected)!.ToJsonString()}\n     got {actual.ToJsonString()}");
}
