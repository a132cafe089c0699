using Erlmcp.Autoscaler.Server.Options;

namespace Erlmcp.Autoscaler.Deploy.Tests.Infrastructure;

/// <summary>What the manifests must agree with on the server's side.</summary>
internal static class ServerFacts
{
    /// <summary>The HTTPS metrics API port: the server's default (<see cref="MetricsApiOptions.SecurePort"/>).</summary>
    public static int SecurePort => new MetricsApiOptions().SecurePort;

    /// <summary>
    /// KEDA's external scaler and the server's own /metrics: fixed across the project (COMMON.md's port convention).
    /// Their option types are not on main yet; when they land these should read their defaults as SecurePort does.
    /// </summary>
    public const int KedaPort = 6000;

    public const int MetricsPort = 9090;

    /// <summary>The settings' environment prefix (ServeCommand.EnvironmentPrefix in the CLI).</summary>
    public const string EnvironmentPrefix = "ERLMCP_AUTOSCALER_";

    /// <summary>The agent's readiness_port default (src/erlang/erlmcp_scale_admin/README.md).</summary>
    public const int AgentReadinessPort = 9091;
}
