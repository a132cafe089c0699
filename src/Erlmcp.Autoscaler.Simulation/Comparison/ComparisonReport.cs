using System.Globalization;
using System.Text;
using Erlmcp.Autoscaler.Simulation.Output.Report;

namespace Erlmcp.Autoscaler.Simulation.Comparison;

/// <summary>
/// The comparison's report.html: the comparison table (the console's rows), then each side's timeline charts
/// stacked on one time axis and one y scale, and both sides' cumulative harm on one chart. Self-contained like
/// <see cref="HtmlReport"/>; each side's full report stays in its own directory.
/// </summary>
public static class ComparisonReport
{
    /// <summary>The id of each chart's svg element, in page order.</summary>
    public static readonly IReadOnlyList<string> ChartIds =
        ["a-timeline-connections", "b-timeline-connections", "a-timeline-replicas", "b-timeline-replicas", "harm-cumulative"];

    public static void Write(TextWriter output, ScenarioComparisonResult comparison, ReportCollector seriesA, ReportCollector seriesB)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(comparison);
        ArgumentNullException.ThrowIfNull(seriesA);
        ArgumentNullException.ThrowIfNull(seriesB);
        string Side(string letter, ComparedRun run) => $"{letter}: {run.Label}";
        var (a, b) = (Side("a", comparison.A), Side("b", comparison.B));
        var page = new StringBuilder();
        page.Append(CultureInfo.InvariantCulture, $"<p class=\"note\">{HtmlReport.Encode($"a: {ScenarioComparison.Describe(comparison.A)}; b: {ScenarioComparison.Describe(comparison.B)}. Each side's full report is report.html in its directory (a/, b/).")}</p>\n");
        page.Append("<h2>Comparison</h2>\n<table id=\"comparison\">")
            .Append(CultureInfo.InvariantCulture, $"<tr><th>measure</th><th>{HtmlReport.Encode(a)}</th><th>{HtmlReport.Encode(b)}</th><th>b − a</th></tr>\n");
        foreach (var measure in comparison.Measures)
        {
            page.Append(CultureInfo.InvariantCulture, $"<tr><td>{HtmlReport.Encode(measure.Measure)}</td>")
                .Append(CultureInfo.InvariantCulture, $"<td class=\"value\">{ScenarioComparison.Format(measure.A)}</td><td class=\"value\">{ScenarioComparison.Format(measure.B)}</td>")
                .Append(CultureInfo.InvariantCulture, $"<td class=\"value\">{ScenarioComparison.FormatDifference(measure.Difference)}</td></tr>\n");
        }

        page.Append("</table>\n");
        page.Append(CultureInfo.InvariantCulture, $"<h2>Connections against capacity</h2>\n<p class=\"note\">{HtmlReport.TimelineNote} Both charts share their axes.</p>\n");
        AppendOnOneScale(page,
            HtmlReport.ConnectionsChart(seriesA, "a-timeline-connections", a),
            HtmlReport.ConnectionsChart(seriesB, "b-timeline-connections", b));
        page.Append("<h2>Replicas and scale events</h2>\n<p class=\"note\">Both charts share their axes.</p>\n");
        AppendOnOneScale(page,
            HtmlReport.ReplicasChart(seriesA, "a-timeline-replicas", a),
            HtmlReport.ReplicasChart(seriesB, "b-timeline-replicas", b));
        page.Append("<h2>Harm over time</h2>\n<p class=\"note\">Connections refused at the limit plus clients disconnected by scale-down, since the start.</p>\n")
            .Append(new SvgChart("harm-cumulative", "Clients disconnected by scale-down and refused, cumulative", "clients")
                .Line(a, "#d62728", HtmlReport.Hours(seriesA), seriesA.HarmedCumulative)
                .Line(b, "#1f77b4", HtmlReport.Hours(seriesB), seriesB.HarmedCumulative)
                .Render())
            .Append('\n');
        HtmlReport.WritePage(output, $"Comparison: {a} vs {b}", page.ToString());
    }

    private static void AppendOnOneScale(StringBuilder page, SvgChart top, SvgChart bottom)
    {
        var (xMax, yMax) = (Math.Max(top.XMax, bottom.XMax), Math.Max(top.YMax, bottom.YMax));
        page.Append(top.ScaleAtLeast(xMax, yMax).Render()).Append('\n')
            .Append(bottom.ScaleAtLeast(xMax, yMax).Render()).Append('\n');
    }
}
