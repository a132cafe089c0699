namespace Erlmcp.Autoscaler.Erlang.Errors;

/// <summary>EPMD could not be reached (host unknown, connection refused or timed out) or broke off its answer.</summary>
public sealed class ErlangEpmdUnreachableException : ErlangDistributionException
{
    public ErlangEpmdUnreachableException(string host, int port, string detail, Exception? innerException = null)
        : base($"EPMD at {host}:{port} is unreachable: {detail}.", innerException)
    {
        Host = host;
        Port = port;
    }

    public string Host { get; }

    public int Port { get; }
}
