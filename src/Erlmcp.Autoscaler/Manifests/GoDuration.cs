using System.Globalization;

namespace Erlmcp.Autoscaler.Manifests;

/// <summary>
/// Durations written as Kubernetes and Go write them (<c>300ms</c>, <c>30s</c>, <c>5m</c>, <c>1h30m</c>), since
/// operators copy them from controller flags such as <c>--horizontal-pod-autoscaler-downscale-stabilization</c>.
/// </summary>
internal static class GoDuration
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
}
