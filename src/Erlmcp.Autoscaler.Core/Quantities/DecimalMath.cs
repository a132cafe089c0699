using System.Globalization;
using System.Numerics;

namespace Erlmcp.Autoscaler.Core.Quantities;

/// <summary>Arithmetic on decimals written as an integer and a power of ten: unscaled × 10^scale.</summary>
internal static class DecimalMath
{
    private static readonly BigInteger[] SmallPowersOfTen = [.. Enumerable.Range(0, 64).Select(n => BigInteger.Pow(10, n))];

    // Go's math.Pow10 answers from a table of correctly rounded powers; parsing "1eN" gives the same doubles.
    private static readonly double[] DoublePowersOfTen =
        [.. Enumerable.Range(-323, 308 + 323 + 1).Select(n => double.Parse($"1e{n}", CultureInfo.InvariantCulture))];

    public static BigInteger Pow10(long exponent) =>
        exponent < SmallPowersOfTen.Length ? SmallPowersOfTen[exponent] : BigInteger.Pow(10, checked((int)exponent));

    /// <summary>Go's math.Pow10: 10^n as a double, 0 below 10^-323 and +Inf above 10^308.</summary>
    public static double DoublePow10(long exponent) => exponent switch
    {
        < -323 => 0,
        > 308 => double.PositiveInfinity,
        _ => DoublePowersOfTen[exponent + 323],
    };

    /// <summary>The double nearest to the integer (ties to even), as Go's big.Float conversion gives.</summary>
    public static double ToDouble(BigInteger value) =>
        value >= long.MinValue && value <= long.MaxValue
            ? (long)value
            : double.Parse(value.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    /// <summary>Bounds on the decimal exponent e with 10^(e-1) ≤ |unscaled × 10^scale| &lt; 10^e, for a non-zero unscaled.</summary>
    public static (long Low, long High) DecimalExponentBounds(BigInteger unscaled, long scale)
    {
        // An n-bit magnitude has at least n/4 and at most n/3+1 decimal digits.
        var bits = BigInteger.Abs(unscaled).GetBitLength();
        return ((bits / 4) + scale, (bits / 3) + 1 + scale);
    }

    /// <summary>
    /// |magnitude| / 10^digits rounded up, for a non-negative magnitude, with whether nothing was lost.
    /// </summary>
    public static (BigInteger Quotient, bool Exact) DivideRoundingUp(BigInteger magnitude, long digits)
    {
        if (digits > DecimalExponentBounds(magnitude, 0).High)
        {
            // 10^digits exceeds the magnitude: what is left is a fraction of one unit.
            return magnitude.IsZero ? (BigInteger.Zero, true) : (BigInteger.One, false);
        }

        var quotient = BigInteger.DivRem(magnitude, Pow10(digits), out var remainder);
        return remainder.IsZero ? (quotient, true) : (quotient + 1, false);
    }

    /// <summary>Divides out every factor of ten; value == result × 10^times.</summary>
    public static (BigInteger Result, long Times) RemoveFactorsOfTen(BigInteger value)
    {
        long times = 0;
        if (value.IsZero)
        {
            return (value, 0);
        }

        while (true)
        {
            var quotient = BigInteger.DivRem(value, 10, out var remainder);
            if (!remainder.IsZero)
            {
                return (value, times);
            }

            value = quotient;
            times++;
        }
    }

    /// <summary>Divides out every factor of 1024; value == result × 1024^times.</summary>
    public static (BigInteger Result, long Times) RemoveFactorsOf1024(BigInteger value)
    {
        long times = 0;
        while (!value.IsZero && (value & 1023).IsZero)
        {
            value >>= 10;
            times++;
        }

        return (value, times);
    }
}
