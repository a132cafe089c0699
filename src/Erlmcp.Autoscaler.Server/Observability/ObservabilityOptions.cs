namespace Erlmcp.Autoscaler.Server.Observability;

/// <summary>Settings of the server's own telemetry, bound from the <c>Observability</c> configuration section.</summary>
public sealed class ObservabilityOptions
{
    public const string SectionName = "Observability";

    /// <summary>The plain-HTTP port of the Prometheus <c>/metrics</c> endpoint, on the metrics API's bind address; 0 turns it off.</summary>
    public int MetricsPort { get; set; } = 9090;

    /// <summary>
    /// Where to send traces over OTLP (e.g. <c>http://otel-collector:4317</c>). Without it (and without the standard
    /// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> environment variable) no traces are recorded.
    /// </summary>
    public string? OtlpEndpoint { get; set; }

    /// <summary>The console log format: <see cref="LogFormat.Simple"/> lines, or <see cref="LogFormat.Json"/> objects for log collectors.</summary>
    public LogFormat LogFormat { get; set; } = LogFormat.Simple;
}

/// <summary>How the console logger writes.</summary>
public enum LogFormat
{
    /// <summary>One human-readable line (two with a category) per entry.</summary>
    Simple,

    /// <summary>One JSON object per line, with the message template's values as properties.</summary>
    Json,
}
