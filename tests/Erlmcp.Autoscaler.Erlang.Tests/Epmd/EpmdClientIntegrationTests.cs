using Erlmcp.Autoscaler.Erlang.Epmd;
using Erlmcp.Autoscaler.Erlang.Tests.Integration;
using Erlmcp.Autoscaler.Erlang.Tests.Support;

namespace Erlmcp.Autoscaler.Erlang.Tests.Epmd;

/// <summary>The EPMD client against the epmd that erl started.</summary>
public sealed class EpmdClientIntegrationTests(SharedNodeFixture shared) : IClassFixture<SharedNodeFixture>
{
    [Fact]
    public async Task Lookup_finds_the_node_as_a_normal_version_6_node()
    {
        var info = await new EpmdClient(ErlangTestNode.ShortHostName()).LookupAsync(shared.Node.Alive);

        Assert.Equal(shared.Node.Alive, info.Name);
        Assert.Equal(EpmdNodeInfo.NormalNode, info.NodeType);
        Assert.Equal(6, info.HighestVersion);
        Assert.InRange(info.Port, 1, 65535);
    }

    [Fact]
    public async Task Names_lists_the_node()
    {
        var names = await new EpmdClient("127.0.0.1").NamesAsync();

        Assert.Contains(names, entry => entry.Name == shared.Node.Alive);
    }
}
