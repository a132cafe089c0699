using System.Globalization;
using System.Text;
using Erlmcp.Autoscaler.Server.Sources.Prometheus;

namespace Erlmcp.Autoscaler.Server.Tests.Sources.Prometheus;

/// <summary>
/// The text format parser on the cases of client_golang's expfmt text_parse_test.go (format 0.0.4 ones; the
/// quoted UTF-8 names came later and are errors here), plus duplicate series and line endings.
/// </summary>
public sealed class PrometheusTextParserTests
{
    /// <summary>Each sample as <c>name{l="v",...} value [timestamp] @line</c>, labels in written order, values unescaped.</summary>
    private static (List<string> Samples, PrometheusParseResult Result) Parse(string text)
    {
        var sink = new RecordingSink();
        var result = PrometheusTextParser.Parse(Encoding.UTF8.GetBytes(text), sink);
        return (sink.Samples, result);
    }

    [Fact]
    public void Empty_lines_as_input()
    {
        var (samples, result) = Parse("\n\n");

        Assert.Empty(samples);
        Assert.Equal(new PrometheusParseResult(0, 0, []), result with { Errors = [] });
        Assert.Empty(result.Errors);
    }

    [Fact]
    public void Minimal_case()
    {
        var (samples, result) = Parse("""

            minimal_metric 1.234
            another_metric -3e3 103948
            # Even that:
            no_labels{} 3
            # HELP line for non-existing metric will be ignored.

            """);

        Assert.Equal(["minimal_metric{} 1.234 @2", "another_metric{} -3000 103948 @3", "no_labels{} 3 @5"], samples);
        Assert.Equal(0, result.ErrorCount);
    }

    [Fact]
    public void Counters_and_gauges_docstrings_various_whitespace_escape_sequences()
    {
        var (samples, result) = Parse("""

            # A normal comment.
            #
            # TYPE name counter
            name{labelname="val1",basename="basevalue"} NaN
            name {labelname="val2",basename="base\"v\\al\nue"} 0.23 1234567890
            # HELP name two-line\n doc  str\\ing

             # HELP  name2  	doc str"ing 2
              #    TYPE    name2 gauge
            name2{labelname="val2"	,basename   =   "basevalue2"		} +Inf 54321
            name2{ labelname = "val1" , }-Inf

            """);

        Assert.Equal(
            [
                "name{labelname=\"val1\",basename=\"basevalue\"} NaN @5",
                "name{labelname=\"val2\",basename=\"base\"v\\al\nue\"} 0.23 1234567890 @6",
                "name2{labelname=\"val2\",basename=\"basevalue2\"} Infinity 54321 @11",
                "name2{labelname=\"val1\"} -Infinity @12",
            ],
            samples);
        Assert.Equal(0, result.ErrorCount);
    }

    [Fact]
    public void The_evil_summary_mixed_with_other_types_and_funny_comments()
    {
        var (samples, result) = Parse("""

            # TYPE my_summary summary
            my_summary{n1="val1",quantile="0.5"} 110
            decoy -1 -2
            my_summary{n1="val1",quantile="0.9"} 140 1
            my_summary_count{n1="val1"} 42
            # Latest timestamp wins in case of a summary.
            my_summary_sum{n1="val1"} 4711 2
            fake_sum{n1="val1"} 2001
            # TYPE another_summary summary
            another_summary_count{n2="val2",n1="val1"} 20
            my_summary_count{n2="val2",n1="val1"} 5 5
            another_summary{n1="val1",n2="val2",quantile=".3"} -1.2
            my_summary_sum{n1="val2"} 08 15
            my_summary{n1="val3", quantile="0.2"} 4711
              my_summary{n1="val1",n2="val2",quantile="-12.34",} NaN
            # some
            # funny comments
            # HELP
            # HELP
            # HELP my_summary
            # HELP my_summary

            """);

        Assert.Equal(12, samples.Count);
        Assert.Equal("decoy{} -1 -2 @4", samples[1]);
        Assert.Equal("my_summary_sum{n1=\"val2\"} 8 15 @14", samples[9]);
        Assert.Equal("my_summary{n1=\"val1\",n2=\"val2\",quantile=\"-12.34\"} NaN @16", samples[11]);
        Assert.Equal(0, result.ErrorCount);
    }

    [Fact]
    public void The_histogram()
    {
        var (samples, result) = Parse("""

            # HELP request_duration_microseconds The response latency.
            # TYPE request_duration_microseconds histogram
            request_duration_microseconds_bucket{le="100"} 123
            request_duration_microseconds_bucket{le="120"} 412
            request_duration_microseconds_bucket{le="144"} 592
            request_duration_microseconds_bucket{le="172.8"} 1524
            request_duration_microseconds_bucket{le="+Inf"} 2693
            request_duration_microseconds_sum 1.7560473e+06
            request_duration_microseconds_count 2693

            """);

        Assert.Equal(7, samples.Count);
        Assert.Equal("request_duration_microseconds_bucket{le=\"+Inf\"} 2693 @8", samples[4]);
        Assert.Equal("request_duration_microseconds_sum{} 1756047.3 @9", samples[5]);
        Assert.Equal(0, result.ErrorCount);
    }

    // expfmt's error table (testTextParseError), by its numbers; the message is ours, the line is upstream's.
    [Theory]
    [InlineData("0 no new-line at end of input", "\nbla 3.14\nblubber 42", 3, "unexpected end of input: the last line does not end with \\n")]
    [InlineData("1 invalid escape sequence in label value", "metric{label=\"\\t\"} 3.14\n", 1, "invalid escape sequence in the value of label label (only \\\\, \\\" and \\n)")]
    [InlineData("2 newline in label value", "\nmetric{label=\"new\nline\"} 3.14\n", 2, "the value of label label is not closed by '\"'")]
    [InlineData("3 invalid label name", "metric{@=\"bla\"} 3.14\n", 1, "expected a label name at column 8, found '@'")]
    [InlineData("4 reserved label name", "metric{__name__=\"bla\"} 3.14\n", 1, "label name \"__name__\" is reserved")]
    [InlineData("5 no equals after label name", "metric{label+=\"bla\"} 3.14\n", 1, "expected '=' after label name label")]
    [InlineData("6 unquoted label value", "metric{label=bla} 3.14\n", 1, "expected '\"' to open the value of label label")]
    [InlineData("7 quantile not a number", "\n# TYPE metric summary\nmetric{quantile=\"bla\"} 3.14\n", 3, "expected a number as the value of label 'quantile', got \"bla\"")]
    [InlineData("8 unexpected end of label value", "metric{label=\"bla\"+} 3.14\n", 1, "expected ',' or '}' after the value of label label")]
    [InlineData("9 float timestamp", "metric{label=\"bla\"} 3.14 2.72\n", 1, "\"2.72\" is not a valid timestamp (integer milliseconds)")]
    [InlineData("10 spurious string after timestamp", "metric{label=\"bla\"} 3.14 2 3\n", 1, "unexpected text after the timestamp")]
    [InlineData("11 value not a float", "metric{label=\"bla\"} blubb\n", 1, "\"blubb\" is not a valid sample value")]
    [InlineData("12 second HELP", "\n# HELP metric one\n# HELP metric two\n", 3, "second HELP line for metric name metric")]
    [InlineData("13 second TYPE", "\n# TYPE metric counter\n# TYPE metric untyped\n", 3, "second TYPE line for metric name metric, or TYPE reported after samples")]
    [InlineData("14 TYPE after samples", "\nmetric 4.12\n# TYPE metric counter\n", 3, "second TYPE line for metric name metric, or TYPE reported after samples")]
    [InlineData("15 unknown metric type", "\n# TYPE metric bla\n", 2, "unknown metric type \"bla\" for metric (expected counter, gauge, histogram, summary, untyped)")]
    [InlineData("16 invalid metric name in comment", "\n# TYPE met-ric\n", 2, "invalid metric name \"met-ric\" in comment")]
    [InlineData("17 invalid metric name", "@invalidmetric{label=\"bla\"} 3.14 2\n", 1, "\"@invalidmetric{label=\"bla\"}\" does not start with a valid metric name")]
    [InlineData("18 no metric name", "{label=\"bla\"} 3.14 2\n", 1, "\"{label=\"bla\"}\" does not start with a valid metric name")]
    [InlineData("19 le not a number", "\n# TYPE metric histogram\nmetric_bucket{le=\"bla\"} 3.14\n", 3, "expected a number as the value of label 'le', got \"bla\"")]
    [InlineData("20 invalid UTF-8 in label value", "metric{l=\"\\xbd\"} 3.14\n", 1, "the value of label l is not valid UTF-8")]
    [InlineData("21 underscores in numbers", "foo 1_2\n", 1, "\"1_2\" is not a valid sample value")]
    [InlineData("22 hex floating point", "foo 0x1p-3\n", 1, "\"0x1p-3\" is not a valid sample value")]
    [InlineData("24 binary literal", "foo 0B1\n", 1, "\"0B1\" is not a valid sample value")]
    [InlineData("25 octal literal", "foo 0O1\n", 1, "\"0O1\" is not a valid sample value")]
    [InlineData("26 hex literal", "foo 0X1\n", 1, "\"0X1\" is not a valid sample value")]
    [InlineData("32 hex le", "\n# TYPE metric histogram\nmetric_bucket{le=\"0x1p-3\"} 3.14\n", 3, "expected a number as the value of label 'le', got \"0x1p-3\"")]
    [InlineData("33 hex quantile", "\n# TYPE metric summary\nmetric{quantile=\"0x1p-3\"} 3.14\n", 3, "expected a number as the value of label 'quantile', got \"0x1p-3\"")]
    [InlineData("34 duplicate label", "metric{label=\"bla\",label=\"bla\"} 3.14\n", 1, "duplicate label name label")]
    [InlineData("41 quoted metric name (a later format)", "{\"metric.name\",foo=\"bla\"} 3.14\n", 1, "\"{\"metric.name\",foo=\"bla\"}\" does not start with a valid metric name")]
    [InlineData("CRLF line ending", "metric 1\r\n", 1, "the line ends with \\r (carriage return): the text format ends lines with \\n only")]
    [InlineData("duplicate series, labels in another order", "m{a=\"1\",b=\"x\\\"y\"} 1\nm{b=\"x\\\"y\",a=\"1\"} 2\n", 2, "duplicate series m{b=\"x\\\"y\",a=\"1\"} (first at line 1)")]
    [InlineData("no value", "metric{a=\"b\"}\n", 1, "the sample has no value")]
    [InlineData("unclosed label set", "metric{a=\"b\" 1\n", 1, "expected ',' or '}' after the value of label a")]
    [InlineData("invalid character after the name", "up-1 5\n", 1, "invalid character '-' in metric name up")]
    [InlineData("invalid HELP escape", "# HELP m a\\tb\n", 1, "the HELP text of m has an escape other than \\\\ and \\n, or is not UTF-8")]
    public void A_bad_line_is_reported_with_its_number(string name, string text, int line, string message)
    {
        var bytes = Encoding.Latin1.GetBytes(text.Replace("\\xbd", "\u00bd", StringComparison.Ordinal));
        var sink = new RecordingSink();

        var result = PrometheusTextParser.Parse(bytes, sink);

        Assert.True(result.ErrorCount >= 1, name);
        Assert.Equal(new PrometheusTextError(line, message), result.Errors[0]);
    }

    [Fact]
    public void Bad_lines_are_not_fatal_for_the_others()
    {
        var (samples, result) = Parse("a 1\nb{x=\"1\",x=\"2\"} 2\nc 3\r\nd{y=\"\\q\"} 4\ne 5\ne 6\nf 7\n");

        Assert.Equal(["a{} 1 @1", "e{} 5 @5", "f{} 7 @7"], samples);
        Assert.Equal(4, result.ErrorCount);
        Assert.Equal([2, 3, 4, 6], result.Errors.Select(error => error.Line));
        Assert.Equal(3, result.Samples);
    }

    [Theory]
    [InlineData("NaN", double.NaN)]
    [InlineData("nan", double.NaN)]
    [InlineData("+Inf", double.PositiveInfinity)]
    [InlineData("-Inf", double.NegativeInfinity)]
    [InlineData("Inf", double.PositiveInfinity)]
    [InlineData("+infinity", double.PositiveInfinity)]
    [InlineData("-Infinity", double.NegativeInfinity)]
    [InlineData("1e3", 1000.0)]
    [InlineData("-0.5E-2", -0.005)]
    [InlineData(".5", 0.5)]
    [InlineData("5.", 5.0)]
    [InlineData("+7", 7.0)]
    [InlineData("08", 8.0)]
    [InlineData("1.7976931348623157e308", double.MaxValue)]
    public void Exotic_floats_read_as_Go_reads_them(string token, double expected)
    {
        Assert.True(PrometheusTextParser.TryParseValue(Encoding.ASCII.GetBytes(token), out var value));
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData("1,5")]
    [InlineData("1 000")]
    [InlineData("∞")]
    [InlineData("Infinit")]
    [InlineData("1e")]
    [InlineData("")]
    public void Other_number_spellings_are_refused(string token)
    {
        Assert.False(PrometheusTextParser.TryParseValue(Encoding.UTF8.GetBytes(token), out _));
    }

    [Fact]
    public void At_most_twenty_errors_are_kept_but_all_are_counted()
    {
        var text = string.Concat(Enumerable.Range(0, 50).Select(i => $"bad{i} x\n")) + "good 1\n";

        var (samples, result) = Parse(text);

        Assert.Equal(["good{} 1 @51"], samples);
        Assert.Equal(50, result.ErrorCount);
        Assert.Equal(PrometheusTextParser.MaxErrorsKept, result.Errors.Count);
        Assert.Equal(new PrometheusTextError(20, "\"x\" is not a valid sample value"), result.Errors[^1]);
    }

    [Fact]
    public void A_label_value_is_compared_unescaped_without_building_it()
    {
        var sink = new ProbeSink("x\"y\\z\nw"u8.ToArray());

        PrometheusTextParser.Parse("m{a=\"x\\\"y\\\\z\\nw\"} 1\nm{a=\"x\\\"y\\\\z\\nv\"} 2\nm{a=\"x\\\"y\\\\z\\n\"} 3\n"u8, sink);

        Assert.Equal([true, false, false], sink.Equal);
    }

    private sealed class RecordingSink : IPrometheusSampleSink
    {
        public List<string> Samples { get; } = [];

        public void Add(PrometheusSample sample)
        {
            var labels = new string[sample.LabelCount];
            for (var i = 0; i < labels.Length; i++)
            {
                labels[i] = $"{Encoding.ASCII.GetString(sample.LabelName(i))}=\"{sample.LabelValue(i)}\"";
            }

            var timestamp = sample.TimestampMilliseconds is { } ms ? " " + ms.ToString(CultureInfo.InvariantCulture) : string.Empty;
            Samples.Add($"{Encoding.ASCII.GetString(sample.MetricName)}{{{string.Join(',', labels)}}} {sample.Value.ToString(CultureInfo.InvariantCulture)}{timestamp} @{sample.LineNumber}");
        }
    }

    private sealed class ProbeSink(byte[] expected) : IPrometheusSampleSink
    {
        public List<bool> Equal { get; } = [];

        public void Add(PrometheusSample sample) => Equal.Add(sample.LabelValueEquals(sample.IndexOfLabel("a"u8), expected));
    }
}
