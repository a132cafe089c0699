using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Erlmcp.Autoscaler.Server.Hosting;

/// <summary>
/// A Kestrel endpoint that serves one thing only (the KEDA scaler, the Prometheus scrape), apart from the metrics
/// API: requests arriving on it are branched off before the API's middleware. Knows its port once Kestrel has bound
/// it, including a port picked by the system for 0.
/// </summary>
internal sealed class DedicatedListener
{
    private ListenOptions? listen;

    /// <summary>The bound port; 0 before Kestrel has started listening.</summary>
    public int Port => listen?.IPEndPoint?.Port ?? 0;

    public void Configured(ListenOptions options) => listen = options;

    /// <summary>True when the request came in on this listener.</summary>
    public bool Received(HttpContext context) => Port != 0 && context.Connection.LocalPort == Port;
}
