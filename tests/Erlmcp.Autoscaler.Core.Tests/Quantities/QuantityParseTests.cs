using Erlmcp.Autoscaler.Core.Quantities;
using static Erlmcp.Autoscaler.Core.Tests.Quantities.TestQuantities;

namespace Erlmcp.Autoscaler.Core.Tests.Quantities;

/// <summary>
/// Upstream quantity_test.go: TestQuantityParseZero, TestQuantityParseNonNumericPanic, TestQuantityParse (its table,
/// its negated and '+' variants, its invalid list), TestInterpretExponentInt32Bounds, TestQuantityParseEmit,
/// TestNegativeValueRoundsAwayFromZero.
/// </summary>
public class QuantityParseTests
{
    [Fact]
    public void TestQuantityParseZero()
    {
        Assert.Equal("0", Quantity.Parse("0").ToString());
        Assert.Equal(QuantityFormat.DecimalSI, Quantity.Parse("0").Format);
    }

    [Fact]
    public void TestQuantityParseNonNumericPanic()
    {
        var error = Assert.Throws<QuantityFormatException>(() => Quantity.Parse("Non-Numeric"));
        Assert.Equal("Non-Numeric", error.Text);
    }

    /// <summary>TestQuantityParse's table: input, then the expected value as mantissa × 10^exponent and format.</summary>
    public static TheoryData<string, Quantity> ParseCases => new()
    {
        { "0", Dec(0, 0, DecimalSI) },
        { "0n", Dec(0, 0, DecimalSI) },
        { "0u", Dec(0, 0, DecimalSI) },
        { "0m", Dec(0, 0, DecimalSI) },
        { "0Ki", Dec(0, 0, BinarySI) },
        { "0k", Dec(0, 0, DecimalSI) },
        { "0Mi", Dec(0, 0, BinarySI) },
        { "0M", Dec(0, 0, DecimalSI) },
        { "0Gi", Dec(0, 0, BinarySI) },
        { "0G", Dec(0, 0, DecimalSI) },
        { "0Ti", Dec(0, 0, BinarySI) },
        { "0T", Dec(0, 0, DecimalSI) },

        // Quantity less numbers are allowed
        { "1", Dec(1, 0, DecimalSI) },

        // Binary suffixes
        { "1Ki", Dec(1024, 0, BinarySI) },
        { "8Ki", Dec(8 * 1024, 0, BinarySI) },
        { "7Mi", Dec(7 * 1024 * 1024, 0, BinarySI) },
        { "6Gi", Dec(6L * 1024 * 1024 * 1024, 0, BinarySI) },
        { "5Ti", Dec(5L * 1024 * 1024 * 1024 * 1024, 0, BinarySI) },
        { "4Pi", Dec(4L * 1024 * 1024 * 1024 * 1024 * 1024, 0, BinarySI) },
        { "3Ei", Dec(3L * 1024 * 1024 * 1024 * 1024 * 1024 * 1024, 0, BinarySI) },
        { "10Ti", Dec(10L * 1024 * 1024 * 1024 * 1024, 0, BinarySI) },
        { "100Ti", Dec(100L * 1024 * 1024 * 1024 * 1024, 0, BinarySI) },

        // Decimal suffixes
        { "5n", Dec(5, -9, DecimalSI) },
        { "4u", Dec(4, -6, DecimalSI) },
        { "3m", Dec(3, -3, DecimalSI) },
        { "9", Dec(9, 0, DecimalSI) },
        { "8k", Dec(8, 3, DecimalSI) },
        { "50k", Dec(5, 4, DecimalSI) },
        { "7M", Dec(7, 6, DecimalSI) },
        { "6G", Dec(6, 9, DecimalSI) },
        { "5T", Dec(5, 12, DecimalSI) },
        { "40T", Dec(4, 13, DecimalSI) },
        { "300T", Dec(3, 14, DecimalSI) },
        { "2P", Dec(2, 15, DecimalSI) },
        { "1E", Dec(1, 18, DecimalSI) },

        // Decimal exponents
        { "1E-3", Dec(1, -3, DecimalExponent) },
        { "1e3", Dec(1, 3, DecimalExponent) },
        { "1E6", Dec(1, 6, DecimalExponent) },
        { "1e9", Dec(1, 9, DecimalExponent) },
        { "1E12", Dec(1, 12, DecimalExponent) },
        { "1e15", Dec(1, 15, DecimalExponent) },
        { "1E18", Dec(1, 18, DecimalExponent) },

        // Nonstandard but still parsable
        { "1e14", Dec(1, 14, DecimalExponent) },
        { "1e13", Dec(1, 13, DecimalExponent) },
        { "100.035k", Dec(100035, 0, DecimalSI) },

        // Things that look like floating point
        { "0.001", Dec(1, -3, DecimalSI) },
        { "0.0005k", Dec(5, -1, DecimalSI) },
        { "0.005", Dec(5, -3, DecimalSI) },
        { "0.05", Dec(5, -2, DecimalSI) },
        { "0.5", Dec(5, -1, DecimalSI) },
        { "0.00050k", Dec(5, -1, DecimalSI) },
        { "0.00500", Dec(5, -3, DecimalSI) },
        { "0.05000", Dec(5, -2, DecimalSI) },
        { "0.50000", Dec(5, -1, DecimalSI) },
        { "0.5e0", Dec(5, -1, DecimalExponent) },
        { "0.5e-1", Dec(5, -2, DecimalExponent) },
        { "0.5e-2", Dec(5, -3, DecimalExponent) },
        { "10.035M", Dec(10035, 3, DecimalSI) },
        { "1.2e3", Dec(12, 2, DecimalExponent) },
        { "1.3E+6", Dec(13, 5, DecimalExponent) },
        { "1.40e9", Dec(14, 8, DecimalExponent) },
        { "1.53E12", Dec(153, 10, DecimalExponent) },
        { "1.6e15", Dec(16, 14, DecimalExponent) },
        { "1.7E18", Dec(17, 17, DecimalExponent) },
        { "9.01", Dec(901, -2, DecimalSI) },
        { "8.1k", Dec(81, 2, DecimalSI) },
        { "7.123456M", Dec(7123456, 0, DecimalSI) },
        { "6.987654321G", Dec(6987654321, 0, DecimalSI) },
        { "5.444T", Dec(5444, 9, DecimalSI) },
        { "40.1T", Dec(401, 11, DecimalSI) },
        { "300.2T", Dec(3002, 11, DecimalSI) },
        { "2.5P", Dec(25, 14, DecimalSI) },
        { "1.01E", Dec(101, 16, DecimalSI) },

        // Things that saturate/round
        { "3.001n", Dec(4, -9, DecimalSI) },
        { "1.1E-9", Dec(2, -9, DecimalExponent) },
        { "0.0000000001", Dec(1, -9, DecimalSI) },
        { "0.0000000005", Dec(1, -9, DecimalSI) },
        { "0.00000000050", Dec(1, -9, DecimalSI) },
        { "0.5e-9", Dec(1, -9, DecimalExponent) },
        { "0.9n", Dec(1, -9, DecimalSI) },
        { "0.00000012345", Dec(124, -9, DecimalSI) },
        { "0.00000012354", Dec(124, -9, DecimalSI) },
        { "9Ei", MaxAllowed(BinarySI) },
        { "9223372036854775807Ki", MaxAllowed(BinarySI) },
        { "12E", Dec(12, 18, DecimalSI) },

        // We'll accept fractional binary stuff, too.
        { "100.035Ki", Dec(10243584, -2, BinarySI) },
        { "0.5Mi", Dec(512 * 1024, 0, BinarySI) },
        { "0.05Gi", Dec(536870912, -1, BinarySI) },
        { "0.025Ti", Dec(274877906944, -1, BinarySI) },

        // Things written by trolls
        { "0.000000000001Ki", Dec(2, -9, DecimalSI) }, // rounds up, changes format
        { ".001", Dec(1, -3, DecimalSI) },
        { ".0001k", Dec(100, -3, DecimalSI) },
        { "1.", Dec(1, 0, DecimalSI) },
        { "1.G", Dec(1, 9, DecimalSI) },
    };

    [Theory]
    [MemberData(nameof(ParseCases))]
    public void TestQuantityParse(string input, Quantity expected)
    {
        var parsed = Quantity.Parse(input);

        Assert.Equal(0, expected.Cmp(parsed));
        Assert.Equal(expected.Format, parsed.Format);
        Assert.True(Quantity.TryParse(input, out var tried));
        Assert.Equal(expected, tried);
    }

    // "Try the negative version of everything".
    [Theory]
    [MemberData(nameof(ParseCases))]
    public void TestQuantityParse_negated(string input, Quantity expected)
    {
        var parsed = Quantity.Parse("-" + input);

        Assert.Equal(0, expected.Neg().Cmp(parsed));
        Assert.Equal(expected.Format, parsed.Format);
    }

    // "Try everything with an explicit +".
    [Theory]
    [MemberData(nameof(ParseCases))]
    public void TestQuantityParse_explicit_plus(string input, Quantity expected)
    {
        var parsed = Quantity.Parse("+" + input);

        Assert.Equal(0, expected.Cmp(parsed));
        Assert.Equal(expected.Format, parsed.Format);
    }

    // TestQuantityParse's invalid list, with the reason each one fails.
    [Theory]
    [InlineData("", "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$' (got an empty string)")]
    [InlineData("1.1.M", "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$' (unexpected '.' at position 3)")]
    [InlineData("1+1.0M", "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$' (unexpected '.' at position 3)")]
    [InlineData("0.1mi", "unable to parse quantity's suffix \"mi\"")]
    [InlineData("0.1am", "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$' (unexpected 'a' at position 3)")]
    [InlineData("aoeu", "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$' (unexpected 'a' at position 0)")]
    [InlineData(".5i", "unable to parse quantity's suffix \"i\"")]
    [InlineData("1i", "unable to parse quantity's suffix \"i\"")]
    [InlineData("-3.01i", "unable to parse quantity's suffix \"i\"")]
    [InlineData("-3.01e-", "unable to parse quantity's suffix \"e-\"")]
    // an exponent outside the int32 scale is rejected rather than truncated
    [InlineData("1e4294967297", "unable to parse quantity's suffix \"e4294967297\"")]
    // trailing whitespace is forbidden
    [InlineData(" 1", "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$' (unexpected ' ' at position 0)")]
    [InlineData("1 ", "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$' (unexpected ' ' at position 1)")]
    // upstream reads the number of an inexact quantity through inf.Dec, which needs a digit
    [InlineData(".Ei", "unable to parse numeric part of quantity \".\"")]
    public void TestQuantityParse_invalid(string input, string reason)
    {
        var error = Assert.Throws<QuantityFormatException>(() => Quantity.Parse(input));

        Assert.Equal(reason, error.Reason);
        Assert.Equal(input, error.Text);
        Assert.Equal($"invalid quantity \"{input}\": {reason}", error.Message);
        Assert.False(Quantity.TryParse(input, out _));
    }

    [Fact]
    public void TryParse_rejects_null()
    {
        Assert.False(Quantity.TryParse(null, out var quantity));
        Assert.True(quantity.IsZero);
    }

    [Theory]
    [InlineData("e14", true, 14)]
    [InlineData("E2147483647", true, 2147483647)] // MaxInt32
    [InlineData("E-2147483647", true, -2147483647)] // -MaxInt32
    [InlineData("E2147483648", false, 0)] // MaxInt32 + 1
    [InlineData("E-2147483648", false, 0)] // MinInt32; -MinInt32 overflows int32
    [InlineData("E4294967297", false, 0)] // 2^32 + 1
    [InlineData("E8589934592", false, 0)] // 2^33
    [InlineData("E9223372036854775807", false, 0)] // MaxInt64
    [InlineData("E9223372036854775808", false, 0)] // MaxInt64 + 1, past int64
    [InlineData("E6024865272343", false, 0)] // far past int32
    public void TestInterpretExponentInt32Bounds(string suffix, bool ok, int exponent)
    {
        Assert.Equal(ok, QuantitySuffixes.TryInterpret(suffix, out var numberBase, out var parsed, out var format));
        if (ok)
        {
            Assert.Equal((10, exponent, QuantityFormat.DecimalExponent), (numberBase, parsed, format));
        }
    }

    [Theory]
    [InlineData("1Ki", "1Ki")]
    [InlineData("1Mi", "1Mi")]
    [InlineData("1Gi", "1Gi")]
    [InlineData("1024Mi", "1Gi")]
    [InlineData("1000M", "1G")]
    [InlineData(".001Ki", "1024m")]
    [InlineData(".000001Ki", "1024u")]
    [InlineData(".000000001Ki", "1024n")]
    [InlineData(".000000000001Ki", "2n")]
    // The forms erlmcp's configuration and metrics use.
    [InlineData("20500m", "20500m")]
    [InlineData("20000", "20k")]
    [InlineData("20k", "20k")]
    [InlineData("1500Mi", "1500Mi")]
    [InlineData("1.5", "1500m")]
    [InlineData("0.1", "100m")]
    [InlineData("0.05", "50m")]
    [InlineData("1e3", "1e3")]
    [InlineData("1.5Gi", "1536Mi")]
    public void TestQuantityParseEmit(string input, string expected)
    {
        Assert.Equal(expected, Quantity.Parse(input).ToString());
        Assert.Equal("-" + expected, Quantity.Parse("-" + input).ToString());
    }

    [Theory]
    // small negative values on the inexact path: the canonicalization rounds them to -1n
    [InlineData("-.484785E-7466", -1, -1)]
    [InlineData(".484785E-7466", 1, 1)]
    // values on the int64 path
    [InlineData("-.484785E-1", -1, -49)]
    [InlineData(".484785E-1", 1, 49)]
    [InlineData("-0.0005", -1, -1)]
    [InlineData("0.0005", 1, 1)]
    [InlineData("-1500m", -2, -1500)]
    [InlineData("1500m", 2, 1500)]
    // binary values with a fraction; exact value is +/-10200547328.1073741824
    [InlineData("-9.5000000001Gi", -10200547329, -10200547328108)]
    [InlineData("9.5000000001Gi", 10200547329, 10200547328108)]
    // exact integers, no rounding
    [InlineData("-1", -1, -1000)]
    [InlineData("1", 1, 1000)]
    [InlineData("0", 0, 0)]
    public void TestNegativeValueRoundsAwayFromZero(string input, long value, long milli)
    {
        var quantity = Quantity.Parse(input);

        Assert.Equal(value, quantity.Value());
        Assert.Equal(milli, quantity.MilliValue());
    }

    [Fact]
    public void Values_beyond_int64_parse_exactly_and_print_canonically()
    {
        Assert.Equal("9223372036854775808", Quantity.Parse("9223372036854775808").ToString());
        Assert.Equal("123456789012345678901234567890", Quantity.Parse("123456789012345678901234567890").ToString());
        Assert.Equal("123456789012345678901234567890m", Quantity.Parse("123456789012345678901234567.890").ToString());
        Assert.Equal("1e21", Quantity.Parse("1000E").ToString());
        Assert.Equal("10e2147483646", Quantity.Parse("1e2147483647").ToString());
        Assert.Equal(long.MaxValue, Quantity.Parse("1e2147483647").Value());
        Assert.Equal(long.MinValue, Quantity.Parse("-1e30").MilliValue());
        Assert.True(Quantity.Parse("1e2147483647") > Quantity.Parse("999999999999999999999999999999e2147483600"));
    }
}
