using Erlmcp.Autoscaler.Erlang.Connection;
using Erlmcp.Autoscaler.Erlang.Terms;
using Erlmcp.Autoscaler.Erlang.Tests.Support;

namespace Erlmcp.Autoscaler.Erlang.Tests.Integration;

/// <summary>Long names, a fixed port without EPMD, and ticks, each against its own node.</summary>
public sealed class ConnectionModeIntegrationTests
{
    [Fact]
    public async Task A_long_name_node_is_reached_with_a_long_name_of_ours()
    {
        await using var node = await ErlangTestNode.StartAsync(new ErlangTestNodeSettings { LongName = true });
        await using var pool = new ErlangConnectionPool(node.ClientOptions());
        var client = pool.GetClient(node.NodeName);

        var result = await client.RpcAsync("erlang", "node", []);

        Assert.Equal(new ErlangAtom(node.NodeName), result);
        Assert.EndsWith("@127.0.0.1", client.LocalNodeName, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_node_on_a_fixed_port_is_reached_without_EPMD()
    {
        var port = ErlangTestNode.FreeTcpPort();
        await using var node = await ErlangTestNode.StartAsync(new ErlangTestNodeSettings { DistributionPort = port });
        // No EPMD listens on this port: a lookup would fail, so success proves none was made.
        await using var pool = new ErlangConnectionPool(node.ClientOptions() with { EpmdPort = ErlangTestNode.FreeTcpPort() });

        var result = await pool.GetClient(node.NodeName, distributionPort: port).RpcAsync("erlang", "node", []);

        Assert.Equal(new ErlangAtom(node.NodeName), result);
    }

    [Fact]
    public async Task An_idle_connection_survives_several_of_the_node_s_tick_periods()
    {
        // The node ticks every second and drops a peer silent for about 4 s; our own tick interval (15 s) is far
        // longer, so only answering its ticks keeps the connection up.
        await using var node = await ErlangTestNode.StartAsync(new ErlangTestNodeSettings { NetTickTimeSeconds = 4 });
        await using var pool = new ErlangConnectionPool(node.ClientOptions() with { NetTickTime = TimeSpan.FromSeconds(60) });
        var client = pool.GetClient(node.NodeName);
        await client.ConnectAsync();

        await Task.Delay(TimeSpan.FromSeconds(10));
        var result = await client.RpcAsync("erlang", "node", []);

        Assert.Equal(new ErlangAtom(node.NodeName), result);
        Assert.Equal(1, client.ConnectionsOpened);
        Assert.Contains(new ErlangAtom(client.LocalNodeName), (await client.RpcAsync("erlang", "nodes", [new ErlangAtom("hidden")])).AsList());
    }
}
