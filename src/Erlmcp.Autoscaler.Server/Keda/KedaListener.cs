using Erlmcp.Autoscaler.Server.Hosting;

namespace Erlmcp.Autoscaler.Server.Keda;

/// <summary>The scaler's own endpoint (a type of its own, so that it resolves apart from other dedicated listeners).</summary>
internal sealed class KedaListener
{
    public DedicatedListener Listener { get; } = new();

    public int Port => Listener.Port;
}
