using System.Buffers;
using System.Net;

namespace Erlmcp.Autoscaler.Erlang.Connection;

/// <summary>
/// A node name <c>alive@host</c>. A host with a dot (a domain name or an IPv4 address) makes it a long name
/// (<c>-name</c>); otherwise it is a short name (<c>-sname</c>).
/// </summary>
public sealed record ErlangNodeName
{
    private static readonly SearchValues<char> AliveCharacters =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-");

    private ErlangNodeName(string alive, string host)
    {
        Alive = alive;
        Host = host;
    }

    /// <summary>The part before '@', which EPMD knows the node by.</summary>
    public string Alive { get; }

    /// <summary>The part after '@': where EPMD and the node are reached.</summary>
    public string Host { get; }

    public bool IsLongName => Host.Contains('.', StringComparison.Ordinal) || IPAddress.TryParse(Host, out _);

    public static ErlangNodeName Parse(string nodeName)
    {
        ArgumentNullException.ThrowIfNull(nodeName);
        var at = nodeName.IndexOf('@', StringComparison.Ordinal);
        if (at <= 0 || at == nodeName.Length - 1 || nodeName.IndexOf('@', at + 1) >= 0)
        {
            throw new FormatException($"'{nodeName}' is not a node name: expected exactly one '@' between a name and a host, as in erlmcp@host.");
        }

        var alive = nodeName[..at];
        var badCharacter = alive.AsSpan().IndexOfAnyExcept(AliveCharacters);
        if (badCharacter >= 0)
        {
            throw new FormatException($"'{nodeName}' is not a node name: the name part has '{alive[badCharacter]}' at index {badCharacter}; use letters, digits, '_' and '-'.");
        }

        return new ErlangNodeName(alive, nodeName[(at + 1)..]);
    }

    public override string ToString() => $"{Alive}@{Host}";
}
