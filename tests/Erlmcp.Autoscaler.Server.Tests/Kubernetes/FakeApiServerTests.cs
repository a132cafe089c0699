using Erlmcp.Autoscaler.Server.Tests.Infrastructure;
using k8s;
using k8s.Autorest;

namespace Erlmcp.Autoscaler.Server.Tests.Kubernetes;

/// <summary>The fake API server answers KubernetesClient with recorded JSON, and KubernetesClient reads it as the real thing.</summary>
public sealed class FakeApiServerTests
{
    [Fact]
    public async Task KubernetesClientReadsARecordedPod()
    {
        await using var api = await FakeApiServer.StartAsync();
        api.OnJson("GET", "/api/v1/namespaces/erlmcp/pods/erlmcp-0", ApiFixtures.Read("core.v1.Pod"));

        var pod = await api.Client.CoreV1.ReadNamespacedPodAsync("erlmcp-0", "erlmcp");

        Assert.Equal("nameValue", pod.Metadata.Name);
        Assert.Equal("namespaceValue", pod.Metadata.NamespaceProperty);
        Assert.Equal(new DateTime(2009, 1, 1, 1, 1, 1, DateTimeKind.Utc), pod.Metadata.DeletionTimestamp);
        Assert.Equal("GET /api/v1/namespaces/erlmcp/pods/erlmcp-0", $"{api.Requests.Single().Method} {api.Requests.Single().Path}");
    }

    [Fact]
    public async Task AnUndeclaredRequestIsANotFoundStatus()
    {
        await using var api = await FakeApiServer.StartAsync();

        var error = await Assert.ThrowsAsync<HttpOperationException>(() => api.Client.CoreV1.ReadNamespacedPodAsync("erlmcp-9", "erlmcp"));

        Assert.Equal(System.Net.HttpStatusCode.NotFound, error.Response.StatusCode);
        Assert.Contains("no answer for GET /api/v1/namespaces/erlmcp/pods/erlmcp-9", error.Response.Content, StringComparison.Ordinal);
    }
}
