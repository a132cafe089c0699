using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Erlmcp.Autoscaler.Simulation.Output;
using Erlmcp.Autoscaler.Simulation.Output.Report;
using Erlmcp.Autoscaler.Simulation.Model;
using Erlmcp.Autoscaler.Simulation.Scenarios;
using Erlmcp.Autoscaler.Simulation.Strategies;

namespace Erlmcp.Autoscaler.Simulation.Tests;

/// <summary>report.html: written by every run, self-contained, every chart present, and readable in a browser.</summary>
public class ReportTests
{
    // 12 h at the default 10 s samples: 4,321 samples, so every series is downsampled. The name is markup on purpose.
    private const string ScenarioName = "<b>flash & \"crowd\"</b>";

    private static readonly Lazy<SimulationResult> Run = new(() =>
    {
        var dir = TestFiles.Directory();
        var scenario = ScenarioReader.Read($"name: '{ScenarioName}'\ntrace: {{synthetic: {{days: 1}}}}\nduration: 12h\n", "report.yaml", dir);
        return SimulationRunner.Run(scenario, Path.Combine(dir, "out"));
    });

    private static string ReportPath => Path.Combine(Run.Value.OutputDirectory, SimulationResult.ReportFile);

    [Fact]
    public void The_report_is_written_beside_the_summary_with_every_chart_and_the_summary_table()
    {
        var html = File.ReadAllText(ReportPath);

        Assert.True(File.Exists(Path.Combine(Run.Value.OutputDirectory, SimulationResult.SummaryFile)));
        Assert.Equal(HtmlReport.ChartIds, Regex.Matches(html, "<svg id=\"([^\"]+)\"").Select(m => m.Groups[1].Value));
        var rows = Regex.Matches(html, "<tr><td>([^<]*)</td><td class=\"value\">([^<]*)</td></tr>")
            .Select(m => (WebUtility.HtmlDecode(m.Groups[1].Value), WebUtility.HtmlDecode(m.Groups[2].Value)));
        Assert.Equal(SummaryMeasures.Rows(Run.Value.Summary), rows);
        Assert.Contains(
            $"<td>pod-hours</td><td class=\"value\">{Run.Value.Summary.PodHours.ToString("#,0.##", CultureInfo.InvariantCulture)}</td>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void The_report_refers_to_nothing_outside_itself_and_encodes_the_scenario_name()
    {
        var html = File.ReadAllText(ReportPath);

        Assert.DoesNotMatch(new Regex(@"\b(src|href)\s*=", RegexOptions.IgnoreCase), html);
        Assert.DoesNotMatch(new Regex(@"<(script|link|img|iframe|object)\b|@import|url\(", RegexOptions.IgnoreCase), html);
        // The one URL is the SVG namespace, an identifier that is never fetched.
        Assert.Equal(["http://www.w3.org/2000/svg"], Regex.Matches(html, @"https?://[^""\s]*").Select(m => m.Value).Distinct());
        Assert.Contains("<h1>&lt;b&gt;flash &amp; &quot;crowd&quot;&lt;/b&gt; (baseline, seed 1): 12 h from 2026-01-05T00:00:00Z</h1>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_series_is_downsampled_to_at_most_2000_points()
    {
        var html = File.ReadAllText(ReportPath);
        var counts = Regex.Matches(html, "<(polyline|polygon) [^>]*points=\"([^\"]*)\"").Select(m => m.Groups[2].Value.Split(' ').Length).ToList();

        Assert.InRange(Regex.Count(html, "<rect "), 20, 20 * SvgHeatmap.MaxColumns);
        // 4 lines of connections, 3 of replicas, refusals, 2 bands (twice 2,000 points: upper edge then lower) and 2 lines.
        Assert.Equal(12, counts.Count);
        Assert.All(counts, c => Assert.InRange(c, 1000, 2 * SvgChart.MaxPoints));
        Assert.Equal(10, counts.Count(c => c <= SvgChart.MaxPoints));
    }

    [Fact]
    public void Chromium_renders_the_report_with_every_chart_and_a_screenshot_that_is_not_blank()
    {
        var screenshot = Path.Combine(Run.Value.OutputDirectory, "report.png");
        HeadlessChromium.Run(ReportPath, $"--screenshot={screenshot}", "--window-size=1400,2000");
        var dom = HeadlessChromium.Run(ReportPath, "--dump-dom");

        var png = PngPixels.Read(screenshot);
        Assert.Equal((1400, 2000), (png.Width, png.Height));
        // Four charts, text and a table: far more than 2% of the page is drawn. A blank page has none.
        Assert.InRange(png.CountNotWhite(), 1400 * 2000 / 50, 1400 * 2000 / 2);
        Assert.All(HtmlReport.ChartIds, id => Assert.Contains($"<svg id=\"{id}\"", dom, StringComparison.Ordinal));
        Assert.Contains("<table id=\"summary\">", dom, StringComparison.Ordinal);
    }

    [Theory]
    // 361 samples: one column each. 3,601 samples: 600 columns, sample k in column floor(k × 600 / 3601).
    [InlineData("10s", 361, 361)]
    [InlineData("1s", 3601, 600)]
    public void The_collector_keeps_every_sample_and_at_most_600_heatmap_columns(string sampleInterval, int samples, int columns)
    {
        var scenario = ScenarioReader.Read($"trace: {{synthetic: {{days: 1}}}}\nduration: 1h\noutput: {{sampleInterval: {sampleInterval}}}\n", "c.yaml", TestFiles.Directory());
        var collector = new ReportCollector(scenario.SampleInterval);
        ClusterSimulation.Create(scenario, scenario.Trace.Load(scenario.Seed).Trace, ScalingStrategies.Create(scenario), [collector]).Run();

        Assert.Equal(samples, collector.ElapsedSeconds.Count);
        Assert.Equal(columns, collector.PodColumns.Count);
        var step = 3600.0 / (samples - 1);
        Assert.Equal(Enumerable.Range(0, columns).Select(c => Math.Ceiling(c * (double)samples / columns) * step), collector.ColumnStartSeconds);
        // A column holds each pod's highest count over its samples: within the limit, and the last column's counts add up
        // to at least the connections of the last sample.
        Assert.All(collector.PodColumns, pods => Assert.All(pods, c => Assert.InRange(c, -1, collector.ConnectionLimit)));
        var last = collector.PodColumns[^1];
        Assert.InRange(last.Where(c => c > 0).Sum(), collector.Connections[^1], long.MaxValue);
    }

    [Fact]
    public void Min_max_downsampling_keeps_peaks_and_dips_in_order_within_the_limit()
    {
        var x = Enumerable.Range(0, 10_000).Select(i => (double)i).ToArray();
        var y = x.Select(i => i switch { 7_777 => 100.0, 3_333 => -50.0, _ => i % 7 }).ToArray();

        var (xs, ys) = SvgChart.MinMaxDownsample(x, y);

        Assert.InRange(xs.Length, SvgChart.MaxPoints / 2, SvgChart.MaxPoints);
        Assert.Equal(xs.Order(), xs);
        Assert.Equal(100.0, ys[Array.IndexOf(xs, 7_777.0)]);
        Assert.Equal(-50.0, ys[Array.IndexOf(xs, 3_333.0)]);
        Assert.Equal((100.0, -50.0), (ys.Max(), ys.Min()));
    }

    [Fact]
    public void Mean_downsampling_keeps_the_area()
    {
        var x = Enumerable.Range(0, 10_000).Select(i => (double)i).ToArray();
        var y = x.Select(i => (double)(i % 13)).ToArray();

        var (xs, ys) = SvgChart.MeanDownsample(x, y);

        Assert.Equal(SvgChart.MaxPoints, xs.Length);
        Assert.Equal(y.Average(), ys.Average(), precision: 9);
        Assert.Equal((2.0, 9997.0), (xs[0], xs[^1]));
    }

    [Fact]
    public void Short_series_are_drawn_as_they_are()
    {
        double[] x = [0, 1, 2], y = [5, 3, 4];

        var (minMaxX, minMaxY) = SvgChart.MinMaxDownsample(x, y);
        var (meanX, meanY) = SvgChart.MeanDownsample(x, y);

        Assert.Equal([x, y, x, y], [minMaxX, minMaxY, meanX, meanY]);
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(3_999, 0)]
    [InlineData(4_000, 1)]
    [InlineData(19_999, 4)]
    [InlineData(20_000, 4)]
    [InlineData(20_001, 5)]
    [InlineData(24_999, 5)]
    [InlineData(25_000, 6)]
    [InlineData(30_000, 6)]
    public void Heatmap_levels_are_fifths_of_the_target_then_above_target_then_at_limit(long connections, int level) =>
        Assert.Equal(level, new SvgHeatmap("h", "t", 20_000, 25_000).Level(connections));

    [Fact]
    public void The_heatmap_draws_each_run_of_one_level_as_one_rectangle_and_nothing_while_a_pod_is_not_running()
    {
        // Pod 0: 100, 150 (both the lowest fifth), 21,000 (above target), 25,000 (at limit); pod 1 runs from the third sample.
        long[][] pods = [[100, -1], [150, -1], [21_000, 5_000], [25_000, 5_000]];

        var svg = new SvgHeatmap("h", "t", 20_000, 25_000).Render([0, 1, 2, 3], 4, pods);

        var rows = Regex.Matches(svg, "<g class=\"pod-row\">(.*?)</g>").Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(2, rows.Count);
        Assert.Equal(["#c6dbef", "#fd8d3c", "#d62728"], Regex.Matches(rows[0], "fill=\"([^\"]+)\"").Select(m => m.Groups[1].Value));
        Assert.Equal(["#9ecae1"], Regex.Matches(rows[1], "fill=\"([^\"]+)\"").Select(m => m.Groups[1].Value));
        Assert.Contains(">pod 1</text>", svg, StringComparison.Ordinal);
        Assert.DoesNotContain(">pod 2</text>", svg, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(24.02, new[] { 0.0, 5, 10, 15, 20, 25 })]
    [InlineData(12, new[] { 0.0, 5, 10, 15 })]
    [InlineData(1, new[] { 0.0, 0.2, 0.4, 0.6000000000000001, 0.8, 1 })]
    [InlineData(500_000, new[] { 0.0, 100_000, 200_000, 300_000, 400_000, 500_000 })]
    [InlineData(41_000, new[] { 0.0, 10_000, 20_000, 30_000, 40_000, 50_000 })]
    public void Ticks_are_round_steps_from_zero_to_the_first_at_or_above_the_maximum(double max, double[] ticks) =>
        Assert.Equal(ticks, SvgChart.NiceTicks(max));

    [Theory]
    [InlineData(24.02, new[] { 0.0, 5, 10, 15, 20 })]
    [InlineData(25, new[] { 0.0, 5, 10, 15, 20, 25 })]
    [InlineData(2088.5, new[] { 0.0, 500, 1000, 1500, 2000 })]
    public void Time_ticks_stop_at_the_end_of_the_run(double hours, double[] ticks) =>
        Assert.Equal(ticks, SvgChart.TimeTicks(hours));
}
