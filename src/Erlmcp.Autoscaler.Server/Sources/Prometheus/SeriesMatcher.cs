using System.Text;
using System.Text.RegularExpressions;

namespace Erlmcp.Autoscaler.Server.Sources.Prometheus;

/// <summary>
/// PromQL label matchers that pick the series to sum, e.g. <c>listener!="admin",transport=~"tcp|ws"</c> (braces
/// optional): <c>=</c>, <c>!=</c>, <c>=~</c>, <c>!~</c>, values in double quotes with PromQL's escapes. As in
/// PromQL, a label a series lacks has the empty value, and a regular expression must match the whole value.
/// </summary>
public sealed class SeriesMatcher
{
    private readonly LabelMatcher[] matchers;

    private SeriesMatcher(string text, LabelMatcher[] matchers)
    {
        Text = text;
        this.matchers = matchers;
    }

    /// <summary>Matches every series.</summary>
    public static SeriesMatcher Everything { get; } = new(string.Empty, []);

    public string Text { get; }

    /// <exception cref="FormatException">The text is malformed; the message quotes it and gives the position.</exception>
    public static SeriesMatcher Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parsed = new List<LabelMatcher>();
        var position = Skip(text, 0);
        var braced = position < text.Length && text[position] == '{';
        if (braced)
        {
            position = Skip(text, position + 1);
        }

        while (position < text.Length && !(braced && text[position] == '}'))
        {
            var nameStart = position;
            while (position < text.Length && (char.IsAsciiLetter(text[position]) || text[position] == '_' || (position > nameStart && char.IsAsciiDigit(text[position]))))
            {
                position++;
            }

            if (position == nameStart)
            {
                throw Error(text, position, "expected a label name");
            }

            var name = text[nameStart..position];
            position = Skip(text, position);
            var op = Operator(text, ref position) ?? throw Error(text, position, $"expected =, !=, =~ or !~ after {name}");
            position = Skip(text, position);
            var value = QuotedValue(text, ref position);
            parsed.Add(LabelMatcher.Create(name, op, value, text, nameStart));
            position = Skip(text, position);
            if (position < text.Length && text[position] == ',')
            {
                position = Skip(text, position + 1);
            }
            else if (position < text.Length && !(braced && text[position] == '}'))
            {
                throw Error(text, position, "expected ',' between matchers");
            }
        }

        if (braced)
        {
            if (position == text.Length)
            {
                throw Error(text, position, "expected '}'");
            }

            position = Skip(text, position + 1);
            if (position < text.Length)
            {
                throw Error(text, position, "unexpected text after '}'");
            }
        }

        return new SeriesMatcher(text, [.. parsed]);
    }

    /// <summary>True when every matcher holds for the sample's labels.</summary>
    public bool Matches(PrometheusSample sample)
    {
        foreach (var matcher in matchers)
        {
            if (!matcher.Matches(sample))
            {
                return false;
            }
        }

        return true;
    }

    public override string ToString() => Text;

    private static string? Operator(string text, ref int position)
    {
        foreach (var op in (string[])["=~", "!~", "!=", "="])
        {
            if (string.CompareOrdinal(text, position, op, 0, op.Length) == 0)
            {
                position += op.Length;
                return op;
            }
        }

        return null;
    }

    private static string QuotedValue(string text, ref int position)
    {
        if (position == text.Length || text[position] != '"')
        {
            throw Error(text, position, "expected '\"' to open a label value");
        }

        var value = new StringBuilder();
        for (position++; position < text.Length && text[position] != '"'; position++)
        {
            if (text[position] != '\\')
            {
                value.Append(text[position]);
                continue;
            }

            if (++position == text.Length)
            {
                break;
            }

            value.Append(text[position] switch
            {
                'n' => '\n',
                't' => '\t',
                '\\' or '"' => text[position],
                _ => throw Error(text, position - 1, $"unknown escape sequence \\{text[position]}"),
            });
        }

        if (position == text.Length)
        {
            throw Error(text, position, "the label value is not closed by '\"'");
        }

        position++;
        return value.ToString();
    }

    private static int Skip(string text, int position)
    {
        while (position < text.Length && char.IsWhiteSpace(text[position]))
        {
            position++;
        }

        return position;
    }

    private static FormatException Error(string text, int position, string problem) =>
        new($"invalid label matchers \"{text}\" at position {position}: {problem}");

    /// <summary>One matcher; the name and an exact value are kept as UTF-8 to compare with the scraped bytes.</summary>
    private sealed class LabelMatcher
    {
        private readonly byte[] name;
        private readonly byte[] value;
        private readonly Regex? regex;
        private readonly bool negated;

        private LabelMatcher(byte[] name, byte[] value, Regex? regex, bool negated)
        {
            this.name = name;
            this.value = value;
            this.regex = regex;
            this.negated = negated;
        }

        public static LabelMatcher Create(string name, string op, string value, string text, int position)
        {
            Regex? regex = null;
            if (op is "=~" or "!~")
            {
                try
                {
                    regex = new Regex($"^(?:{value})$", RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture, TimeSpan.FromMilliseconds(100));
                }
                catch (ArgumentException e)
                {
                    throw Error(text, position, $"the regular expression of {name} is invalid: {e.Message}");
                }
            }

            return new LabelMatcher(Encoding.UTF8.GetBytes(name), Encoding.UTF8.GetBytes(value), regex, op[0] == '!');
        }

        public bool Matches(PrometheusSample sample)
        {
            var index = sample.IndexOfLabel(name);
            bool equal;
            if (regex is null)
            {
                equal = index >= 0 ? sample.LabelValueEquals(index, value) : value.Length == 0;
            }
            else
            {
                equal = regex.IsMatch(index >= 0 ? sample.LabelValue(index) : string.Empty);
            }

            return equal != negated;
        }
    }
}
