using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Erlmcp.Autoscaler.Server.Observability;

/// <summary>
/// The server's one meter and one activity source. Every component defines its instruments on <see cref="Meter"/>
/// (exported on the Prometheus endpoint) and its spans on <see cref="ActivitySource"/> (exported over OTLP when an
/// endpoint is configured).
/// </summary>
public static class ServerTelemetry
{
    public const string Name = "Erlmcp.Autoscaler.Server";

    public static readonly Meter Meter = new(Name);

    public static readonly ActivitySource ActivitySource = new(Name);
}
