using Prometheus;

namespace Erlmcp.Autoscaler.Server.Observability;

/// <summary>
/// The Prometheus registry of one server: its own, not prometheus-net's process-wide default, so that two servers in
/// one process (tests) each report their own requests and store. Every instrument of <see cref="ServerTelemetry.Meter"/>
/// is exported into it.
/// </summary>
internal sealed class ServerMetricsRegistry(CollectorRegistry registry)
{
    public CollectorRegistry Registry { get; } = registry;

    /// <summary>Publishes every instrument of <see cref="ServerTelemetry.Meter"/>, until <paramref name="stopped"/>.</summary>
    public void ExportServerTelemetry(CancellationToken stopped)
    {
        var exporter = new MeterExporter(ServerTelemetry.Meter, Registry);
        stopped.Register(exporter.Dispose);
    }
}
