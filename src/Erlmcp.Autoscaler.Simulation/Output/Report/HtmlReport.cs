using System.Globalization;
using System.Net;
using System.Text;

namespace Erlmcp.Autoscaler.Simulation.Output.Report;

/// <summary>
/// report.html: one self-contained page (inline CSS and SVG, no scripts, fonts or links) with the timeline, the
/// per-pod heatmap, supply against demand, and the summary table. Its page and charts are shared with
/// <see cref="Comparison.ComparisonReport"/>.
/// </summary>
public static class HtmlReport
{
    /// <summary>The id of each chart's svg element, in page order.</summary>
    public static readonly IReadOnlyList<string> ChartIds = ["timeline-connections", "timeline-replicas", "timeline-refusals", "pod-heatmap", "supply-demand"];

    private const string Style =
        "body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;margin:24px;color:#222;background:#fff}" +
        "h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 6px}p.note{margin:2px 0 8px;color:#555;font-size:13px}" +
        "svg.chart{display:block;max-width:100%;height:auto;font-size:12px}" +
        "svg .title{font-size:14px;font-weight:600}svg .tick{fill:#555}svg .label{fill:#333}" +
        "svg .grid{stroke:#e4e4e4}svg .axis{stroke:#888}svg .legend text{fill:#333}" +
        "table{border-collapse:collapse;font-size:14px}td,th{border:1px solid #ccc;padding:4px 10px}td.value{text-align:right;font-variant-numeric:tabular-nums}th{background:#f3f3f3;text-align:left}";

    /// <summary>What the timeline's capacity lines and scale events mean.</summary>
    internal const string TimelineNote =
        "Capacity is the serving pods (ready or joined) times the connection target and times the limit. Scale events are the HPA's rescales.";

    public static void Write(TextWriter output, SimulationSummary summary, ReportCollector series)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(summary);
        ArgumentNullException.ThrowIfNull(series);
        var page = new StringBuilder();
        page.Append(CultureInfo.InvariantCulture, $"<h2>Timeline</h2>\n<p class=\"note\">{TimelineNote}</p>\n");
        page.Append(ConnectionsChart(series, "timeline-connections", "Connections against capacity").Render()).Append('\n')
            .Append(ReplicasChart(series, "timeline-replicas", "Replicas and scale events").Render()).Append('\n')
            .Append(RefusalsChart(series).Render()).Append('\n');

        page.Append("<h2>Connections per pod</h2>\n<p class=\"note\">Each pod's highest count in each column; white while the pod is not running. Imbalance after a scale-up shows as new pods pale beside full ones.</p>\n")
            .Append(new SvgHeatmap("pod-heatmap", "Connections per pod", series.ConnectionTarget, series.ConnectionLimit)
                .Render(series.ColumnStartSeconds.Select(s => s / 3600).ToArray(), series.ElapsedSeconds[^1] / 3600, series.PodColumns))
            .Append('\n');
        page.Append("<h2>Supply against demand</h2>\n<p class=\"note\">Demand is ceil(demand connections / target); supply is the serving pods. Shaded: under-provisioned (demand above supply) and over-provisioned (supply above demand).</p>\n")
            .Append(SupplyDemandChart(series).Render()).Append('\n');

        page.Append("<h2>Summary</h2>\n<table id=\"summary\"><tr><th>measure</th><th>value</th></tr>\n");
        foreach (var (measure, value) in SummaryMeasures.Rows(summary))
        {
            page.Append(CultureInfo.InvariantCulture, $"<tr><td>{Encode(measure)}</td><td class=\"value\">{Encode(value)}</td></tr>\n");
        }

        page.Append("</table>\n");
        WritePage(output, SummaryMeasures.Title(summary), page.ToString());
    }

    /// <summary>A whole page: the shared style, <paramref name="title"/> as its title and heading, then <paramref name="body"/> (HTML).</summary>
    internal static void WritePage(TextWriter output, string title, string body)
    {
        output.Write("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">");
        output.Write($"<title>{Encode(title)}</title><style>{Style}</style></head><body>\n");
        output.Write($"<h1>{Encode(title)}</h1>\n");
        output.Write(body);
        output.Write("</body></html>\n");
    }

    internal static SvgChart ConnectionsChart(ReportCollector series, string id, string title)
    {
        var hours = Hours(series);
        var atTarget = series.Serving.Select(s => s * series.ConnectionTarget).ToArray();
        var atLimit = series.Serving.Select(s => s * series.ConnectionLimit).ToArray();
        string Capacity(long perPod) => perPod.ToString("#,0", CultureInfo.InvariantCulture);
        return new SvgChart(id, title, "connections")
            .Line($"capacity at limit (serving × {Capacity(series.ConnectionLimit)})", "#d62728", hours, atLimit, dashed: true)
            .Line($"capacity at target (serving × {Capacity(series.ConnectionTarget)})", "#ff7f0e", hours, atTarget, dashed: true)
            .Line("demand", "#7f7f7f", hours, series.DemandConnections)
            .Line("connected", "#1f77b4", hours, series.Connections);
    }

    internal static SvgChart ReplicasChart(ReportCollector series, string id, string title)
    {
        var hours = Hours(series);
        var ups = series.ScaleEvents.Where(e => e.To > e.From).Select(e => e.ElapsedSeconds / 3600).ToArray();
        var downs = series.ScaleEvents.Where(e => e.To < e.From).Select(e => e.ElapsedSeconds / 3600).ToArray();
        return new SvgChart(id, title, "replicas")
            .Markers("scale-up", "#2ca02c", ups)
            .Markers("scale-down", "#e377c2", downs)
            .Line("desired", "#9467bd", hours, series.DesiredReplicas, dashed: true)
            .Line("actual", "#1f77b4", hours, series.ActualReplicas)
            .Line("serving", "#17becf", hours, series.Serving);
    }

    internal static double[] Hours(ReportCollector series) => series.ElapsedSeconds.Select(s => s / 3600).ToArray();

    internal static string Encode(string text) => WebUtility.HtmlEncode(text);

    private static SvgChart RefusalsChart(ReportCollector series) =>
        new SvgChart("timeline-refusals", "Connections refused at the limit, per sample interval", "refused")
            .Line("refused", "#d62728", Hours(series), series.Refused);

    private static SvgChart SupplyDemandChart(ReportCollector series)
    {
        var hours = Hours(series);
        var demand = series.DemandReplicas;
        var supply = series.Serving;
        var underTop = demand.Zip(supply, Math.Max).ToArray();
        var overBottom = demand.Zip(supply, Math.Min).ToArray();
        return new SvgChart("supply-demand", "Supply (serving pods) against demand (ceil(connections / target))", "pods")
            .Band("under-provisioned", "#d62728", hours, supply, underTop)
            .Band("over-provisioned", "#2ca02c", hours, overBottom, supply)
            .Line("demand", "#7f7f7f", hours, demand)
            .Line("supply", "#1f77b4", hours, supply);
    }
}
