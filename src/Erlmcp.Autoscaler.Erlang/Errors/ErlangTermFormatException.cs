namespace Erlmcp.Autoscaler.Erlang.Errors;

/// <summary>
/// Bytes that are not a valid external term: truncated, an unknown tag, a value out of range, or over a limit.
/// <see cref="Offset"/> is the byte offset, from the start of the decoded buffer, where the problem was found.
/// </summary>
public sealed class ErlangTermFormatException : ErlangDistributionException
{
    public ErlangTermFormatException(int offset, string detail)
        : base($"Invalid external term at byte offset {offset}: {detail}.")
    {
        Offset = offset;
        Detail = detail;
    }

    public int Offset { get; }

    public string Detail { get; }
}
