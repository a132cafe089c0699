using Erlmcp.Autoscaler.Erlang.Connection;
using Erlmcp.Autoscaler.Erlang.Terms;
using Erlmcp.Autoscaler.Erlang.Tests.Support;

namespace Erlmcp.Autoscaler.Erlang.Tests.Integration;

/// <summary>
/// A real node running the erlmcp_scale_admin agent (built from src/erlang with its build.sh) and its test
/// support: a gen_tcp echo listener named tcp whose connections the agent counts, drains and sheds.
/// </summary>
public sealed class ScaleAdminNodeFixture : IAsyncLifetime
{
    private string _buildDirectory = string.Empty;

    public ErlangTestNode Node { get; private set; } = null!;

    public ErlangConnectionPool Pool { get; private set; } = null!;

    public ErlangNodeClient Client => Pool.GetClient(Node.NodeName);

    public int ListenerPort { get; private set; }

    /// <summary>The port of the agent's HTTP endpoint (GET /ready).</summary>
    public int ReadinessPort { get; private set; }

    public async Task InitializeAsync()
    {
        _buildDirectory = await ScaleAdminAgent.BuildAsync();
        Node = await ScaleAdminAgent.StartNodeAsync(_buildDirectory);
        Pool = new ErlangConnectionPool(Node.ClientOptions() with { CallTimeout = TimeSpan.FromSeconds(60) });
        var ports = (await Client.RpcAsync("erlmcp_scale_admin_testnode", "ports", [])).UnwrapOk().AsMap();
        ListenerPort = ports["listener_port"].AsInt();
        ReadinessPort = ports["readiness_port"].AsInt();
    }

    public async Task DisposeAsync()
    {
        await Pool.DisposeAsync();
        await Node.DisposeAsync();
        Directory.Delete(_buildDirectory, recursive: true);
    }

    /// <summary>Calls erlmcp_scale_admin:Function(Arguments) and returns the map of its {ok, Map} reply.</summary>
    public async Task<ErlangMap> AdminAsync(string function, params ErlangTerm[] arguments) =>
        (await Client.RpcAsync("erlmcp_scale_admin", function, arguments)).UnwrapOk().AsMap();
}
