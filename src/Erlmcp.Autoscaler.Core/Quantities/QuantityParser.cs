using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Numerics;

namespace Erlmcp.Autoscaler.Core.Quantities;

/// <summary>
/// Upstream's ParseQuantity: scan sign, integer digits, fraction digits and suffix; build the value on the int64
/// fast path when it fits, else exactly, rounding up to 1n and capping binary quantities at 2^63-1 as upstream.
/// </summary>
internal static class QuantityParser
{
    /// <summary>Upstream's ErrFormatWrong wording.</summary>
    public const string FormatWrong =
        "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";

    private const string SuffixLetters = "eEinumkKMGTP";

    // The most decimal digits that always fit an int64 (upstream's maxInt64Factors).
    private const int MaxInt64Digits = 18;

    // The smallest step a parsed quantity keeps: 1n.
    private const int NanoScale = -9;

    // A value of 10^400 or more is past the double range whatever its digits, so its representation no longer
    // shows through AsApproximateFloat64 and is kept as is rather than rescaled to nano digits.
    private const long MaxRescaleDigits = 400;

    private static readonly BigInteger MaxInt64 = long.MaxValue;

    public static bool TryParse(string text, out Quantity quantity, [NotNullWhen(false)] out string? error)
    {
        quantity = default;
        if (text.Length == 0)
        {
            error = FormatWrong + " (got an empty string)";
            return false;
        }

        if (text == "0")
        {
            error = null;
            return true;
        }

        if (!TryScan(text, out var scanned, out error))
        {
            return false;
        }

        if (!QuantitySuffixes.TryInterpret(scanned.Suffix, out var numberBase, out var exponent, out var format))
        {
            error = $"unable to parse quantity's suffix \"{scanned.Suffix}\"";
            return false;
        }

        if (TryFastPath(scanned, exponent, format, out quantity))
        {
            return true;
        }

        // Upstream reads the number through inf.Dec, which needs at least one digit (".Ei" has none).
        if (!scanned.Number.Any(char.IsAsciiDigit))
        {
            error = $"unable to parse numeric part of quantity \"{scanned.Number}\"";
            return false;
        }

        quantity = Exact(scanned, numberBase, exponent, format);
        return true;
    }

    /// <summary>
    /// The int64 path: values with few enough digits and a scale of at least 10^-9, which need no rounding.
    /// </summary>
    private static bool TryFastPath(in ScannedQuantity scanned, int exponent, QuantityFormat format, out Quantity quantity)
    {
        quantity = default;
        long scale;
        long multiplier = 1;
        int precision;
        if (format == QuantityFormat.BinarySI)
        {
            scale = 0;
            if (scanned.Fraction.Length > 0)
            {
                return false;
            }

            multiplier = 1L << exponent;
            // 2^(10k) has about 3k decimal digits.
            precision = 15 - scanned.Integer.Length - (exponent * 3 / 10) - 1;
        }
        else
        {
            scale = exponent;
            precision = MaxInt64Digits - (scanned.Integer.Length + scanned.Fraction.Length);
        }

        scale -= scanned.Fraction.Length;
        if (precision < 0 || scale < NanoScale
            || !long.TryParse(scanned.Integer + scanned.Fraction, NumberStyles.None, CultureInfo.InvariantCulture, out var digits))
        {
            return false;
        }

        long product;
        try
        {
            product = checked(digits * multiplier);
        }
        catch (OverflowException)
        {
            return false;
        }

        quantity = new Quantity(scanned.Positive ? product : -product, (int)scale, format);
        return true;
    }

    /// <summary>The inf.Dec path: exact, then rounded up (away from zero) to 1n, binary capped at 2^63-1.</summary>
    private static Quantity Exact(in ScannedQuantity scanned, int numberBase, int exponent, QuantityFormat format)
    {
        var magnitude = BigInteger.Parse(scanned.Integer + scanned.Fraction, NumberStyles.None, CultureInfo.InvariantCulture);
        long scale = -scanned.Fraction.Length;
        if (numberBase == 10)
        {
            scale += exponent;
        }
        else
        {
            magnitude <<= exponent;
        }

        if (!magnitude.IsZero)
        {
            if (scale < NanoScale)
            {
                (magnitude, _) = DecimalMath.DivideRoundingUp(magnitude, NanoScale - scale);
                scale = NanoScale;
            }
            else if (scale - NanoScale <= MaxRescaleDigits)
            {
                magnitude *= DecimalMath.Pow10(scale - NanoScale);
                scale = NanoScale;
            }
        }
        else if (scale is < int.MinValue or > int.MaxValue)
        {
            scale = 0;
        }

        var value = new Quantity(magnitude, (int)scale, format);
        if (format == QuantityFormat.BinarySI)
        {
            if (value.CompareTo(new Quantity(MaxInt64, 0, format)) > 0)
            {
                value = new Quantity(MaxInt64, 0, format);
            }
            else if (!value.IsZero && value.CompareTo(new Quantity(BigInteger.One, 0, format)) < 0)
            {
                // A binary fraction of one would print rounded; decimal shows it exactly.
                value = new Quantity(magnitude, (int)scale, QuantityFormat.DecimalSI);
            }
        }

        return scanned.Positive ? value : value.Neg();
    }

    /// <summary>Upstream's parseQuantityString: a fast scanner that also rejects malformed text.</summary>
    private static bool TryScan(string text, out ScannedQuantity scanned, [NotNullWhen(false)] out string? error)
    {
        error = null;
        var positive = true;
        var position = 0;
        if (text[0] is '-' or '+')
        {
            positive = text[0] == '+';
            position++;
        }

        var numberStart = position;
        while (position < text.Length && text[position] == '0')
        {
            position++;
        }

        if (position == text.Length)
        {
            scanned = new ScannedQuantity(positive, "0", "0", "", "");
            return true;
        }

        var integerStart = position;
        while (position < text.Length && char.IsAsciiDigit(text[position]))
        {
            position++;
        }

        var integer = position > integerStart ? text[integerStart..position] : "0";
        var fraction = "";
        if (position < text.Length && text[position] == '.')
        {
            var fractionStart = ++position;
            while (position < text.Length && char.IsAsciiDigit(text[position]))
            {
                position++;
            }

            fraction = text[fractionStart..position];
        }

        var number = text[numberStart..position];
        var suffixStart = position;
        while (position < text.Length && SuffixLetters.Contains(text[position], StringComparison.Ordinal))
        {
            position++;
        }

        if (position < text.Length && text[position] is '-' or '+')
        {
            position++;
        }

        while (position < text.Length && char.IsAsciiDigit(text[position]))
        {
            position++;
        }

        if (position < text.Length)
        {
            scanned = default;
            error = $"{FormatWrong} (unexpected '{text[position]}' at position {position})";
            return false;
        }

        scanned = new ScannedQuantity(positive, number, integer, fraction, text[suffixStart..]);
        return true;
    }

    /// <param name="Positive">False after a leading '-'.</param>
    /// <param name="Number">The digits and point as written, without sign and suffix.</param>
    /// <param name="Integer">Integer digits without leading zeros, "0" when none are left.</param>
    /// <param name="Fraction">Digits after the point.</param>
    /// <param name="Suffix">Everything after the number.</param>
    private readonly record struct ScannedQuantity(bool Positive, string Number, string Integer, string Fraction, string Suffix);
}
