using System.Globalization;
using Erlmcp.Autoscaler.Simulation.Manifests;

namespace Erlmcp.Autoscaler.Simulation.Traces;

/// <summary>A trace read from a file, with the gaps found in it (reported, not fatal).</summary>
public sealed record TraceReadResult(LoadTrace Trace, IReadOnlyList<string> Warnings);

/// <summary>
/// Reads trace files (<see cref="TraceFormat"/>). Every bad row is reported with its file and line — bad timestamps,
/// bad numbers, wrong field counts, duplicate and out-of-order rows — all of them at once, in one
/// <see cref="InputException"/>: a trace with a bad row is not replayed. Gaps in a regular series are warnings.
/// </summary>
public static class TraceReader
{
    private const int MaxReported = 50;

    /// <param name="path">The file.</param>
    /// <param name="format">Its format.</param>
    /// <param name="intervalMs">The interval each row of an opened trace covers; null infers it as the most common
    /// spacing of the rows.</param>
    /// <param name="requestBinMs">The bins request timestamps are counted in.</param>
    public static TraceReadResult ReadFile(string path, TraceFormat format, long? intervalMs = null, long requestBinMs = 1000)
    {
        if (!File.Exists(path))
        {
            throw new InputException($"{path}: no such trace file");
        }

        using var rows = CsvRowReader.Open(path);
        return Read(rows, path, format, intervalMs, requestBinMs);
    }

    public static TraceReadResult Read(TextReader text, string source, TraceFormat format, long? intervalMs = null, long requestBinMs = 1000)
    {
        using var rows = new CsvRowReader(text);
        return Read(rows, source, format, intervalMs, requestBinMs);
    }

    private static TraceReadResult Read(CsvRowReader rows, string source, TraceFormat format, long? intervalMs, long requestBinMs)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(requestBinMs);
        var problems = new Problems(source);
        var header = TraceFormats.Header(format);
        if (!rows.Read())
        {
            throw new InputException($"{source}: the trace is empty (expected the header \"{string.Join(',', header)}\")");
        }

        if (!HasHeader(rows, header, format == TraceFormat.Requests))
        {
            throw new InputException($"{source}:{rows.LineNumber}: expected the header \"{string.Join(',', header)}\", found \"{rows.Line}\"");
        }

        var series = new Series();
        HashSet<string>? podsAtTime = format == TraceFormat.PodConnections ? new(StringComparer.Ordinal) : null;
        long previousMs = long.MinValue;
        var previousLine = 0;
        while (rows.Read())
        {
            if (format == TraceFormat.Requests ? rows.FieldCount < 1 : rows.FieldCount != header.Length)
            {
                problems.Error(rows.LineNumber, $"expected {header.Length} fields ({string.Join(',', header)}), found {Math.Min(rows.FieldCount, 16)}{(rows.FieldCount > 16 ? "+" : "")}");
                continue;
            }

            if (!TraceTimestamp.TryParse(rows.Field(0), out var timeMs))
            {
                problems.Error(rows.LineNumber, $"{header[0]}: \"{rows.Field(0)}\" is not {TraceTimestamp.Expected}");
                continue;
            }

            var value = 1.0;
            var valueColumn = header.Length - 1;
            if (format != TraceFormat.Requests && !TryCount(rows.Field(valueColumn), out value))
            {
                problems.Error(rows.LineNumber, $"{header[valueColumn]}: \"{rows.Field(valueColumn)}\" is not a non-negative integer");
                continue;
            }

            if (timeMs < previousMs)
            {
                problems.Error(rows.LineNumber, $"out of order: {TraceTimestamp.Format(timeMs)} is earlier than line {previousLine} ({TraceTimestamp.Format(previousMs)})");
                continue;
            }

            if (timeMs == previousMs && format != TraceFormat.Requests)
            {
                if (podsAtTime is null)
                {
                    problems.Error(rows.LineNumber, $"duplicate timestamp {TraceTimestamp.Format(timeMs)} (also on line {previousLine})");
                    continue;
                }

                var pod = rows.Field(1).ToString();
                if (!podsAtTime.Add(pod))
                {
                    problems.Error(rows.LineNumber, $"duplicate row for pod \"{pod}\" at {TraceTimestamp.Format(timeMs)}");
                    continue;
                }

                series.AddToLast(value);
            }
            else
            {
                podsAtTime?.Clear();
                podsAtTime?.Add(rows.Field(1).ToString());
                if (format == TraceFormat.Requests)
                {
                    series.AddToBin(timeMs - Mod(timeMs, requestBinMs), rows.LineNumber);
                }
                else
                {
                    series.Add(timeMs, value, rows.LineNumber);
                }
            }

            previousMs = timeMs;
            previousLine = rows.LineNumber;
        }

        problems.ThrowIfAny();
        if (series.Times.Count == 0)
        {
            throw new InputException($"{source}: the trace has a header but no rows");
        }

        return format switch
        {
            TraceFormat.Opened or TraceFormat.WorldCup98 => Opened(series, problems, intervalMs),
            TraceFormat.Requests => Opened(series, problems, requestBinMs),
            _ => Gauge(series, problems),
        };
    }

    private static TraceReadResult Opened(Series series, Problems problems, long? intervalMs)
    {
        var interval = intervalMs ?? InferInterval(series)
            ?? throw new InputException($"{problems.Source}: one row only: give the interval it covers (trace.interval)");
        var start = series.Times[0];
        var lastIndex = 0L;
        for (var i = 1; i < series.Times.Count; i++)
        {
            var sinceStart = series.Times[i] - start;
            if (sinceStart % interval != 0)
            {
                problems.Error(series.Lines[i], $"{TraceTimestamp.Format(series.Times[i])} is not on the trace's {Seconds(interval)} interval grid starting at {TraceTimestamp.Format(start)}");
                continue;
            }

            var index = sinceStart / interval;
            if (index > lastIndex + 1)
            {
                problems.Warn(series.Lines[i], $"gap: {index - lastIndex - 1} missing interval(s) of {Seconds(interval)} before this row, replayed as no sessions opened");
            }

            lastIndex = index;
        }

        problems.ThrowIfAny();
        var opened = new double[lastIndex + 1];
        for (var i = 0; i < series.Times.Count; i++)
        {
            opened[(series.Times[i] - start) / interval] = series.Values[i];
        }

        return new TraceReadResult(new OpenedTrace(start, interval, opened), problems.Warnings());
    }

    private static TraceReadResult Gauge(Series series, Problems problems)
    {
        // A gauge may be written as a few points to interpolate between; gaps only mean something in a regular one.
        if (InferInterval(series) is { } interval && IsRegular(series, interval))
        {
            for (var i = 1; i < series.Times.Count; i++)
            {
                var spacing = series.Times[i] - series.Times[i - 1];
                if (spacing > interval)
                {
                    problems.Warn(series.Lines[i], $"gap: {Seconds(spacing)} since the previous row where the trace's interval is {Seconds(interval)}; replayed as a straight line");
                }
            }
        }

        return new TraceReadResult(new ConnectionsTrace([.. series.Times], [.. series.Values]), problems.Warnings());
    }

    // The most common spacing of consecutive rows (the smallest on a tie), or null with fewer than two rows.
    private static long? InferInterval(Series series)
    {
        if (series.Times.Count < 2)
        {
            return null;
        }

        var counts = new Dictionary<long, int>();
        for (var i = 1; i < series.Times.Count; i++)
        {
            var spacing = series.Times[i] - series.Times[i - 1];
            counts[spacing] = counts.GetValueOrDefault(spacing) + 1;
        }

        return counts.OrderByDescending(c => c.Value).ThenBy(c => c.Key).First().Key;
    }

    // At least half of the spacings are the interval.
    private static bool IsRegular(Series series, long interval)
    {
        var regular = 0;
        for (var i = 1; i < series.Times.Count; i++)
        {
            regular += series.Times[i] - series.Times[i - 1] == interval ? 1 : 0;
        }

        return 2 * regular >= series.Times.Count - 1;
    }

    private static bool HasHeader(CsvRowReader rows, string[] header, bool extraColumnsAllowed)
    {
        if (rows.FieldCount < header.Length || (!extraColumnsAllowed && rows.FieldCount != header.Length))
        {
            return false;
        }

        for (var i = 0; i < header.Length; i++)
        {
            if (!rows.Field(i).Equals(header[i], StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }
        }

        return true;
    }

    private static bool TryCount(ReadOnlySpan<char> text, out double value)
    {
        var ok = long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var count);
        value = count;
        return ok;
    }

    private static long Mod(long value, long divisor) => ((value % divisor) + divisor) % divisor;

    private static string Seconds(long milliseconds) => GoDuration.Format(TimeSpan.FromMilliseconds(milliseconds));

    /// <summary>The rows read so far: one point per timestamp (per-pod rows summed, requests counted per bin).</summary>
    private sealed class Series
    {
        public List<long> Times { get; } = [];

        public List<double> Values { get; } = [];

        public List<int> Lines { get; } = [];

        public void Add(long timeMs, double value, int line)
        {
            Times.Add(timeMs);
            Values.Add(value);
            Lines.Add(line);
        }

        public void AddToLast(double value) => Values[^1] += value;

        public void AddToBin(long binMs, int line)
        {
            if (Times.Count > 0 && Times[^1] == binMs)
            {
                Values[^1]++;
            }
            else
            {
                Add(binMs, 1, line);
            }
        }
    }

    /// <summary>Errors and warnings with their file and line; at most 50 of each are listed.</summary>
    private sealed class Problems(string source)
    {
        private readonly List<string> _errors = [];
        private readonly List<string> _warnings = [];
        private int _errorCount;
        private int _warningCount;

        public string Source => source;

        public void Error(int line, string message)
        {
            if (++_errorCount <= MaxReported)
            {
                _errors.Add($"{source}:{line}: {message}");
            }
        }

        public void Warn(int line, string message)
        {
            if (++_warningCount <= MaxReported)
            {
                _warnings.Add($"{source}:{line}: {message}");
            }
        }

        public void ThrowIfAny()
        {
            if (_errorCount == 0)
            {
                return;
            }

            var more = _errorCount > MaxReported ? $"\n... and {_errorCount - MaxReported} more bad rows" : "";
            throw new InputException($"{source}: {_errorCount} bad row(s):\n{string.Join('\n', _errors)}{more}");
        }

        public List<string> Warnings() => _warningCount > MaxReported
            ? [.. _warnings, $"{source}: ... and {_warningCount - MaxReported} more gaps"]
            : _warnings;
    }
}
