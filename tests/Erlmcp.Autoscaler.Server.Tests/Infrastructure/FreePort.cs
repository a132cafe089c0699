using System.Net;
using System.Net.Sockets;

namespace Erlmcp.Autoscaler.Server.Tests.Infrastructure;

/// <summary>A loopback TCP port free a moment ago, for a setting where 0 means "off" rather than "any port".</summary>
internal static class FreePort
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
