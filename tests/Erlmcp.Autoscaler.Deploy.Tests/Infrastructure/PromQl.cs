namespace Erlmcp.Autoscaler.Deploy.Tests.Infrastructure;

/// <summary>
/// The series selectors of a PromQL expression, read with a small tokenizer of the PromQL grammar rather than by
/// pattern-matching names: function and aggregation names (followed by a parenthesis or by/without), keywords,
/// label lists of by/without/on/ignoring/group_left/group_right, strings, numbers and durations are not metrics;
/// label names inside {} are the selector's matchers.
/// </summary>
internal static class PromQl
{
    public sealed record Selector(string Metric, IReadOnlyList<string> MatcherLabels);

    private static readonly HashSet<string> Aggregations = new(StringComparer.Ordinal)
    {
        "sum", "min", "max", "avg", "group", "stddev", "stdvar", "count", "count_values", "bottomk", "topk", "quantile", "limitk", "limit_ratio",
    };

    private static readonly HashSet<string> Keywords = new(StringComparer.Ordinal)
    {
        "by", "without", "on", "ignoring", "group_left", "group_right", "bool", "and", "or", "unless", "offset", "atan2", "inf", "nan", "Inf", "NaN",
    };

    private static readonly HashSet<string> LabelListKeywords = new(StringComparer.Ordinal)
    {
        "by", "without", "on", "ignoring", "group_left", "group_right",
    };

    public static IReadOnlyList<Selector> Selectors(string expression)
    {
        var selectors = new List<Selector>();
        var i = 0;
        while (i < expression.Length)
        {
            var c = expression[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (c == '#')
            {
                i = SkipTo(expression, i, '\n');
            }
            else if (c is '"' or '\'' or '`')
            {
                i = SkipString(expression, i);
            }
            else if (c == '[')
            {
                i = SkipTo(expression, i, ']') + 1;
            }
            else if (char.IsDigit(c) || (c == '.' && i + 1 < expression.Length && char.IsDigit(expression[i + 1])))
            {
                while (i < expression.Length && (char.IsLetterOrDigit(expression[i]) || expression[i] is '.' or '_'))
                {
                    i++;
                }
            }
            else if (c == '{')
            {
                // A selector without a metric name.
                i = ReadMatchers(expression, i, out _);
            }
            else if (char.IsLetter(c) || c is '_' or ':')
            {
                var start = i;
                while (i < expression.Length && (char.IsLetterOrDigit(expression[i]) || expression[i] is '_' or ':'))
                {
                    i++;
                }

                var word = expression[start..i];
                var next = NextNonSpace(expression, i);
                if (LabelListKeywords.Contains(word) && next < expression.Length && expression[next] == '(')
                {
                    i = SkipTo(expression, next, ')') + 1;
                }
                else if (Keywords.Contains(word) || (next < expression.Length && expression[next] == '('))
                {
                    // A keyword, or a function or aggregation call.
                }
                else if (Aggregations.Contains(word) && IsWordAt(expression, next, "by", "without"))
                {
                    // An aggregation with its grouping first: sum by (x) (...).
                }
                else
                {
                    var labels = (IReadOnlyList<string>)[];
                    if (next < expression.Length && expression[next] == '{')
                    {
                        i = ReadMatchers(expression, next, out labels);
                    }

                    selectors.Add(new Selector(word, labels));
                }
            }
            else
            {
                i++;
            }
        }

        return selectors;
    }

    private static int ReadMatchers(string expression, int open, out IReadOnlyList<string> labels)
    {
        var names = new List<string>();
        var i = open + 1;
        while (i < expression.Length && expression[i] != '}')
        {
            var c = expression[i];
            if (c is '"' or '\'' or '`')
            {
                i = SkipString(expression, i);
            }
            else if (char.IsLetter(c) || c == '_')
            {
                var start = i;
                while (i < expression.Length && (char.IsLetterOrDigit(expression[i]) || expression[i] == '_'))
                {
                    i++;
                }

                names.Add(expression[start..i]);
            }
            else
            {
                i++;
            }
        }

        labels = names;
        return i + 1;
    }

    private static int SkipString(string expression, int open)
    {
        var quote = expression[open];
        var i = open + 1;
        while (i < expression.Length && expression[i] != quote)
        {
            i += expression[i] == '\\' && quote != '`' ? 2 : 1;
        }

        return i + 1;
    }

    private static int SkipTo(string expression, int from, char end)
    {
        var i = expression.IndexOf(end, from);
        return i < 0 ? expression.Length : i;
    }

    private static int NextNonSpace(string expression, int from)
    {
        while (from < expression.Length && char.IsWhiteSpace(expression[from]))
        {
            from++;
        }

        return from;
    }

    private static bool IsWordAt(string expression, int at, params string[] words) =>
        words.Any(w => string.CompareOrdinal(expression, at, w, 0, w.Length) == 0 &&
                       (at + w.Length == expression.Length || !char.IsLetterOrDigit(expression[at + w.Length])));
}
