using System.Text;

namespace Erlmcp.Autoscaler.Server.Sources.Prometheus;

/// <summary>
/// One sample line of a Prometheus text exposition, as <see cref="PrometheusTextParser"/> hands it to an
/// <see cref="IPrometheusSampleSink"/>: views into the scraped bytes, valid only during the call. Reading the
/// name, a label name or comparing a label value allocates nothing; <see cref="LabelValue"/> builds a string.
/// </summary>
public readonly ref struct PrometheusSample
{
    private readonly ReadOnlySpan<byte> line;
    private readonly ReadOnlySpan<LabelPosition> labels;

    internal PrometheusSample(ReadOnlySpan<byte> line, ReadOnlySpan<byte> metricName, ReadOnlySpan<LabelPosition> labels, double value, long? timestamp, int lineNumber)
    {
        this.line = line;
        this.labels = labels;
        MetricName = metricName;
        Value = value;
        TimestampMilliseconds = timestamp;
        LineNumber = lineNumber;
    }

    /// <summary>The metric name, as UTF-8 (ASCII by the format's grammar).</summary>
    public ReadOnlySpan<byte> MetricName { get; }

    public int LabelCount => labels.Length;

    /// <summary>The sample's value; NaN and the infinities as written.</summary>
    public double Value { get; }

    /// <summary>The sample's timestamp in milliseconds since the Unix epoch, when the line has one.</summary>
    public long? TimestampMilliseconds { get; }

    /// <summary>The line of the exposition (from 1) the sample is on.</summary>
    public int LineNumber { get; }

    /// <summary>The name of label <paramref name="index"/> (in the order written), as UTF-8.</summary>
    public ReadOnlySpan<byte> LabelName(int index) => labels[index].Name(line);

    /// <summary>The index of the label called <paramref name="name"/> (UTF-8), or -1 when the sample has none.</summary>
    public int IndexOfLabel(ReadOnlySpan<byte> name)
    {
        for (var i = 0; i < labels.Length; i++)
        {
            if (labels[i].Name(line).SequenceEqual(name))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>True when label <paramref name="index"/>'s value, unescaped, is <paramref name="utf8"/>.</summary>
    public bool LabelValueEquals(int index, ReadOnlySpan<byte> utf8)
    {
        var escaped = labels[index].Value(line);
        if (!labels[index].Escaped)
        {
            return escaped.SequenceEqual(utf8);
        }

        var at = 0;
        for (var i = 0; i < escaped.Length; i++, at++)
        {
            var b = escaped[i];
            if (b == (byte)'\\')
            {
                b = Unescape(escaped[++i]);
            }

            if (at >= utf8.Length || utf8[at] != b)
            {
                return false;
            }
        }

        return at == utf8.Length;
    }

    /// <summary>Label <paramref name="index"/>'s value, unescaped.</summary>
    public string LabelValue(int index)
    {
        var escaped = labels[index].Value(line);
        if (!labels[index].Escaped)
        {
            return Encoding.UTF8.GetString(escaped);
        }

        Span<byte> buffer = escaped.Length <= 256 ? stackalloc byte[escaped.Length] : new byte[escaped.Length];
        var length = 0;
        for (var i = 0; i < escaped.Length; i++)
        {
            buffer[length++] = escaped[i] == (byte)'\\' ? Unescape(escaped[++i]) : escaped[i];
        }

        return Encoding.UTF8.GetString(buffer[..length]);
    }

    /// <summary>The character an escape sequence <c>\x</c> stands for; the parser admits only <c>\\</c>, <c>\"</c> and <c>\n</c>.</summary>
    internal static byte Unescape(byte escaped) => escaped == (byte)'n' ? (byte)'\n' : escaped;
}

/// <summary>Where a label's name and raw (still escaped) value are in its line.</summary>
internal readonly record struct LabelPosition(int NameStart, int NameLength, int ValueStart, int ValueLength, bool Escaped)
{
    public ReadOnlySpan<byte> Name(ReadOnlySpan<byte> line) => line.Slice(NameStart, NameLength);

    public ReadOnlySpan<byte> Value(ReadOnlySpan<byte> line) => line.Slice(ValueStart, ValueLength);
}

/// <summary>Receives each well-formed sample of an exposition, in order.</summary>
public interface IPrometheusSampleSink
{
    void Add(PrometheusSample sample);
}
