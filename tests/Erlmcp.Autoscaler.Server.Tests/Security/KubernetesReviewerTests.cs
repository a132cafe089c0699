using System.Net;
using System.Net.Sockets;
using Erlmcp.Autoscaler.Server.Security;
using Erlmcp.Autoscaler.Server.Security.Authentication;
using Erlmcp.Autoscaler.Server.Security.Authentication.Tokens;
using Erlmcp.Autoscaler.Server.Security.Authorization;
using Erlmcp.Autoscaler.Server.Tests.Infrastructure;
using k8s;

namespace Erlmcp.Autoscaler.Server.Tests.Security;

/// <summary>The KubernetesClient reviewers when the API server is unreachable or answers nonsense: a <see cref="DelegatedReviewException"/> saying which review and why.</summary>
public sealed class KubernetesReviewerTests
{
    private static readonly RequestAttributes Attributes = RequestAttributes.For(new UserInfo("jane", []), "GET", "/apis");

    [Fact]
    public async Task An_unreachable_API_server_fails_both_reviews_naming_them()
    {
        using var client = new k8s.Kubernetes(new KubernetesClientConfiguration { Host = $"http://127.0.0.1:{ClosedPort()}" });
        var tokens = new KubernetesTokenReviewer(client, TimeSpan.FromSeconds(10), TimeProvider.System);
        var access = new KubernetesSubjectAccessReviewer(client, TimeSpan.FromSeconds(10), TimeProvider.System);

        var tokenError = await Assert.ThrowsAsync<DelegatedReviewException>(() => tokens.ReviewAsync("t", [], CancellationToken.None));
        var accessError = await Assert.ThrowsAsync<DelegatedReviewException>(() => access.ReviewAsync(Attributes, CancellationToken.None));

        Assert.StartsWith("TokenReview: ", tokenError.Message, StringComparison.Ordinal);
        Assert.IsType<HttpRequestException>(tokenError.InnerException);
        Assert.StartsWith("SubjectAccessReview: ", accessError.Message, StringComparison.Ordinal);
        Assert.IsType<HttpRequestException>(accessError.InnerException);
    }

    [Fact]
    public async Task An_answer_that_is_not_JSON_fails_the_review()
    {
        await using var api = await FakeApiServer.StartAsync();
        api.OnJson("POST", FakeCluster.SubjectAccessReviewPath, "<html>proxy error</html>", 201);
        var access = new KubernetesSubjectAccessReviewer(api.Client, TimeSpan.FromSeconds(10), TimeProvider.System);

        var error = await Assert.ThrowsAsync<DelegatedReviewException>(() => access.ReviewAsync(Attributes, CancellationToken.None));

        Assert.StartsWith("SubjectAccessReview: the answer does not parse: ", error.Message, StringComparison.Ordinal);
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
