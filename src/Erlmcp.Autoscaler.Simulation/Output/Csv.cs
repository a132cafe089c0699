using System.Globalization;

namespace Erlmcp.Autoscaler.Simulation.Output;

/// <summary>RFC 4180 fields and invariant numbers for the CSV outputs.</summary>
internal static class Csv
{
    /// <summary>The field as written: quoted when it holds a comma, a quote or a line break.</summary>
    public static string Field(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }

        return text.AsSpan().IndexOfAny(",\"\r\n") < 0 ? text : $"\"{text.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
    }

    public static string Number(double value) => Math.Round(value, 3).ToString("0.###", CultureInfo.InvariantCulture);
}
