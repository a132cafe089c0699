namespace Erlmcp.Autoscaler.Erlang.Errors;

/// <summary>The connection to the node was lost (closed, reset, silent past net_ticktime) while in use.</summary>
public sealed class ErlangNodeDownException : ErlangDistributionException
{
    public ErlangNodeDownException(string node, string reason, Exception? innerException = null)
        : base($"Node '{node}' is down: {reason}.", innerException)
    {
        Node = node;
        Reason = reason;
    }

    public string Node { get; }

    public string Reason { get; }
}
