using Erlmcp.Autoscaler.Server.Security.Authentication;
using Erlmcp.Autoscaler.Server.Security.Authorization;

namespace Erlmcp.Autoscaler.Server.Tests.Security;

/// <summary>Request attributes as kube-apiserver's RequestInfoFactory derives them (its TestGetAPIRequestInfo cases, for /apis).</summary>
public sealed class RequestAttributesTests
{
    private static readonly UserInfo Alice = new("alice", []);

    [Theory]
    [InlineData("GET", "/apis/custom.metrics.k8s.io/v1beta2/namespaces/erlmcp/pods/*/erlmcp_connections", "get", "custom.metrics.k8s.io", "v1beta2", "erlmcp", "pods", "erlmcp_connections", "*")]
    [InlineData("GET", "/apis/custom.metrics.k8s.io/v1beta1/namespaces/erlmcp/statefulsets.apps/erlmcp/erlmcp_connections", "get", "custom.metrics.k8s.io", "v1beta1", "erlmcp", "statefulsets.apps", "erlmcp_connections", "erlmcp")]
    [InlineData("GET", "/apis/custom.metrics.k8s.io/v1beta2/namespaces/erlmcp/metrics/erlmcp_connections", "get", "custom.metrics.k8s.io", "v1beta2", "erlmcp", "metrics", "", "erlmcp_connections")]
    [InlineData("GET", "/apis/custom.metrics.k8s.io/v1beta2/nodes/*/erlmcp_connections", "get", "custom.metrics.k8s.io", "v1beta2", "", "nodes", "erlmcp_connections", "*")]
    [InlineData("GET", "/apis/external.metrics.k8s.io/v1beta1/namespaces/erlmcp/erlmcp_connections_total", "list", "external.metrics.k8s.io", "v1beta1", "erlmcp", "erlmcp_connections_total", "", "")]
    [InlineData("GET", "/apis/custom.metrics.k8s.io/v1beta2/namespaces/erlmcp", "get", "custom.metrics.k8s.io", "v1beta2", "erlmcp", "namespaces", "", "erlmcp")]
    [InlineData("GET", "/apis/custom.metrics.k8s.io/v1beta2/namespaces/erlmcp/status", "get", "custom.metrics.k8s.io", "v1beta2", "erlmcp", "namespaces", "status", "erlmcp")]
    [InlineData("POST", "/apis/custom.metrics.k8s.io/v1beta2/namespaces/erlmcp/pods", "create", "custom.metrics.k8s.io", "v1beta2", "erlmcp", "pods", "", "")]
    [InlineData("DELETE", "/apis/custom.metrics.k8s.io/v1beta2/namespaces/erlmcp/pods", "deletecollection", "custom.metrics.k8s.io", "v1beta2", "erlmcp", "pods", "", "")]
    [InlineData("PUT", "/apis/custom.metrics.k8s.io/v1beta2/namespaces/erlmcp/pods/p", "update", "custom.metrics.k8s.io", "v1beta2", "erlmcp", "pods", "", "p")]
    public void Resource_requests(string method, string path, string verb, string group, string version, string @namespace, string resource, string subresource, string name)
    {
        Assert.Equal(
            new RequestAttributes(Alice, verb, path, true, group, version, @namespace, resource, subresource, name),
            RequestAttributes.For(Alice, method, path));
    }

    [Theory]
    [InlineData("GET", "/apis", "get")]
    [InlineData("GET", "/apis/custom.metrics.k8s.io", "get")]
    [InlineData("GET", "/apis/custom.metrics.k8s.io/v1beta2", "get")]
    [InlineData("GET", "/version", "get")]
    [InlineData("GET", "/openapi/v3/apis/custom.metrics.k8s.io/v1beta2", "get")]
    [InlineData("POST", "/apis", "post")]
    [InlineData("HEAD", "/healthz", "head")]
    public void Non_resource_requests(string method, string path, string verb)
    {
        Assert.Equal(new RequestAttributes(Alice, verb, path, false), RequestAttributes.For(Alice, method, path));
    }
}
