namespace Erlmcp.Autoscaler.Erlang.Errors;

/// <summary>The peer sent something the distribution protocol does not allow at that point.</summary>
public sealed class ErlangProtocolException : ErlangDistributionException
{
    public ErlangProtocolException(string node, string detail, Exception? innerException = null)
        : base($"Distribution protocol error with node '{node}': {detail}.", innerException)
    {
        Node = node;
    }

    public string Node { get; }
}
