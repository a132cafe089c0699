namespace Erlmcp.Autoscaler.Erlang.Errors;

/// <summary>
/// The transport security of the two sides does not match: a TLS node reached without TLS or the reverse, or the
/// node's certificate (or ours) was rejected.
/// </summary>
public sealed class ErlangTlsException : ErlangDistributionException
{
    public ErlangTlsException(string node, string detail, Exception? innerException = null)
        : base($"TLS with node '{node}' failed: {detail}.", innerException)
    {
        Node = node;
    }

    public string Node { get; }
}
