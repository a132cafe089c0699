namespace Erlmcp.Autoscaler.Erlang.Errors;

/// <summary>EPMD on the node's host answered, but no node of that name is registered there.</summary>
public sealed class ErlangNodeNotRegisteredException : ErlangDistributionException
{
    public ErlangNodeNotRegisteredException(string nodeName, string host, int epmdPort)
        : base($"No node named '{nodeName}' is registered in EPMD on {host}:{epmdPort}: is the node running with this name?")
    {
        NodeName = nodeName;
        Host = host;
        EpmdPort = epmdPort;
    }

    /// <summary>The part before '@'.</summary>
    public string NodeName { get; }

    public string Host { get; }

    public int EpmdPort { get; }
}
