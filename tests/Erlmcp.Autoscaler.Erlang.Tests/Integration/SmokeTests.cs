using Erlmcp.Autoscaler.Erlang.Connection;
using Erlmcp.Autoscaler.Erlang.Terms;
using Erlmcp.Autoscaler.Erlang.Tests.Support;

namespace Erlmcp.Autoscaler.Erlang.Tests.Integration;

public sealed class SmokeTests
{
    [Fact]
    public async Task Rpc_erlang_node()
    {
        await using var node = await ErlangTestNode.StartAsync();
        await using var pool = new ErlangConnectionPool(node.ClientOptions());
        var client = pool.GetClient(node.NodeName);
        var result = await client.RpcAsync("erlang", "node", []);
        Assert.Equal(new ErlangAtom(node.NodeName), result);
    }
}
