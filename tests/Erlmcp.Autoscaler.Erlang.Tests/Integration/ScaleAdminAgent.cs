using Erlmcp.Autoscaler.Erlang.Tests.Support;

namespace Erlmcp.Autoscaler.Erlang.Tests.Integration;

/// <summary>Builds the erlmcp_scale_admin agent from src/erlang and starts test nodes that run it.</summary>
internal static class ScaleAdminAgent
{
    /// <summary>Compiles the agent and its test support with build.sh into a new temporary directory.</summary>
    public static async Task<string> BuildAsync()
    {
        var directory = Path.Combine(Path.GetTempPath(), "erlmcp_scale_admin_" + Guid.NewGuid().ToString("N"));
        var buildScript = Path.Combine(RepositoryRoot(), "src", "erlang", "erlmcp_scale_admin", "build.sh");
        await ErlangTool.RunAsync("bash", [buildScript, directory], TimeSpan.FromMinutes(5));
        return directory;
    }

    /// <summary>
    /// A node running the agent and the test node's gen_tcp echo listener named tcp (limit 100 connections), with a
    /// readiness endpoint on a free port.
    /// </summary>
    public static Task<ErlangTestNode> StartNodeAsync(string buildDirectory, string? cookie = null) =>
        ErlangTestNode.StartAsync(new ErlangTestNodeSettings
        {
            Cookie = cookie,
            ExtraArguments = ["-pa", Path.Combine(buildDirectory, "ebin")],
            StartupExpression = "{ok, _} = erlmcp_scale_admin_testnode:start(#{max_connections => 100})",
        });

    public static string RepositoryRoot()
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
