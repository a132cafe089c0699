using Erlmcp.Autoscaler.Erlang.Connection;
using Erlmcp.Autoscaler.Erlang.Terms;
using Erlmcp.Autoscaler.Erlang.Tests.Support;

namespace Erlmcp.Autoscaler.Erlang.Tests.Integration;

/// <summary>
/// Two real nodes running the agent, with one cookie, connected to each other (as two erlmcp pods of one cluster),
/// and a pool that reaches both as a hidden node.
/// </summary>
public sealed class ScaleAdminClusterFixture : IAsyncLifetime
{
    private string _buildDirectory = string.Empty;

    public ErlangTestNode First { get; private set; } = null!;

    public ErlangTestNode Second { get; private set; } = null!;

    public ErlangConnectionPool Pool { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _buildDirectory = await ScaleAdminAgent.BuildAsync();
        First = await ScaleAdminAgent.StartNodeAsync(_buildDirectory);
        Second = await ScaleAdminAgent.StartNodeAsync(_buildDirectory, First.Cookie);
        Pool = new ErlangConnectionPool(First.ClientOptions() with { CallTimeout = TimeSpan.FromSeconds(60) });
        var connected = await Pool.GetClient(First.NodeName).RpcAsync("net_kernel", "connect_node", [new ErlangAtom(Second.NodeName)]);
        if (!connected.Equals(ErlangAtom.True))
        {
            throw new InvalidOperationException($"{First.NodeName} could not connect to {Second.NodeName}: {connected}");
        }
    }

    public async Task DisposeAsync()
    {
        await Pool.DisposeAsync();
        await First.DisposeAsync();
        await Second.DisposeAsync();
        Directory.Delete(_buildDirectory, recursive: true);
    }

    /// <summary>The node names in <c>erlang:nodes()</c> of <paramref name="node"/> (visible nodes only).</summary>
    public async Task<IReadOnlyList<string>> VisibleNodesOfAsync(ErlangTestNode node) =>
        [.. (await Pool.GetClient(node.NodeName).RpcAsync("erlang", "nodes", [])).AsList().Select(n => n.AsAtom())];

    /// <summary>Calls erlmcp_scale_admin:Function(Arguments) on <paramref name="node"/>, returning its whole reply.</summary>
    public Task<ErlangTerm> AdminAsync(ErlangTestNode node, string function, params ErlangTerm[] arguments) =>
        Pool.GetClient(node.NodeName).RpcAsync("erlmcp_scale_admin", function, arguments);
}
