namespace Erlmcp.Autoscaler.Erlang.Errors;

/// <summary>The node answered our name with a refusal status (nok, not_allowed, alive).</summary>
public sealed class ErlangHandshakeRefusedException : ErlangDistributionException
{
    public ErlangHandshakeRefusedException(string node, string status, string explanation)
        : base($"Node '{node}' refused the connection with status '{status}': {explanation}.")
    {
        Node = node;
        Status = status;
    }

    public string Node { get; }

    /// <summary>The status the node sent: "nok", "not_allowed", "alive" or an unknown one.</summary>
    public string Status { get; }
}
