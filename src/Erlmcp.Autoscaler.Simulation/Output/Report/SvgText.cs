using System.Globalization;
using System.Net;

namespace Erlmcp.Autoscaler.Simulation.Output.Report;

/// <summary>How the SVG writers format numbers and text.</summary>
internal static class SvgText
{
    /// <summary>A coordinate: a tenth of a pixel is finer than the eye sees, and keeps the file small.</summary>
    public static string F(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);

    /// <summary>A tick or legend number, with thousands separators.</summary>
    public static string Label(double value) => value.ToString("#,0.##", CultureInfo.InvariantCulture);

    public static string Encode(string text) => WebUtility.HtmlEncode(text);
}
