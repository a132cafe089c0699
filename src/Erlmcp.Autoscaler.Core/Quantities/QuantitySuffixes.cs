using System.Globalization;

namespace Erlmcp.Autoscaler.Core.Quantities;

/// <summary>The suffixes of the quantity syntax and the powers they stand for (upstream's suffixer).</summary>
internal static class QuantitySuffixes
{
    private static readonly (string Suffix, int Exponent)[] Decimal =
    [
        ("n", -9), ("u", -6), ("m", -3), ("", 0), ("k", 3), ("M", 6), ("G", 9), ("T", 12), ("P", 15), ("E", 18),
    ];

    private static readonly (string Suffix, int Exponent)[] Binary =
    [
        ("Ki", 10), ("Mi", 20), ("Gi", 30), ("Ti", 40), ("Pi", 50), ("Ei", 60),
    ];

    /// <summary>
    /// The base (10 or 2), exponent and format a suffix stands for: an SI or binary suffix, or <c>e</c>/<c>E</c>
    /// followed by a signed integer exponent within ±(2^31-1). False for anything else.
    /// </summary>
    public static bool TryInterpret(string suffix, out int numberBase, out int exponent, out QuantityFormat format)
    {
        foreach (var (text, power) in Decimal)
        {
            if (text == suffix)
            {
                (numberBase, exponent, format) = (10, power, QuantityFormat.DecimalSI);
                return true;
            }
        }

        foreach (var (text, power) in Binary)
        {
            if (text == suffix)
            {
                (numberBase, exponent, format) = (2, power, QuantityFormat.BinarySI);
                return true;
            }
        }

        (numberBase, exponent, format) = (10, 0, QuantityFormat.DecimalExponent);
        // strconv.ParseInt syntax (optional sign, digits); the bound keeps the exponent negatable as an int.
        if (suffix.Length > 1 && suffix[0] is 'e' or 'E'
            && long.TryParse(suffix.AsSpan(1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed)
            && parsed is >= -int.MaxValue and <= int.MaxValue)
        {
            exponent = (int)parsed;
            return true;
        }

        return false;
    }

    /// <summary>The decimal SI suffix of 10^exponent, or null when there is none.</summary>
    public static string? DecimalSuffix(long exponent)
    {
        foreach (var (text, power) in Decimal)
        {
            if (power == exponent)
            {
                return text;
            }
        }

        return null;
    }

    /// <summary>The binary suffix of 2^exponent ("" for 2^0), or null when there is none.</summary>
    public static string? BinarySuffix(long exponent)
    {
        if (exponent == 0)
        {
            return "";
        }

        foreach (var (text, power) in Binary)
        {
            if (power == exponent)
            {
                return text;
            }
        }

        return null;
    }
}
