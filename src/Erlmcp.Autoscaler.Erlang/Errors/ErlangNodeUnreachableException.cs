namespace Erlmcp.Autoscaler.Erlang.Errors;

/// <summary>The node's distribution port (from EPMD or given explicitly) did not accept a TCP connection.</summary>
public sealed class ErlangNodeUnreachableException : ErlangDistributionException
{
    public ErlangNodeUnreachableException(string node, string host, int port, string detail, Exception? innerException = null)
        : base($"Node '{node}' is unreachable at {host}:{port}: {detail}.", innerException)
    {
        Node = node;
        Host = host;
        Port = port;
    }

    public string Node { get; }

    public string Host { get; }

    public int Port { get; }
}
