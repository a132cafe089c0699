namespace Erlmcp.Autoscaler.Server.Keda;

/// <summary>Settings of the KEDA external scaler endpoint, bound from the <c>Keda</c> configuration section.</summary>
public sealed class KedaOptions
{
    public const string SectionName = "Keda";

    /// <summary>Whether to serve the external scaler (gRPC over TLS, HTTP/2 only).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The port of the scaler endpoint, on the metrics API's bind address; 0 picks a free port (for tests).</summary>
    public int Port { get; set; } = 6000;
}
