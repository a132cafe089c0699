namespace Erlmcp.Autoscaler.Erlang.Errors;

/// <summary>
/// The handshake failed at the cookie check: the node closed the connection after our challenge reply, or its
/// challenge acknowledgement did not match our cookie.
/// </summary>
public sealed class ErlangAuthenticationException : ErlangDistributionException
{
    public ErlangAuthenticationException(string node, string detail)
        : base($"Authentication with node '{node}' failed: the cookie is wrong or the node refused us ({detail}).")
    {
        Node = node;
    }

    public string Node { get; }
}
