using Erlmcp.Autoscaler.Server.Hosting;

namespace Erlmcp.Autoscaler.Server.Observability;

/// <summary>The plain-HTTP endpoint of <c>/metrics</c>.</summary>
internal sealed class MetricsListener
{
    public DedicatedListener Listener { get; } = new();

    public int Port => Listener.Port;
}
