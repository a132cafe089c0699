using Erlmcp.Autoscaler.Server.Keda;
using Erlmcp.Autoscaler.Server.Observability;
using Erlmcp.Autoscaler.Server.Options;

namespace Erlmcp.Autoscaler.Deploy.Tests.Infrastructure;

/// <summary>What the manifests must agree with on the server's side.</summary>
internal static class ServerFacts
{
    /// <summary>The HTTPS metrics API port: the server's default (<see cref="MetricsApiOptions.SecurePort"/>).</summary>
    public static int SecurePort => new MetricsApiOptions().SecurePort;

    /// <summary>KEDA's external scaler (gRPC over TLS): the server's default (<see cref="KedaOptions.Port"/>).</summary>
    public static int KedaPort => new KedaOptions().Port;

    /// <summary>The server's own Prometheus /metrics: the server's default (<see cref="ObservabilityOptions.MetricsPort"/>).</summary>
    public static int MetricsPort => new ObservabilityOptions().MetricsPort;

    /// <summary>The settings' environment prefix (ServeCommand.EnvironmentPrefix in the CLI).</summary>
    public const string EnvironmentPrefix = "ERLMCP_AUTOSCALER_";

    /// <summary>The agent's readiness_port default (src/erlang/erlmcp_scale_admin/README.md).</summary>
    public const int AgentReadinessPort = 9091;
}
