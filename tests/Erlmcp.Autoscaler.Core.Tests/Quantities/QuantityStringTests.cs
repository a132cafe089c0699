using System.Numerics;
using Erlmcp.Autoscaler.Core.Quantities;
using static Erlmcp.Autoscaler.Core.Tests.Quantities.TestQuantities;

namespace Erlmcp.Autoscaler.Core.Tests.Quantities;

/// <summary>
/// Upstream quantity_test.go: TestQuantityString, TestBinarySIZeroExponentString, TestQuantityStringBelowNano,
/// TestBinarySIPastEiArithmeticRoundTrip, TestQuantityCanocicalizeZero, TestMilliNewSet, TestNewSet,
/// TestNewScaledSet, TestScaledValue.
/// </summary>
public class QuantityStringTests
{
    /// <summary>TestQuantityString: quantity, canonical text, an alternate spelling that prints the same ("" for none).</summary>
    public static TheoryData<Quantity, string, string> StringCases => new()
    {
        { Dec(1024 * 1024 * 1024, 0, BinarySI), "1Gi", "1024Mi" },
        { Dec(300 * 1024 * 1024, 0, BinarySI), "300Mi", "307200Ki" },
        { Dec(6 * 1024, 0, BinarySI), "6Ki", "" },
        { Dec(1001L * 1024 * 1024 * 1024, 0, BinarySI), "1001Gi", "1025024Mi" },
        { Dec(1024L * 1024 * 1024 * 1024, 0, BinarySI), "1Ti", "1024Gi" },
        { Dec(5, 0, BinarySI), "5", "5000m" },
        { Dec(500, -3, BinarySI), "500m", "0.5" },
        { Dec(1, 9, DecimalSI), "1G", "1000M" },
        { Dec(1000, 6, DecimalSI), "1G", "0.001T" },
        { Dec(1000000, 3, DecimalSI), "1G", "" },
        { Dec(1000000000, 0, DecimalSI), "1G", "" },
        { Dec(1, -3, DecimalSI), "1m", "1000u" },
        { Dec(80, -3, DecimalSI), "80m", "" },
        { Dec(1080, -3, DecimalSI), "1080m", "1.08" },
        { Dec(108, -2, DecimalSI), "1080m", "1080000000n" },
        { Dec(10800, -4, DecimalSI), "1080m", "" },
        { Dec(300, 6, DecimalSI), "300M", "" },
        { Dec(1, 12, DecimalSI), "1T", "" },
        // DecimalSI has no suffix beyond "E": larger exponents fall back to exponent notation.
        { Dec(1, 18, DecimalSI), "1E", "" },
        { Dec(1, 21, DecimalSI), "1e21", "1000E" },
        { Dec(5, 21, DecimalSI), "5e21", "5000E" },
        { Dec(1, 24, DecimalSI), "1e24", "1000000E" },
        // BinarySI has no suffix beyond "Ei": such values fall back to an exact decimal form.
        { Dec(1, 70, BinarySI), "10e69", "" },
        { Dec(2, 70, BinarySI), "20e69", "" },
        { Dec(1, 72, BinarySI), "1e72", "" },
        { Dec(1234567, 6, DecimalSI), "1234567M", "" },
        { Dec(1234567, -3, BinarySI), "1234567m", "" },
        { Dec(3, 3, DecimalSI), "3k", "" },
        { Dec(1025, 0, BinarySI), "1025", "" },
        { Dec(0, 0, DecimalSI), "0", "" },
        { Dec(0, 0, BinarySI), "0", "" },
        { Dec(1, 9, DecimalExponent), "1e9", ".001e12" },
        { Dec(1, -3, DecimalExponent), "1e-3", "0.001e0" },
        { Dec(1, -9, DecimalExponent), "1e-9", "1000e-12" },
        { Dec(80, -3, DecimalExponent), "80e-3", "" },
        { Dec(300, 6, DecimalExponent), "300e6", "" },
        { Dec(1, 12, DecimalExponent), "1e12", "" },
        { Dec(1, 3, DecimalExponent), "1e3", "" },
        { Dec(3, 3, DecimalExponent), "3e3", "" },
        { Dec(0, 0, DecimalExponent), "0", "00" },
        { Dec(1, -9, DecimalSI), "1n", "" },
        { Dec(80, -9, DecimalSI), "80n", "" },
        { Dec(1080, -9, DecimalSI), "1080n", "" },
        { Dec(108, -8, DecimalSI), "1080n", "" },
        { Dec(10800, -10, DecimalSI), "1080n", "" },
        { Dec(1, -6, DecimalSI), "1u", "" },
        { Dec(80, -6, DecimalSI), "80u", "" },
        { Dec(1080, -6, DecimalSI), "1080u", "" },
    };

    [Theory]
    [MemberData(nameof(StringCases))]
    public void TestQuantityString(Quantity quantity, string expected, string alternate)
    {
        Assert.Equal(expected, quantity.ToString());
        Assert.Equal(expected, Quantity.Parse(expected).ToString());
        Assert.Equal(0, Quantity.Parse(expected).Cmp(quantity));
        if (alternate.Length > 0)
        {
            Assert.Equal(expected, Quantity.Parse(alternate).ToString());
        }

        // Never "-0".
        Assert.Equal(quantity.IsZero ? "0" : "-" + expected, quantity.Neg().ToString());
    }

    [Theory]
    [InlineData(2000, "2000")]
    [InlineData(-2000, "-2000")]
    public void TestBinarySIZeroExponentString(long value, string expected)
    {
        Assert.Equal(expected, Dec(value, 0, BinarySI).ToString());
    }

    // DecimalSI has no suffix below "n"; only reachable by construction, as parsing rounds up to nano.
    [Theory]
    [InlineData(1, -12, "1e-12")]
    [InlineData(1, -10, "100e-12")]
    public void TestQuantityStringBelowNano(long mantissa, int exponent, string expected)
    {
        Assert.Equal(expected, Quantity.FromScaled(mantissa, exponent).ToString());
    }

    // 2^70 has no binary suffix and no trailing decimal zeros: it prints as its full decimal digits.
    [Fact]
    public void TestBinarySIPastEiArithmeticRoundTrip()
    {
        var q = Big(BigInteger.One << 70, 0, BinarySI);

        Assert.Equal("1180591620717411303424", q.ToString());
        Assert.Equal(q, Quantity.Parse(q.ToString()));
    }

    // TestQuantityCanocicalizeZero: a zero left by arithmetic prints "0", not "0<suffix>".
    [Fact]
    public void TestQuantityCanocicalizeZero()
    {
        var zero = Quantity.Parse("1000m").Sub(Quantity.FromValue(1, DecimalSI));

        Assert.True(zero.IsZero);
        Assert.Equal("0", zero.ToString());
    }

    [Theory]
    [InlineData(1, DecimalSI, "1m", true)]
    [InlineData(1000, DecimalSI, "1", true)]
    [InlineData(1234000, DecimalSI, "1234", true)]
    [InlineData(1024, BinarySI, "1024m", false)] // Format changes
    [InlineData(1000000, (QuantityFormat)99, "1e3", true)] // invalidFormatDefaultsToExponent
    [InlineData(1024 * 1024, BinarySI, "1048576m", false)] // Format changes
    public void TestMilliNewSet(long value, QuantityFormat format, string expected, bool exact)
    {
        var quantity = Quantity.FromMilli(value, format);

        Assert.Equal(expected, quantity.ToString());
        if (exact)
        {
            Assert.Equal(value, Quantity.Parse(quantity.ToString()).MilliValue());
        }
    }

    [Theory]
    [InlineData(1, DecimalSI, "1")]
    [InlineData(1000, DecimalSI, "1k")]
    [InlineData(1234000, DecimalSI, "1234k")]
    [InlineData(1024, BinarySI, "1Ki")]
    [InlineData(1000000, (QuantityFormat)99, "1e6")] // invalidFormatDefaultsToExponent
    [InlineData(1024 * 1024, BinarySI, "1Mi")]
    public void TestNewSet(long value, QuantityFormat format, string expected)
    {
        var quantity = Quantity.FromValue(value, format);

        Assert.Equal(expected, quantity.ToString());
        Assert.Equal(value, Quantity.Parse(quantity.ToString()).Value());
    }

    [Theory]
    [InlineData(1, -9, "1n")]
    [InlineData(1000, -9, "1u")]
    [InlineData(1, -6, "1u")]
    [InlineData(1000, -6, "1m")]
    [InlineData(1, -3, "1m")]
    [InlineData(1000, -3, "1")]
    [InlineData(1, 0, "1")]
    [InlineData(0, -9, "0")]
    [InlineData(0, -6, "0")]
    [InlineData(0, -3, "0")]
    [InlineData(0, 0, "0")]
    public void TestNewScaledSet(long value, int scale, string expected)
    {
        var quantity = Quantity.FromScaled(value, scale);

        Assert.Equal(expected, quantity.ToString());
        Assert.Equal(value, Quantity.Parse(quantity.ToString()).ScaledValue(scale));
    }

    [Theory]
    [InlineData(-9, -9, 1)]
    [InlineData(-9, -6, 1)]
    [InlineData(-9, -3, 1)]
    [InlineData(-9, 0, 1)]
    [InlineData(-6, -9, 1000)]
    [InlineData(-6, -6, 1)]
    [InlineData(-6, -3, 1)]
    [InlineData(-6, 0, 1)]
    [InlineData(-3, -9, 1000 * 1000)]
    [InlineData(-3, -6, 1000)]
    [InlineData(-3, -3, 1)]
    [InlineData(-3, 0, 1)]
    [InlineData(0, -9, 1000 * 1000 * 1000)]
    [InlineData(0, -6, 1000 * 1000)]
    [InlineData(0, -3, 1000)]
    [InlineData(0, 0, 1)]
    [InlineData(2, -2, 100 * 100)]
    public void TestScaledValue(int fromScale, int toScale, long expected)
    {
        Assert.Equal(expected, Quantity.FromScaled(1, fromScale).ScaledValue(toScale));
    }

    [Theory]
    [InlineData(long.MaxValue, 1, 0, long.MaxValue)]
    [InlineData(long.MinValue, 1, 0, long.MinValue)]
    [InlineData(5, 30, -3, long.MaxValue)]
    [InlineData(-5, 30, -3, long.MinValue)]
    [InlineData(long.MinValue, 0, 0, long.MinValue)]
    [InlineData(-1, -40, 0, -1)]
    public void ScaledValue_saturates_and_rounds_away_from_zero(long mantissa, int scale, int target, long expected)
    {
        Assert.Equal(expected, Quantity.FromScaled(mantissa, scale).ScaledValue(target));
    }
}
