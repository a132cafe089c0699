using System.Text;

namespace Erlmcp.Autoscaler.Erlang.Handshake;

/// <summary>
/// The shared secret of a cluster. It prints as a placeholder, so that options records, logs and exception
/// messages never carry it.
/// </summary>
public sealed class ErlangCookie
{
    private readonly byte[] _latin1;

    public ErlangCookie(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Length == 0)
        {
            throw new ArgumentException("The cookie must not be empty.", nameof(value));
        }

        // Erlang digests the cookie atom's characters as bytes, so only Latin-1 cookies can match a node's.
        var firstWide = value.AsSpan().IndexOfAnyExceptInRange('\0', '\u00FF');
        if (firstWide >= 0)
        {
            throw new ArgumentException($"The cookie's character at index {firstWide} is outside Latin-1, which Erlang cookies cannot hold.", nameof(value));
        }

        _latin1 = Encoding.Latin1.GetBytes(value);
    }

    /// <summary>Reads a cookie file (for example ~/.erlang.cookie), ignoring surrounding whitespace.</summary>
    public static ErlangCookie FromFile(string path)
    {
        var text = File.ReadAllText(path).Trim();
        if (text.Length == 0)
        {
            throw new ArgumentException($"The cookie file '{path}' is empty.", nameof(path));
        }

        return new ErlangCookie(text);
    }

    internal ReadOnlySpan<byte> Bytes => _latin1;

    public override string ToString() => "ErlangCookie(redacted)";
}
