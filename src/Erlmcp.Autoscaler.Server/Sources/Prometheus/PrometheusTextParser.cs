using System.Buffers.Text;
using System.Globalization;
using System.Text;
using System.Text.Unicode;

namespace Erlmcp.Autoscaler.Server.Sources.Prometheus;

/// <summary>
/// A strict parser of the Prometheus text exposition format 0.0.4: lines end with <c>\n</c>; blanks are spaces and
/// tabs; <c># HELP name docstring</c> and <c># TYPE name type</c> once per metric name, other comments ignored;
/// samples <c>name{label="value",...} value [timestamp]</c> with the escapes <c>\\</c>, <c>\"</c> and <c>\n</c> in
/// label values, values as Go's ParseFloat reads them in decimal (with <c>NaN</c>, <c>+Inf</c>, <c>-Inf</c>) and
/// timestamps as integer milliseconds. A bad line is reported with its number and skipped; the other lines are still
/// read. As in client_golang's parser (expfmt): a last line without its <c>\n</c> is an error, and so is a
/// <c>\r</c> before the <c>\n</c> (the format knows no CRLF); the label <c>__name__</c> is reserved; a TYPE line
/// must come before the metric's samples; <c>le</c> of a histogram's buckets and <c>quantile</c> of a summary are
/// numbers; a HELP or TYPE comment without a metric name, or with a name and nothing after it, is a plain comment.
/// Beyond expfmt, a series that appears twice is an error on its second line.
/// </summary>
/// <remarks>
/// The parser walks the bytes once and hands samples to the sink as views into them; it allocates per metric name
/// declared by HELP or TYPE and per error, not per sample (a hash set of series keys finds duplicates).
/// </remarks>
public sealed class PrometheusTextParser
{
    /// <summary>How many errors a result keeps (it still counts them all), so a hostile body cannot grow it.</summary>
    public const int MaxErrorsKept = 20;

    private static readonly string[] MetricTypes = ["counter", "gauge", "histogram", "summary", "untyped"];

    private readonly List<LabelPosition> labels = [];
    private readonly List<LabelPosition> otherLabels = [];
    private readonly Dictionary<ulong, (int Start, int Length)> seriesByKey = [];
    private readonly HashSet<string> helped = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> types = new(StringComparer.Ordinal);
    private readonly HashSet<string> sampled = new(StringComparer.Ordinal);
    private readonly List<PrometheusTextError> errors = [];
    private int errorCount;
    private int samples;

    private PrometheusTextParser()
    {
    }

    /// <summary>Parses <paramref name="text"/> (UTF-8), giving every well-formed sample to <paramref name="sink"/>.</summary>
    public static PrometheusParseResult Parse(ReadOnlySpan<byte> text, IPrometheusSampleSink sink)
    {
        ArgumentNullException.ThrowIfNull(sink);
        var parser = new PrometheusTextParser();
        var lineNumber = 0;
        var start = 0;
        while (start < text.Length)
        {
            lineNumber++;
            var end = text[start..].IndexOf((byte)'\n');
            if (end < 0)
            {
                parser.Fail(lineNumber, "unexpected end of input: the last line does not end with \\n");
                break;
            }

            parser.ParseLine(text, start, end, lineNumber, sink);
            start += end + 1;
        }

        return new PrometheusParseResult(parser.samples, parser.errorCount, parser.errors);
    }

    private void ParseLine(ReadOnlySpan<byte> text, int start, int length, int lineNumber, IPrometheusSampleSink sink)
    {
        var line = text.Slice(start, length);
        if (line.Length > 0 && line[^1] == (byte)'\r')
        {
            Fail(lineNumber, "the line ends with \\r (carriage return): the text format ends lines with \\n only");
            return;
        }

        var position = SkipBlanks(line, 0);
        if (position == line.Length)
        {
            return;
        }

        var error = line[position] == (byte)'#' ? ParseComment(line, position + 1) : ParseSample(text, start, length, lineNumber, sink);
        if (error is not null)
        {
            Fail(lineNumber, error);
        }
    }

    private string? ParseComment(ReadOnlySpan<byte> line, int position)
    {
        position = SkipBlanks(line, position);
        var keyword = Token(line, position);
        var isHelp = keyword.SequenceEqual("HELP"u8);
        if (!isHelp && !keyword.SequenceEqual("TYPE"u8))
        {
            return null;
        }

        position = SkipBlanks(line, position + keyword.Length);
        var name = Token(line, position);
        if (name.Length == 0)
        {
            return null;
        }

        if (ScanMetricName(name) != name.Length)
        {
            return $"invalid metric name \"{Text(name)}\" in comment";
        }

        position = SkipBlanks(line, position + name.Length);
        if (position == line.Length)
        {
            return null;
        }

        var nameText = Encoding.ASCII.GetString(name);
        if (isHelp)
        {
            return !IsValidDocstring(line[position..])
                ? $"the HELP text of {nameText} has an escape other than \\\\ and \\n, or is not UTF-8"
                : helped.Add(nameText) ? null : $"second HELP line for metric name {nameText}";
        }

        var type = Token(line, position);
        var typeText = Encoding.UTF8.GetString(type);
        if (!MetricTypes.Contains(typeText, StringComparer.Ordinal))
        {
            return $"unknown metric type \"{typeText}\" for {nameText} (expected {string.Join(", ", MetricTypes)})";
        }

        if (SkipBlanks(line, position + type.Length) != line.Length)
        {
            return $"unexpected text after the type of {nameText}";
        }

        if (types.ContainsKey(nameText) || sampled.Contains(nameText))
        {
            return $"second TYPE line for metric name {nameText}, or TYPE reported after samples";
        }

        types[nameText] = typeText;
        return null;
    }

    private string? ParseSample(ReadOnlySpan<byte> text, int start, int length, int lineNumber, IPrometheusSampleSink sink)
    {
        var line = text.Slice(start, length);
        var error = ParseSeries(line, labels, out var nameStart, out var nameLength, out var position);
        if (error is not null)
        {
            return error;
        }

        position = SkipBlanks(line, position);
        var valueToken = Token(line, position);
        if (valueToken.Length == 0)
        {
            return "the sample has no value";
        }

        if (!TryParseValue(valueToken, out var value))
        {
            return $"\"{Text(valueToken)}\" is not a valid sample value";
        }

        position = SkipBlanks(line, position + valueToken.Length);
        long? timestamp = null;
        if (position < line.Length)
        {
            var timestampToken = Token(line, position);
            if (!Utf8Parser.TryParse(timestampToken, out long milliseconds, out var consumed) || consumed != timestampToken.Length)
            {
                return $"\"{Text(timestampToken)}\" is not a valid timestamp (integer milliseconds)";
            }

            timestamp = milliseconds;
            if (SkipBlanks(line, position + timestampToken.Length) != line.Length)
            {
                return "unexpected text after the timestamp";
            }
        }

        var metricName = line.Slice(nameStart, nameLength);
        if (CheckNumericLabel(line, metricName) is { } labelError)
        {
            return labelError;
        }

        var key = SeriesKey(metricName, line, labels);
        if (seriesByKey.TryGetValue(key, out var first))
        {
            var earlier = text.Slice(first.Start, first.Length);
            if (SameSeries(line, metricName, earlier))
            {
                return $"duplicate series {Text(metricName)}{{{LabelsText(line)}}} (first at line {LineOf(text, first.Start)})";
            }
        }
        else
        {
            // On a hash collision between different series the second is not remembered: a later duplicate of it
            // would go unreported, a 2^-64 chance that costs nothing worse.
            seriesByKey[key] = (start, length);
        }

        NoteSampled(metricName);
        samples++;
        sink.Add(new PrometheusSample(line, metricName, System.Runtime.InteropServices.CollectionsMarshal.AsSpan(labels), value, timestamp, lineNumber));
        return null;
    }

    /// <summary>Reads <c>name{labels}</c> into <paramref name="into"/>; <paramref name="position"/> is where the value should start.</summary>
    private static string? ParseSeries(ReadOnlySpan<byte> line, List<LabelPosition> into, out int nameStart, out int nameLength, out int position)
    {
        into.Clear();
        nameStart = SkipBlanks(line, 0);
        nameLength = ScanMetricName(line[nameStart..]);
        position = nameStart + nameLength;
        if (nameLength == 0)
        {
            return $"\"{Text(Token(line, nameStart))}\" does not start with a valid metric name";
        }

        position = SkipBlanks(line, position);
        if (position == line.Length || line[position] != (byte)'{')
        {
            // Only a blank or '{' may follow a name: "up-1 5" is not the metric "up".
            return position == nameStart + nameLength && position < line.Length
                ? $"invalid character '{(char)line[position]}' in metric name {Text(line.Slice(nameStart, nameLength))}"
                : null;
        }

        position = SkipBlanks(line, position + 1);
        while (position < line.Length && line[position] != (byte)'}')
        {
            var labelStart = position;
            var labelLength = ScanLabelName(line[position..]);
            if (labelLength == 0)
            {
                return $"expected a label name at column {position + 1}, found '{(char)line[position]}'";
            }

            var labelName = line.Slice(labelStart, labelLength);
            if (labelName.SequenceEqual("__name__"u8))
            {
                return "label name \"__name__\" is reserved";
            }

            foreach (var seen in into)
            {
                if (seen.Name(line).SequenceEqual(labelName))
                {
                    return $"duplicate label name {Text(labelName)}";
                }
            }

            position = SkipBlanks(line, position + labelLength);
            if (position == line.Length || line[position] != (byte)'=')
            {
                return $"expected '=' after label name {Text(labelName)}";
            }

            position = SkipBlanks(line, position + 1);
            if (position == line.Length || line[position] != (byte)'"')
            {
                return $"expected '\"' to open the value of label {Text(labelName)}";
            }

            var valueStart = ++position;
            var escaped = false;
            while (position < line.Length && line[position] != (byte)'"')
            {
                if (line[position] == (byte)'\\')
                {
                    if (position + 1 == line.Length || line[position + 1] is not ((byte)'\\' or (byte)'"' or (byte)'n'))
                    {
                        return $"invalid escape sequence in the value of label {Text(labelName)} (only \\\\, \\\" and \\n)";
                    }

                    escaped = true;
                    position++;
                }

                position++;
            }

            if (position == line.Length)
            {
                return $"the value of label {Text(labelName)} is not closed by '\"'";
            }

            if (!Utf8.IsValid(line[valueStart..position]))
            {
                return $"the value of label {Text(labelName)} is not valid UTF-8";
            }

            into.Add(new LabelPosition(labelStart, labelLength, valueStart, position - valueStart, escaped));
            position = SkipBlanks(line, position + 1);
            if (position < line.Length && line[position] == (byte)',')
            {
                position = SkipBlanks(line, position + 1);
            }
            else if (position < line.Length && line[position] != (byte)'}')
            {
                return $"expected ',' or '}}' after the value of label {Text(labelName)}";
            }
        }

        if (position == line.Length)
        {
            return "the label set is not closed by '}'";
        }

        position++;
        return null;
    }

    /// <summary>A histogram bucket's <c>le</c> and a summary's <c>quantile</c> must be numbers.</summary>
    private string? CheckNumericLabel(ReadOnlySpan<byte> line, ReadOnlySpan<byte> metricName)
    {
        if (types.Count == 0)
        {
            return null;
        }

        Span<char> name = metricName.Length <= 256 ? stackalloc char[metricName.Length] : new char[metricName.Length];
        Encoding.ASCII.GetChars(metricName, name);
        var byName = types.GetAlternateLookup<ReadOnlySpan<char>>();
        ReadOnlySpan<byte> label;
        if (name.EndsWith("_bucket") && byName.TryGetValue(name[..^"_bucket".Length], out var bucketType) && bucketType == "histogram")
        {
            label = "le"u8;
        }
        else if (byName.TryGetValue(name, out var type) && type == "summary")
        {
            label = "quantile"u8;
        }
        else
        {
            return null;
        }

        foreach (var position in labels)
        {
            if (position.Name(line).SequenceEqual(label))
            {
                var value = position.Value(line);
                return TryParseValue(value, out _) ? null : $"expected a number as the value of label '{Text(label)}', got \"{Text(value)}\"";
            }
        }

        return null;
    }

    /// <summary>Remembers that the metric has samples (a TYPE for it is then too late); allocates once per name.</summary>
    private void NoteSampled(ReadOnlySpan<byte> metricName)
    {
        Span<char> name = metricName.Length <= 256 ? stackalloc char[metricName.Length] : new char[metricName.Length];
        Encoding.ASCII.GetChars(metricName, name);
        if (!sampled.GetAlternateLookup<ReadOnlySpan<char>>().Contains(name))
        {
            sampled.Add(name.ToString());
        }
    }

    private bool SameSeries(ReadOnlySpan<byte> line, ReadOnlySpan<byte> metricName, ReadOnlySpan<byte> earlier)
    {
        ParseSeries(earlier, otherLabels, out var nameStart, out var nameLength, out _);
        if (!earlier.Slice(nameStart, nameLength).SequenceEqual(metricName) || otherLabels.Count != labels.Count)
        {
            return false;
        }

        foreach (var label in labels)
        {
            if (!HasLabel(earlier, otherLabels, line, label))
            {
                return false;
            }
        }

        return true;
    }

    private static bool HasLabel(ReadOnlySpan<byte> line, List<LabelPosition> labels, ReadOnlySpan<byte> otherLine, LabelPosition wanted)
    {
        foreach (var label in labels)
        {
            // The escaped form of a value is unique (a raw '\', '"' or newline cannot appear), so raw bytes compare.
            if (label.Name(line).SequenceEqual(wanted.Name(otherLine)) && label.Value(line).SequenceEqual(wanted.Value(otherLine)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A 64-bit key of the series that does not depend on the order its labels are written in.</summary>
    private static ulong SeriesKey(ReadOnlySpan<byte> metricName, ReadOnlySpan<byte> line, List<LabelPosition> labels)
    {
        var key = Mix(Fnv(Fnv(FnvOffset, metricName), "\0"u8));
        foreach (var label in labels)
        {
            key += Mix(Fnv(Fnv(Fnv(FnvOffset, label.Name(line)), "="u8), label.Value(line)));
        }

        return key;
    }

    private const ulong FnvOffset = 14695981039346656037UL;

    private static ulong Fnv(ulong hash, ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes)
        {
            hash = (hash ^ b) * 1099511628211UL;
        }

        return hash;
    }

    /// <summary>SplitMix64's finalizer: spreads each label's hash before the order-free sum.</summary>
    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Go's ParseFloat on decimal text, plus the special values it admits (case-insensitive).</summary>
    internal static bool TryParseValue(ReadOnlySpan<byte> token, out double value)
    {
        Span<char> lower = stackalloc char[9];
        if (token.Length <= lower.Length)
        {
            var length = Encoding.ASCII.GetChars(token, lower);
            var special = lower[..length];
            for (var i = 0; i < special.Length; i++)
            {
                special[i] = char.ToLowerInvariant(special[i]);
            }

            switch (special)
            {
                case "nan" or "+nan" or "-nan":
                    value = double.NaN;
                    return true;
                case "inf" or "+inf" or "infinity" or "+infinity":
                    value = double.PositiveInfinity;
                    return true;
                case "-inf" or "-infinity":
                    value = double.NegativeInfinity;
                    return true;
            }
        }

        // Digits, an optional sign, point and exponent only: no thousands separators, no hexadecimal.
        foreach (var b in token)
        {
            if (!(char.IsAsciiDigit((char)b) || b is (byte)'+' or (byte)'-' or (byte)'.' or (byte)'e' or (byte)'E'))
            {
                value = 0;
                return false;
            }
        }

        return double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }

    private static bool IsValidDocstring(ReadOnlySpan<byte> docstring)
    {
        for (var i = 0; i < docstring.Length; i++)
        {
            if (docstring[i] == (byte)'\\' && (++i == docstring.Length || docstring[i] is not ((byte)'\\' or (byte)'n')))
            {
                return false;
            }
        }

        return Utf8.IsValid(docstring);
    }

    /// <summary>Length of the metric name at the start: <c>[a-zA-Z_:][a-zA-Z0-9_:]*</c>.</summary>
    private static int ScanMetricName(ReadOnlySpan<byte> text)
    {
        var length = 0;
        while (length < text.Length && (char.IsAsciiLetter((char)text[length]) || text[length] is (byte)'_' or (byte)':' || (length > 0 && char.IsAsciiDigit((char)text[length]))))
        {
            length++;
        }

        return length;
    }

    /// <summary>Length of the label name at the start: <c>[a-zA-Z_][a-zA-Z0-9_]*</c>.</summary>
    private static int ScanLabelName(ReadOnlySpan<byte> text)
    {
        var length = 0;
        while (length < text.Length && (char.IsAsciiLetter((char)text[length]) || text[length] == (byte)'_' || (length > 0 && char.IsAsciiDigit((char)text[length]))))
        {
            length++;
        }

        return length;
    }

    private static bool IsBlank(byte b) => b is (byte)' ' or (byte)'\t';

    private static int SkipBlanks(ReadOnlySpan<byte> line, int position)
    {
        while (position < line.Length && IsBlank(line[position]))
        {
            position++;
        }

        return position;
    }

    /// <summary>The token at <paramref name="position"/>: up to the next blank or the end of the line.</summary>
    private static ReadOnlySpan<byte> Token(ReadOnlySpan<byte> line, int position)
    {
        var rest = line[position..];
        var end = rest.IndexOfAny((byte)' ', (byte)'\t');
        return end < 0 ? rest : rest[..end];
    }

    private static int LineOf(ReadOnlySpan<byte> text, int offset) => text[..offset].Count((byte)'\n') + 1;

    private string LabelsText(ReadOnlySpan<byte> line)
    {
        var parts = new string[labels.Count];
        for (var i = 0; i < labels.Count; i++)
        {
            parts[i] = $"{Text(labels[i].Name(line))}=\"{Text(labels[i].Value(line))}\"";
        }

        return string.Join(',', parts);
    }

    /// <summary>Bytes of the input for an error message, cut short so that a huge line cannot make a huge message.</summary>
    private static string Text(ReadOnlySpan<byte> bytes) =>
        bytes.Length <= 64 ? Encoding.UTF8.GetString(bytes) : Encoding.UTF8.GetString(bytes[..64]) + "...";

    private void Fail(int lineNumber, string message)
    {
        errorCount++;
        if (errors.Count < MaxErrorsKept)
        {
            errors.Add(new PrometheusTextError(lineNumber, message));
        }
    }
}

/// <summary>A line of the exposition that was not read, and why.</summary>
public sealed record PrometheusTextError(int Line, string Message)
{
    public override string ToString() => $"line {Line}: {Message}";
}

/// <summary>What a parse found: how many samples it gave the sink, how many lines were bad, and the first bad ones.</summary>
public sealed record PrometheusParseResult(int Samples, int ErrorCount, IReadOnlyList<PrometheusTextError> Errors);
