using System.Globalization;

namespace Erlmcp.Autoscaler.Simulation.Manifests;

/// <summary>
/// Durations written as Kubernetes and Go write them (<c>300ms</c>, <c>30s</c>, <c>5m</c>, <c>1h30m</c>), since
/// operators copy them from controller flags such as <c>--horizontal-pod-autoscaler-downscale-stabilization</c>.
/// </summary>
public static class GoDuration
{
    public static bool TryParse(string text, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        if (text.Length == 0)
        {
            return false;
        }

        if (text == "0")
        {
            return true;
        }

        var total = 0.0;
        var rest = text.AsSpan();
        while (!rest.IsEmpty)
        {
            var numberLength = 0;
            while (numberLength < rest.Length && (char.IsAsciiDigit(rest[numberLength]) || rest[numberLength] == '.'))
            {
                numberLength++;
            }

            var unitLength = 0;
            while (numberLength + unitLength < rest.Length && char.IsAsciiLetter(rest[numberLength + unitLength]))
            {
                unitLength++;
            }

            if (numberLength == 0 || unitLength == 0
                || !double.TryParse(rest[..numberLength], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
            {
                return false;
            }

            double? millisecondsPerUnit = rest.Slice(numberLength, unitLength) switch
            {
                "ms" => 1,
                "s" => 1000,
                "m" => 60_000,
                "h" => 3_600_000,
                _ => null,
            };
            if (millisecondsPerUnit is null)
            {
                return false;
            }

            total += number * millisecondsPerUnit.Value;
            rest = rest[(numberLength + unitLength)..];
        }

        value = TimeSpan.FromMilliseconds(total);
        return true;
    }

    /// <summary>The shortest Go-style text of a whole number of milliseconds: <c>90s</c> is <c>1m30s</c>, <c>0</c> is <c>0s</c>.</summary>
    public static string Format(TimeSpan value)
    {
        var milliseconds = (long)value.TotalMilliseconds;
        if (milliseconds == 0)
        {
            return "0s";
        }

        var text = new System.Text.StringBuilder(milliseconds < 0 ? "-" : "");
        milliseconds = Math.Abs(milliseconds);
        foreach (var (unit, size) in new[] { ("h", 3_600_000L), ("m", 60_000L), ("s", 1000L), ("ms", 1L) })
        {
            if (milliseconds >= size)
            {
                text.Append(CultureInfo.InvariantCulture, $"{milliseconds / size}{unit}");
                milliseconds %= size;
            }
        }

        return text.ToString();
    }
}
