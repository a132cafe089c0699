using Erlmcp.Autoscaler.Core.Connections;

namespace Erlmcp.Autoscaler.Core.Tests.Connections;

public sealed class NodeNameTemplateTests
{
    private const string Guide = "erlmcp@{pod}.erlmcp-headless.{namespace}.svc.cluster.local";

    [Fact]
    public void RendersThePodAndNamespace() =>
        Assert.Equal("erlmcp@erlmcp-3.erlmcp-headless.prod.svc.cluster.local", NodeNameTemplate.Parse(Guide).NodeName("prod", "erlmcp-3"));

    [Theory]
    [InlineData("erlmcp@erlmcp-3.erlmcp-headless.prod.svc.cluster.local", "erlmcp-3")]
    [InlineData("erlmcp@erlmcp-3.erlmcp-headless.staging.svc.cluster.local", null)]
    [InlineData("remsh@erlmcp-3.erlmcp-headless.prod.svc.cluster.local", null)]
    [InlineData("erlmcp@.erlmcp-headless.prod.svc.cluster.local", null)]
    [InlineData("erlmcp@a.b.erlmcp-headless.prod.svc.cluster.local", null)]
    public void MapsANodeNameBackToItsPod(string node, string? pod) =>
        Assert.Equal(pod, NodeNameTemplate.Parse(Guide).PodName("prod", node));

    [Fact]
    public void RoundTripsWithoutANamespacePlaceholder()
    {
        var template = NodeNameTemplate.Parse("{pod}@127.0.0.1");
        Assert.Equal("erlmcp-0@127.0.0.1", template.NodeName("default", "erlmcp-0"));
        Assert.Equal("erlmcp-0", template.PodName("default", "erlmcp-0@127.0.0.1"));
    }

    [Theory]
    [InlineData("erlmcp@host", "must contain {pod} exactly once")]
    [InlineData("{pod}@{pod}", "must contain {pod} exactly once")]
    [InlineData("{pod}.{namespace}@{namespace}", "may contain {namespace} at most once")]
    [InlineData("{pod}", "must have the form name@host with one '@'")]
    [InlineData("a@{pod}@b", "must have the form name@host with one '@'")]
    [InlineData("erlmcp@{pod}.{ns}", "has an unknown placeholder")]
    public void RejectsABadTemplateQuotingIt(string text, string problem)
    {
        var error = Assert.Throws<FormatException>(() => NodeNameTemplate.Parse(text));
        Assert.StartsWith($"node name template \"{text}\" {problem}", error.Message, StringComparison.Ordinal);
    }
}
