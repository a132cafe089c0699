using System.Globalization;
using System.Text;

namespace Erlmcp.Autoscaler.Simulation.Output.Report;

/// <summary>
/// Per-pod connections over time as inline SVG: one row per ordinal, one column per time bucket (the bucket's
/// highest count, so a hot pod shows; see <see cref="ReportCollector"/>), coloured by how full the pod is against the target and the limit. Runs of
/// equal colour in a row are one rectangle, which keeps the file small.
/// </summary>
public sealed class SvgHeatmap(string id, string title, long target, long limit)
{
    /// <summary>At most this many columns, however long the run.</summary>
    public const int MaxColumns = 600;

    private const double Width = 1200;
    private const double Left = 80;
    private const double Right = 20;
    private const double Top = 34;
    private const double RowHeight = 14;
    private const double Bottom = 70;

    // Fifths of the target in blues, then above the target, then at the limit.
    // Not running is the white behind the rows, so even the lowest fifth is a visible blue.
    private static readonly string[] Colors = ["#c6dbef", "#9ecae1", "#6baed6", "#3182bd", "#08519c", "#fd8d3c", "#d62728"];

    /// <summary>The colour class of a pod's connections: 0-4 fifths of the target, 5 above it, 6 at the limit.</summary>
    public int Level(long connections) =>
        connections >= limit ? 6 : connections > target ? 5 : (int)Math.Min(4, connections * 5 / Math.Max(1, target));

    /// <param name="columnStartHours">When each column starts.</param>
    /// <param name="endHours">When the last column ends.</param>
    /// <param name="columns">Each column's highest connections per ordinal, -1 while that pod was not running.</param>
    public string Render(IReadOnlyList<double> columnStartHours, double endHours, IReadOnlyList<long[]> columns)
    {
        ArgumentNullException.ThrowIfNull(columnStartHours);
        ArgumentNullException.ThrowIfNull(columns);
        var count = Math.Min(columnStartHours.Count, columns.Count);
        var ordinals = count == 0 ? 0 : columns.Take(count).Max(p => Array.FindLastIndex(p, c => c >= 0) + 1);
        var height = Top + Math.Max(1, ordinals) * RowHeight + Bottom;
        var xMax = Math.Max(endHours, 1e-9);
        var xTicks = SvgChart.TimeTicks(xMax);
        var plotWidth = Width - Left - Right;
        double Px(double hours) => Left + hours / xMax * plotWidth;
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg id=\"{SvgText.Encode(id)}\" class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {SvgText.F(Width)} {SvgText.F(height)}\" width=\"{SvgText.F(Width)}\" height=\"{SvgText.F(height)}\" role=\"img\" aria-label=\"{SvgText.Encode(title)}\">");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{SvgText.F(Left)}\" y=\"18\" class=\"title\">{SvgText.Encode(title)}</text>");
        svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{SvgText.F(Left)}\" y=\"{SvgText.F(Top)}\" width=\"{SvgText.F(Px(xMax) - Left)}\" height=\"{SvgText.F(ordinals * RowHeight)}\" fill=\"#fff\" stroke=\"#ccc\"/>");
        for (var ordinal = 0; ordinal < ordinals; ordinal++)
        {
            var y = Top + ordinal * RowHeight;
            svg.Append(CultureInfo.InvariantCulture, $"<text class=\"tick\" x=\"{SvgText.F(Left - 6)}\" y=\"{SvgText.F(y + RowHeight - 3)}\" text-anchor=\"end\">pod {ordinal}</text>");
            svg.Append("<g class=\"pod-row\">");
            var runStart = 0;
            var runLevel = -1;
            for (var column = 0; column <= count; column++)
            {
                var level = column == count ? -2 : columns[column][ordinal] < 0 ? -1 : Level(columns[column][ordinal]);
                if (level == runLevel)
                {
                    continue;
                }

                if (runLevel >= 0)
                {
                    var x0 = Px(columnStartHours[runStart]);
                    var x1 = Px(column == count ? xMax : columnStartHours[column]);
                    svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{SvgText.F(x0)}\" y=\"{SvgText.F(y + 1)}\" width=\"{SvgText.F(x1 - x0)}\" height=\"{SvgText.F(RowHeight - 2)}\" fill=\"{Colors[runLevel]}\"/>");
                }

                (runStart, runLevel) = (column, level);
            }

            svg.Append("</g>");
        }

        var axisY = Top + ordinals * RowHeight;
        foreach (var x in xTicks)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<line class=\"axis\" x1=\"{SvgText.F(Px(x))}\" y1=\"{SvgText.F(axisY)}\" x2=\"{SvgText.F(Px(x))}\" y2=\"{SvgText.F(axisY + 5)}\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text class=\"tick\" x=\"{SvgText.F(Px(x))}\" y=\"{SvgText.F(axisY + 18)}\" text-anchor=\"middle\">{SvgText.Label(x)}</text>");
        }

        svg.Append(CultureInfo.InvariantCulture, $"<text class=\"label\" x=\"{SvgText.F(Width - Right)}\" y=\"{SvgText.F(axisY + 34)}\" text-anchor=\"end\">elapsed hours</text>");
        string[] names =
        [
            .. Enumerable.Range(0, 5).Select(i => $"{SvgText.Label(target * i / 5.0)}–{SvgText.Label(target * (i + 1) / 5.0)}"),
            $"above target ({SvgText.Label(target)})", $"at limit ({SvgText.Label(limit)})",
        ];
        var legendX = Left;
        for (var i = 0; i < Colors.Length; i++)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<g class=\"legend\" transform=\"translate({SvgText.F(legendX)} {SvgText.F(axisY + 50)})\"><rect x=\"0\" y=\"-6\" width=\"18\" height=\"12\" fill=\"{Colors[i]}\"/><text x=\"22\" y=\"4\">{SvgText.Encode(names[i])}</text></g>");
            legendX += 34 + 7 * names[i].Length;
        }

        return svg.Append("</svg>").ToString();
    }
}
