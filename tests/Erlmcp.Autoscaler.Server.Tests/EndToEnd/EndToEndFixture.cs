using System.Security.Cryptography;
using Erlmcp.Autoscaler.Erlang.Connection;
using Erlmcp.Autoscaler.Erlang.Handshake;
using Erlmcp.Autoscaler.Erlang.Tests.Integration;

namespace Erlmcp.Autoscaler.Server.Tests.EndToEnd;

/// <summary>
/// Built once for every end-to-end test: the agent, its test node and the client pool, compiled by build.sh; one
/// cookie for every node of the run; the test process's own hidden-node connections.
/// </summary>
public sealed class EndToEndFixture : IAsyncLifetime
{
    private string _buildDirectory = string.Empty;

    public string CodePath => Path.Combine(_buildDirectory, "ebin");

    public string Cookie { get; } = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));

    public ErlangConnectionPool Distribution { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _buildDirectory = await ScaleAdminAgent.BuildAsync();
        Distribution = new ErlangConnectionPool(NodeOptions());
    }

    /// <summary>Options for a hidden node that reaches this run's nodes (one pool per user: the test, each coordinator).</summary>
    public ErlangNodeOptions NodeOptions() => new()
    {
        Cookie = new ErlangCookie(Cookie),
        CallTimeout = TimeSpan.FromSeconds(30),
        ReconnectInitialDelay = TimeSpan.FromMilliseconds(50),
        ReconnectMaxDelay = TimeSpan.FromSeconds(1),
    };

    public async Task DisposeAsync()
    {
        await Distribution.DisposeAsync();
        Directory.Delete(_buildDirectory, recursive: true);
    }
}

/// <summary>The end-to-end tests share one build and run one at a time (each starts a dozen OS processes).</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class EndToEndTestGroup : ICollectionFixture<EndToEndFixture>
{
    public const string Name = "EndToEnd";
}
