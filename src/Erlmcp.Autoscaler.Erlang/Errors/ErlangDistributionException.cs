namespace Erlmcp.Autoscaler.Erlang.Errors;

/// <summary>
/// The base of every error this client raises, so a caller can catch one type. Messages name the node, host,
/// port or byte offset involved and never carry the cookie.
/// </summary>
public class ErlangDistributionException : Exception
{
    public ErlangDistributionException(string message)
        : base(message)
    {
    }

    public ErlangDistributionException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
