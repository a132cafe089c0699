using System.Net;
using System.Text.RegularExpressions;
using Erlmcp.Autoscaler.Simulation.Comparison;
using Erlmcp.Autoscaler.Simulation.Output;
using Erlmcp.Autoscaler.Simulation.Output.Report;
using Erlmcp.Autoscaler.Simulation.Scenarios;

namespace Erlmcp.Autoscaler.Simulation.Tests;

/// <summary>The comparison's report.html: the comparison table, both sides' charts on shared axes, one cumulative chart.</summary>
public class ComparisonReportTests
{
    private static readonly Lazy<(ScenarioComparisonResult Result, string Directory)> Compared = new(() =>
    {
        // What simulate --compare-strategies runs: 30 minutes from 20 pods, so the baseline's scale-down cuts clients off.
        var dir = TestFiles.Directory();
        var scenario = ScenarioReader.Read("name: wide\ntrace: {synthetic: {days: 1}}\nduration: 30m\ninitialReplicas: 20\n", "wide.yaml", dir);
        var output = Path.Combine(dir, "out");
        var result = ScenarioComparison.Run(
            ("baseline", scenario with { Strategy = "baseline" }), ("coordinator", scenario with { Strategy = "coordinator" }), output);
        return (result, output);
    });

    private static string ReportPath => Path.Combine(Compared.Value.Directory, ScenarioComparison.ReportFile);

    [Fact]
    public void The_combined_report_has_the_comparison_table_with_both_labels_and_every_measure()
    {
        var html = File.ReadAllText(ReportPath);
        var comparison = Compared.Value.Result;

        Assert.Contains("<tr><th>measure</th><th>a: baseline</th><th>b: coordinator</th><th>b − a</th></tr>", html, StringComparison.Ordinal);
        var rows = Regex.Matches(html, "<tr><td>([^<]*)</td><td class=\"value\">([^<]*)</td><td class=\"value\">([^<]*)</td><td class=\"value\">([^<]*)</td></tr>")
            .Select(m => (WebUtility.HtmlDecode(m.Groups[1].Value), m.Groups[2].Value, m.Groups[3].Value, m.Groups[4].Value));
        Assert.Equal(
            comparison.Measures.Select(m => (m.Measure, ScenarioComparison.Format(m.A), ScenarioComparison.Format(m.B), ScenarioComparison.FormatDifference(m.Difference))),
            rows);
        Assert.Equal(18, comparison.Measures.Count);
        // Each side keeps its own full report.
        Assert.True(File.Exists(Path.Combine(comparison.A.Directory, SimulationResult.ReportFile)));
        Assert.True(File.Exists(Path.Combine(comparison.B.Directory, SimulationResult.ReportFile)));
    }

    [Fact]
    public void Both_sides_charts_share_their_axes_and_the_cumulative_chart_has_one_line_per_side()
    {
        var html = File.ReadAllText(ReportPath);

        Assert.Equal(ComparisonReport.ChartIds, Regex.Matches(html, "<svg id=\"([^\"]+)\"").Select(m => m.Groups[1].Value));
        foreach (var chart in (string[])["timeline-connections", "timeline-replicas"])
        {
            Assert.Equal(Ticks(html, $"a-{chart}"), Ticks(html, $"b-{chart}"));
        }

        var cumulative = Svg(html, "harm-cumulative");
        Assert.Equal(["a: baseline", "b: coordinator"], Regex.Matches(cumulative, "<polyline class=\"series\" data-name=\"([^\"]+)\"").Select(m => m.Groups[1].Value));
        Assert.Contains(">Clients disconnected by scale-down and refused, cumulative</text>", cumulative, StringComparison.Ordinal);
    }

    [Fact]
    public void A_chart_scaled_to_another_chart_s_maxima_draws_their_axes()
    {
        double[] hours = [0, 1, 2];
        var small = new SvgChart("s", "small", "y").Line("l", "#000", hours, [1, 5, 10]);

        var svg = small.ScaleAtLeast(4, 1_000).Render();

        Assert.Equal(["0", "200", "400", "600", "800", "1,000", "0", "1", "2", "3", "4"],
            Regex.Matches(svg, "<text class=\"tick\"[^>]*>([^<]*)</text>").Select(m => m.Groups[1].Value));
    }

    [Fact]
    public void The_cumulative_series_ends_at_the_summary_totals()
    {
        var dir = TestFiles.Directory();
        var scenario = ScenarioReader.Read("trace: {synthetic: {days: 1}}\nduration: 30m\ninitialReplicas: 20\n", "w.yaml", dir);

        var result = SimulationRunner.Run(scenario, Path.Combine(dir, "out"));

        Assert.Equal(result.Summary.Clients.RefusedAtLimit + result.Summary.Clients.ForciblyDisconnected, result.Series.HarmedCumulative[^1]);
        Assert.True(result.Series.HarmedCumulative[^1] > 0);
        Assert.Equal(result.Series.HarmedCumulative.Order(), result.Series.HarmedCumulative);
    }

    [Fact]
    public void The_combined_report_refers_to_nothing_outside_itself()
    {
        var html = File.ReadAllText(ReportPath);

        Assert.DoesNotMatch(new Regex(@"\b(src|href)\s*=", RegexOptions.IgnoreCase), html);
        Assert.DoesNotMatch(new Regex(@"<(script|link|img|iframe|object)\b|@import|url\(", RegexOptions.IgnoreCase), html);
        Assert.Equal(["http://www.w3.org/2000/svg"], Regex.Matches(html, @"https?://[^""\s]*").Select(m => m.Value).Distinct());
    }

    [Fact]
    public void Chromium_renders_the_combined_report_with_every_chart_and_a_screenshot_that_is_not_blank()
    {
        var screenshot = Path.Combine(Compared.Value.Directory, "report.png");
        HeadlessChromium.Run(ReportPath, $"--screenshot={screenshot}", "--window-size=1400,2000");
        var dom = HeadlessChromium.Run(ReportPath, "--dump-dom");

        var png = PngPixels.Read(screenshot);
        Assert.Equal((1400, 2000), (png.Width, png.Height));
        Assert.InRange(png.CountNotWhite(), 1400 * 2000 / 50, 1400 * 2000 / 2);
        Assert.All(ComparisonReport.ChartIds, id => Assert.Contains($"<svg id=\"{id}\"", dom, StringComparison.Ordinal));
        Assert.Contains("<table id=\"comparison\">", dom, StringComparison.Ordinal);
    }

    private static string Svg(string html, string id) => Regex.Match(html, $"<svg id=\"{id}\".*?</svg>").Value;

    // The tick labels of both axes, in order: equal labels mean equal scales.
    private static List<string> Ticks(string html, string id) =>
        Regex.Matches(Svg(html, id), "<text class=\"tick\"[^>]*>([^<]*)</text>").Select(m => m.Groups[1].Value).ToList();
}
