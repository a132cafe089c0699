using System.Globalization;

namespace Erlmcp.Autoscaler.Simulation.Traces;

/// <summary>
/// The timestamps traces are written with, as Unix milliseconds: RFC 3339 (<c>2026-11-26T12:00:00Z</c>, with an
/// offset or fractional seconds), Unix seconds (<c>1764158400</c> or <c>1764158400.25</c>), and the
/// <c>YYYY-MM-DD HH:MM:SS</c> of the 1998 World Cup aggregates, read as UTC.
/// </summary>
public static class TraceTimestamp
{
    public const string Expected = "an RFC 3339 time (2026-11-26T12:00:00Z), Unix seconds, or YYYY-MM-DD HH:MM:SS (UTC)";

    private static readonly string[] SpaceSeparatedFormats = ["yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm:ss.FFFFFFF"];

    public static bool TryParse(ReadOnlySpan<char> text, out long unixMilliseconds)
    {
        unixMilliseconds = 0;
        text = text.Trim();
        if (text.IsEmpty)
        {
            return false;
        }

        if (char.IsAsciiDigit(text[0]) && text.IndexOfAny('-', ':') < 0)
        {
            if (!decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var seconds)
                || seconds > 253402300799m)
            {
                return false;
            }

            unixMilliseconds = (long)decimal.Round(seconds * 1000m, MidpointRounding.ToEven);
            return true;
        }

        if (text.Length >= 11 && text[10] == ' ')
        {
            if (!DateTime.TryParseExact(text, SpaceSeparatedFormats, CultureInfo.InvariantCulture,
                    DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var utc))
            {
                return false;
            }

            unixMilliseconds = new DateTimeOffset(utc, TimeSpan.Zero).ToUnixTimeMilliseconds();
            return true;
        }

        // RFC 3339 requires the offset (Z or ±hh:mm); a time without one is ambiguous and rejected.
        var last = text[^1];
        if (text.Length < 20 || text[10] is not ('T' or 't') || !(last is 'Z' or 'z' || text[^6] is '+' or '-'))
        {
            return false;
        }

        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
        {
            return false;
        }

        unixMilliseconds = time.ToUnixTimeMilliseconds();
        return true;
    }

    /// <summary>RFC 3339 in UTC, with milliseconds only when there are some.</summary>
    public static string Format(long unixMilliseconds)
    {
        var time = DateTimeOffset.FromUnixTimeMilliseconds(unixMilliseconds);
        return time.Millisecond == 0
            ? time.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)
            : time.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
    }
}
