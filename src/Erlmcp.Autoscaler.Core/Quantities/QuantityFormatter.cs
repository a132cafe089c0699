using System.Globalization;
using System.Numerics;

namespace Erlmcp.Autoscaler.Core.Quantities;

/// <summary>
/// Upstream's CanonicalizeBytes: the largest suffix that loses no precision and leaves no fractional digits.
/// DecimalSI and DecimalExponent print a mantissa and a power of ten that is a multiple of 3. BinarySI prints a
/// mantissa and a power of 1024, unless the value is within ±1024 or not an integer (then DecimalSI, so nothing is
/// rounded). A power with no suffix (beyond E or Ei, below n) falls back to exponent notation, as upstream now does.
/// </summary>
internal static class QuantityFormatter
{
    private static readonly Quantity BinaryThreshold = Quantity.FromValue(1024, QuantityFormat.BinarySI);

    // 10^70 is a multiple of 2^70 = 1024^7: from there on an integer has more factors of 1024 than Ei covers.
    private const int FirstScaleBeyondBinarySuffixes = 70;

    public static string Canonical(Quantity quantity)
    {
        if (quantity.IsZero)
        {
            return "0";
        }

        var format = quantity.Format;
        if (format == QuantityFormat.BinarySI)
        {
            if (TryBinary(quantity) is { } binary)
            {
                return binary;
            }

            format = QuantityFormat.DecimalSI;
        }
        else if (format != QuantityFormat.DecimalSI)
        {
            format = QuantityFormat.DecimalExponent;
        }

        var (mantissa, exponent) = DecimalMantissa(quantity);
        var suffix = format == QuantityFormat.DecimalSI ? QuantitySuffixes.DecimalSuffix(exponent) : null;
        suffix ??= exponent == 0 ? "" : "e" + exponent.ToString(CultureInfo.InvariantCulture);
        return mantissa.ToString(CultureInfo.InvariantCulture) + suffix;
    }

    private static string? TryBinary(Quantity quantity)
    {
        var magnitude = quantity.Sign < 0 ? quantity.Neg() : quantity;
        if (magnitude.CompareTo(BinaryThreshold) < 0 || quantity.Scale >= FirstScaleBeyondBinarySuffixes)
        {
            return null;
        }

        BigInteger integer;
        if (quantity.Scale >= 0)
        {
            integer = quantity.Unscaled * DecimalMath.Pow10(quantity.Scale);
        }
        else
        {
            var (rounded, exact) = DecimalMath.DivideRoundingUp(BigInteger.Abs(quantity.Unscaled), -(long)quantity.Scale);
            if (!exact)
            {
                return null;
            }

            integer = quantity.Sign * rounded;
        }

        var (mantissa, times) = DecimalMath.RemoveFactorsOf1024(integer);
        return QuantitySuffixes.BinarySuffix(times * 10) is { } suffix
            ? mantissa.ToString(CultureInfo.InvariantCulture) + suffix
            : null;
    }

    /// <summary>The value as mantissa × 10^exponent with no factor of ten left that would keep the exponent a multiple of 3.</summary>
    private static (BigInteger Mantissa, long Exponent) DecimalMantissa(Quantity quantity)
    {
        var (mantissa, times) = DecimalMath.RemoveFactorsOfTen(quantity.Unscaled);
        var exponent = quantity.Scale + times;
        // Lower the exponent to the multiple of 3 at or below it (C#'s % keeps the dividend's sign, as Go's does).
        var excess = ((exponent % 3) + 3) % 3;
        return (mantissa * DecimalMath.Pow10(excess), exponent - excess);
    }
}
