using System.Globalization;
using System.Text;

namespace Erlmcp.Autoscaler.Erlang.Terms;

/// <summary>Erlang-syntax printing helpers shared by the term types.</summary>
public static class ErlangTermText
{
    private const int AbbreviationLength = 300;

    private static readonly HashSet<string> ReservedWords =
    [
        "after", "and", "andalso", "band", "begin", "bnot", "bor", "bsl", "bsr", "bxor", "case", "catch", "cond",
        "div", "else", "end", "fun", "if", "let", "maybe", "not", "of", "or", "orelse", "receive", "rem", "try",
        "when", "xor",
    ];

    /// <summary>The term's text, cut to a few hundred characters so that an error message stays readable.</summary>
    public static string Abbreviate(ErlangTerm term)
    {
        ArgumentNullException.ThrowIfNull(term);
        var text = term.ToString();
        return text.Length <= AbbreviationLength ? text : string.Concat(text.AsSpan(0, AbbreviationLength), "...");
    }

    internal static void AppendAtom(StringBuilder text, string name)
    {
        if (IsBareAtom(name))
        {
            text.Append(name);
            return;
        }

        text.Append('\'');
        AppendEscaped(text, name, '\'');
        text.Append('\'');
    }

    internal static void AppendQuoted(StringBuilder text, string value)
    {
        text.Append('"');
        AppendEscaped(text, value, '"');
        text.Append('"');
    }

    /// <summary>Shortest text that reads back as the same double, always with a '.' as Erlang requires.</summary>
    internal static void AppendFloat(StringBuilder text, double value)
    {
        if (!double.IsFinite(value))
        {
            // Erlang has no infinities or NaN; such a value cannot come from a node.
            text.Append(value.ToString(CultureInfo.InvariantCulture));
            return;
        }

        var roundTrip = value.ToString("R", CultureInfo.InvariantCulture);
        var exponentAt = roundTrip.IndexOf('E', StringComparison.Ordinal);
        var mantissa = exponentAt < 0 ? roundTrip : roundTrip[..exponentAt];
        text.Append(mantissa);
        if (!mantissa.Contains('.', StringComparison.Ordinal))
        {
            text.Append(".0");
        }

        if (exponentAt >= 0)
        {
            text.Append('e').Append(int.Parse(roundTrip.AsSpan(exponentAt + 1), CultureInfo.InvariantCulture));
        }
    }

    internal static bool IsPrintable(int codePoint) => codePoint is >= 32 and <= 126 or '\n' or '\t' or '\r';

    private static bool IsBareAtom(string name)
    {
        if (name.Length == 0 || name[0] is < 'a' or > 'z' || ReservedWords.Contains(name))
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '_' or '@'))
            {
                return false;
            }
        }

        return true;
    }

    private static void AppendEscaped(StringBuilder text, string value, char quote)
    {
        foreach (var c in value)
        {
            switch (c)
            {
                case '\\':
                    text.Append("\\\\");
                    break;
                case '\n':
                    text.Append("\\n");
                    break;
                case '\t':
                    text.Append("\\t");
                    break;
                case '\r':
                    text.Append("\\r");
                    break;
                default:
                    if (c == quote)
                    {
                        text.Append('\\').Append(c);
                    }
                    else if (c < 32 || c == 127)
                    {
                        text.Append("\\x{").Append(((int)c).ToString("X", CultureInfo.InvariantCulture)).Append('}');
                    }
                    else
                    {
                        text.Append(c);
                    }

                    break;
            }
        }
    }
}
