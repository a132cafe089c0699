using Erlmcp.Autoscaler.Simulation.Manifests;
using Erlmcp.Autoscaler.Simulation.Traces;

namespace Erlmcp.Autoscaler.Simulation.Tests;

public class TraceReaderTests
{
    [Theory]
    [InlineData("2026-11-26T12:00:00Z", 1795694400000)]
    [InlineData("2026-11-26T13:00:00+01:00", 1795694400000)]
    [InlineData("2026-11-26T12:00:00.250Z", 1795694400250)]
    [InlineData("1764158400", 1764158400000)]
    [InlineData("1764158400.5", 1764158400500)]
    [InlineData("1998-04-30 21:30:00", 893971800000)]
    public void Timestamps_in_each_accepted_form(string text, long expected)
    {
        Assert.True(TraceTimestamp.TryParse(text, out var parsed));
        Assert.Equal(expected, parsed);
    }

    [Theory]
    [InlineData("")]
    [InlineData("2026-11-26T12:00:00")]
    [InlineData("2026-13-26T12:00:00Z")]
    [InlineData("yesterday")]
    [InlineData("-5")]
    [InlineData("1998-04-30 21:30")]
    public void Timestamps_rejected(string text) => Assert.False(TraceTimestamp.TryParse(text, out _));

    [Fact]
    public void Opened_trace_with_unix_seconds()
    {
        var result = Read("ts,opened\n60,5\n120,7\n180,0\n", TraceFormat.Opened);
        var trace = Assert.IsType<OpenedTrace>(result.Trace);
        Assert.Equal(60_000, trace.StartMs);
        Assert.Equal(60_000, trace.IntervalMs);
        Assert.Equal([5.0, 7, 0], trace.Opened);
        Assert.Equal(240_000, trace.EndMs);
        Assert.Empty(result.Warnings);
    }

    [Fact]
    public void A_gap_is_a_warning_naming_its_line_and_counts_as_no_sessions()
    {
        var result = Read("ts,opened\n# calibration: one session per request\n2026-01-01T00:00:00Z,5\n2026-01-01T00:01:00Z,5\n2026-01-01T00:04:00Z,9\n", TraceFormat.Opened);
        var trace = Assert.IsType<OpenedTrace>(result.Trace);
        Assert.Equal([5.0, 5, 0, 0, 9], trace.Opened);
        Assert.Equal(["t.csv:5: gap: 2 missing interval(s) of 1m before this row, replayed as no sessions opened"], result.Warnings);
    }

    [Fact]
    public void Every_bad_row_is_reported_with_its_line_and_the_trace_is_refused()
    {
        const string text = """
            ts,opened
            2026-01-01T00:00:00Z,5
            2026-01-01T00:01:00,5
            2026-01-01T00:02:00Z,lots
            2026-01-01T00:03:00Z,-4
            2026-01-01T00:03:00Z,2
            2026-01-01T00:04:00Z,1,extra
            2026-01-01T00:05:00Z,3
            2026-01-01T00:04:30Z,3
            """;
        var error = Assert.Throws<InputException>(() => Read(text, TraceFormat.Opened));
        Assert.Equal(
            """
            t.csv: 5 bad row(s):
            t.csv:3: ts: "2026-01-01T00:01:00" is not an RFC 3339 time (2026-11-26T12:00:00Z), Unix seconds, or YYYY-MM-DD HH:MM:SS (UTC)
            t.csv:4: opened: "lots" is not a non-negative integer
            t.csv:5: opened: "-4" is not a non-negative integer
            t.csv:7: expected 2 fields (ts,opened), found 3
            t.csv:9: out of order: 2026-01-01T00:04:30Z is earlier than line 8 (2026-01-01T00:05:00Z)
            """.ReplaceLineEndings("\n"),
            error.Message);
    }

    [Fact]
    public void A_duplicate_timestamp_is_an_error()
    {
        var error = Assert.Throws<InputException>(() => Read("ts,connections\n0,10\n10,20\n10,30\n", TraceFormat.Connections));
        Assert.Equal("t.csv: 1 bad row(s):\nt.csv:4: duplicate timestamp 1970-01-01T00:00:10Z (also on line 3)", error.Message);
    }

    [Fact]
    public void Rows_off_the_interval_grid_are_errors()
    {
        var error = Assert.Throws<InputException>(() => Read("ts,opened\n0,1\n60,1\n120,1\n150,1\n", TraceFormat.Opened));
        Assert.Equal("t.csv: 1 bad row(s):\nt.csv:5: 1970-01-01T00:02:30Z is not on the trace's 1m interval grid starting at 1970-01-01T00:00:00Z", error.Message);
    }

    [Fact]
    public void A_wrong_header_is_refused()
    {
        var error = Assert.Throws<InputException>(() => Read("time,opened\n0,1\n", TraceFormat.Opened));
        Assert.Equal("t.csv:1: expected the header \"ts,opened\", found \"time,opened\"", error.Message);
    }

    [Fact]
    public void A_header_without_rows_is_refused()
    {
        var error = Assert.Throws<InputException>(() => Read("ts,opened\n", TraceFormat.Opened));
        Assert.Equal("t.csv: the trace has a header but no rows", error.Message);
    }

    [Fact]
    public void Per_pod_gauges_are_summed_per_timestamp()
    {
        var result = Read("ts,pod,connections\n0,erlmcp-0,100\n0,erlmcp-1,50\n30,erlmcp-0,120\n30,erlmcp-1,60\n60,erlmcp-0,10\n", TraceFormat.PodConnections);
        var trace = Assert.IsType<ConnectionsTrace>(result.Trace);
        Assert.Equal([0L, 30_000, 60_000], trace.TimesMs);
        Assert.Equal([150.0, 180, 10], trace.Connections);
    }

    [Fact]
    public void A_pod_twice_at_one_timestamp_is_an_error()
    {
        var error = Assert.Throws<InputException>(() => Read("ts,pod,connections\n0,erlmcp-0,100\n0,erlmcp-0,50\n", TraceFormat.PodConnections));
        Assert.Equal("t.csv: 1 bad row(s):\nt.csv:3: duplicate row for pod \"erlmcp-0\" at 1970-01-01T00:00:00Z", error.Message);
    }

    [Fact]
    public void Requests_are_counted_per_bin()
    {
        var result = TraceReader.Read(
            new StringReader("ts,path\n2026-01-01T00:00:00.100Z,/mcp\n2026-01-01T00:00:00.900Z,/mcp\n2026-01-01T00:00:02.000Z,/sse\n"),
            "r.csv", TraceFormat.Requests, requestBinMs: 1000);
        var trace = Assert.IsType<OpenedTrace>(result.Trace);
        Assert.Equal(1000, trace.IntervalMs);
        Assert.Equal([2.0, 0, 1], trace.Opened);
        Assert.Equal(["r.csv:4: gap: 1 missing interval(s) of 1s before this row, replayed as no sessions opened"], result.Warnings);
    }

    [Fact]
    public void A_gauge_is_linear_between_its_points_and_held_after_the_last()
    {
        var trace = new ConnectionsTrace([0, 10_000, 20_000], [100, 200, 0]);
        var cursor = 0;
        Assert.Equal(100, trace.At(-5, ref cursor));
        Assert.Equal(150, trace.At(5_000, ref cursor));
        Assert.Equal(200, trace.At(10_000, ref cursor));
        Assert.Equal(50, trace.At(17_500, ref cursor));
        Assert.Equal(0, trace.At(90_000, ref cursor));
    }

    [Fact]
    public void The_writer_keeps_the_running_total_when_scaling()
    {
        var trace = new OpenedTrace(0, 60_000, [1, 1, 1, 0, 1]);
        using var output = new StringWriter();
        var written = OpenedTraceWriter.Write((OpenedTrace)trace.Scaled(0.5), output);
        // Running totals 0.5, 1, 1.5, 1.5, 2 round to 1, 1, 2, 2, 2.
        Assert.Equal(2, written);
        Assert.Equal(
            "ts,opened\n1970-01-01T00:00:00Z,1\n1970-01-01T00:01:00Z,0\n1970-01-01T00:02:00Z,1\n1970-01-01T00:03:00Z,0\n1970-01-01T00:04:00Z,0\n",
            output.ToString());
    }

    [Fact]
    public void The_world_cup_file_reads_with_its_gaps_reported()
    {
        var result = TraceReader.ReadFile(TestFiles.WorldCupTrace, TraceFormat.WorldCup98);
        var trace = Assert.IsType<OpenedTrace>(result.Trace);
        Assert.Equal(new DateTimeOffset(1998, 4, 30, 21, 30, 0, TimeSpan.Zero).ToUnixTimeMilliseconds(), trace.StartMs);
        Assert.Equal(60_000, trace.IntervalMs);

        // 125,300 rows, and 10 minutes missing in 7 gaps.
        Assert.Equal(125_310, trace.Opened.Length);
        Assert.Equal(7, result.Warnings.Count);
        Assert.Equal($"{TestFiles.WorldCupTrace}:10434: gap: 1 missing interval(s) of 1m before this row, replayed as no sessions opened", result.Warnings[0]);
        Assert.Equal(229_426, trace.Opened.Max());
        Assert.Equal(1_352_804_107, trace.Opened.Sum());
    }

    private static TraceReadResult Read(string text, TraceFormat format) => TraceReader.Read(new StringReader(text), "t.csv", format);
}
