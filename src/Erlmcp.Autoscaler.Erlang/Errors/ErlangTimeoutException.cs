namespace Erlmcp.Autoscaler.Erlang.Errors;

/// <summary>An operation (connecting, a handshake, an rpc call) did not finish in its allotted time.</summary>
public sealed class ErlangTimeoutException : ErlangDistributionException
{
    public ErlangTimeoutException(string operation, TimeSpan timeout, Exception? innerException = null)
        : base($"{operation} did not complete within {Format(timeout)}.", innerException)
    {
        Operation = operation;
        Timeout = timeout;
    }

    /// <summary>What timed out, for example "rpc erlang:node/0 on node 'a@h'".</summary>
    public string Operation { get; }

    public TimeSpan Timeout { get; }

    internal static string Format(TimeSpan timeout) =>
        timeout.TotalSeconds >= 1 ? $"{timeout.TotalSeconds:0.###} s" : $"{timeout.TotalMilliseconds:0.###} ms";
}
