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

    public async Task InitializeAsync()
    {
        _buildDirectory = Path.Combine(Path.GetTempPath(), "erlmcp_scale_admin_" + Guid.NewGuid().ToString("N"));
        var buildScript = Path.Combine(RepositoryRoot(), "src", "erlang", "erlmcp_scale_admin", "build.sh");
        await ErlangTool.RunAsync("bash", [buildScript, _buildDirectory], TimeSpan.FromMinutes(5));
        Node = await ErlangTestNode.StartAsync(new ErlangTestNodeSettings
        {
            ExtraArguments = ["-pa", Path.Combine(_buildDirectory, "ebin")],
            StartupExpression = "{ok, _} = erlmcp_scale_admin_testnode:start(#{max_connections => 100})",
        });
        Pool = new ErlangConnectionPool(Node.ClientOptions() with { CallTimeout = TimeSpan.FromSeconds(60) });
        var ports = (await Client.RpcAsync("erlmcp_scale_admin_testnode", "ports", [])).UnwrapOk().AsMap();
        ListenerPort = ports["listener_port"].AsInt();
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

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Erlmcp.Autoscaler.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No Erlmcp.Autoscaler.sln above {AppContext.BaseDirectory}.");
    }
}
