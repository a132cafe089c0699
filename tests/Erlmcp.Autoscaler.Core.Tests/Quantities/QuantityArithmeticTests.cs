using Erlmcp.Autoscaler.Core.Quantities;
using static Erlmcp.Autoscaler.Core.Tests.Quantities.TestQuantities;

namespace Erlmcp.Autoscaler.Core.Tests.Quantities;

/// <summary>
/// Upstream quantity_test.go: TestQuantityCmp, TestQuantityCmpInt64AndDec, TestQuantityNeg, TestNeg, TestAdd,
/// TestSub, TestQuantityAddZeroPreservesSuffix, TestQuantitySubZeroPreservesSuffix, TestNegAndSubAtMostNegative,
/// TestSubMostNegativeCrossScale, TestZeroSubMostNegativeInheritsFormat, TestQuantityAsApproximateFloat64,
/// TestStringQuantityAsApproximateFloat64.
/// </summary>
public class QuantityArithmeticTests
{
    [Theory]
    [InlineData("0", "0", 0)]
    [InlineData("100m", "50m", 1)]
    [InlineData("50m", "100m", -1)]
    [InlineData("10000T", "100Gi", 1)]
    public void TestQuantityCmp(string x, string y, int expected)
    {
        var (a, b) = (Quantity.Parse(x), Quantity.Parse(y));

        Assert.Equal(expected, a.Cmp(b));
        Assert.Equal(expected, a.CompareTo(b));
        Assert.Equal(expected == 0, a == b);
        Assert.Equal(expected < 0, a < b);
        Assert.Equal(expected > 0, a > b);
    }

    public static TheoryData<Quantity, Quantity, int> CmpCases => new()
    {
        { Dec(901, -2, DecimalSI), Dec(901, -2, DecimalSI), 0 },
        { Dec(90, -1, DecimalSI), Dec(901, -2, DecimalSI), -1 },
        { Dec(901, -2, DecimalSI), Dec(900, -2, DecimalSI), 1 },
        { Dec(0, 0, DecimalSI), Dec(0, 0, DecimalSI), 0 },
        { Dec(0, 1, DecimalSI), Dec(0, -1, DecimalSI), 0 },
        { Dec(0, -1, DecimalSI), Dec(0, 1, DecimalSI), 0 },
        { Dec(800, -3, DecimalSI), Dec(1, 0, DecimalSI), -1 },
        { Dec(800, -3, DecimalSI), Dec(79, -2, DecimalSI), 1 },
        { Dec(long.MaxValue, 0, DecimalSI), Dec(1, -1, DecimalSI), 1 },
        { Dec(long.MaxValue, 1, DecimalSI), Dec(1, 0, DecimalSI), 1 },
        { Dec(long.MaxValue, 1, DecimalSI), Dec(1, 1, DecimalSI), 1 },
        { Dec(long.MaxValue, 1, DecimalSI), Dec(0, 1, DecimalSI), 1 },
        { Dec(long.MaxValue, -16, DecimalSI), Dec(1, 3, DecimalSI), -1 },
        { Dec(long.MinValue, 0, DecimalSI), Dec(0, 0, DecimalSI), -1 },
        { Dec(long.MinValue, -18, DecimalSI), Dec(-1, 0, DecimalSI), -1 },
        { Dec(long.MinValue, -19, DecimalSI), Dec(-1, 0, DecimalSI), 1 },
        { Dec(1_000_000_000_000_000_000, -17, DecimalSI), Dec(1, 1, DecimalSI), 0 },
        { Dec(1_000_000_000_000_000_000, -17, DecimalSI), Dec(-10, 0, DecimalSI), 1 },
        { Dec(-1_000_000_000_000_000_000, -17, DecimalSI), Dec(-10, 0, DecimalSI), 0 },
        { Dec(1_000_000_000_000_000_000, -17, DecimalSI), Dec(1, 0, DecimalSI), 1 },
        { Dec(1_000_000_000_000_000_001, -17, DecimalSI), Dec(1, 1, DecimalSI), 1 },
        { Dec(999_999_999_999_999_999, -17, DecimalSI), Dec(1, 1, DecimalSI), -1 },
    };

    // TestQuantityCmpInt64AndDec: both directions, and equality agrees with the hash.
    [Theory]
    [MemberData(nameof(CmpCases))]
    public void TestQuantityCmpInt64AndDec(Quantity a, Quantity b, int expected)
    {
        Assert.Equal(expected, a.Cmp(b));
        Assert.Equal(-expected, b.Cmp(a));
        if (expected == 0)
        {
            Assert.Equal(a.GetHashCode(), b.GetHashCode());
        }
    }

    [Fact]
    public void TestQuantityNeg()
    {
        var a = Dec(901, -2, DecimalSI);

        Assert.Equal("-9010m", a.Neg().ToString());
        Assert.NotEqual(a, a.Neg());
        Assert.Equal("9010m", a.ToString());
    }

    public static TheoryData<Quantity, Quantity> NegCases => new()
    {
        { Dec(0, 0, DecimalSI), Dec(0, 0, DecimalSI) },
        { default, default },
        { Dec(10, 0, BinarySI), Dec(-10, 0, BinarySI) },
        { Dec(-10, 0, BinarySI), Dec(10, 0, BinarySI) },
    };

    [Theory]
    [MemberData(nameof(NegCases))]
    public void TestNeg(Quantity a, Quantity expected)
    {
        Assert.Equal(expected, a.Neg());
        Assert.Equal(a.Format, a.Neg().Format);
    }

    public static TheoryData<Quantity, Quantity, Quantity> AddCases => new()
    {
        { Dec(10, 0, DecimalSI), Dec(1, 1, DecimalSI), Dec(20, 0, DecimalSI) },
        { Dec(10, 0, DecimalSI), Dec(1, 0, BinarySI), Dec(11, 0, DecimalSI) },
        { Dec(10, 0, BinarySI), Dec(1, 0, DecimalSI), Dec(11, 0, BinarySI) },
        { Dec(0, 0, DecimalSI), Dec(50, 0, DecimalSI), Dec(50, 0, DecimalSI) },
        { Dec(50, 0, DecimalSI), Dec(0, 0, DecimalSI), Dec(50, 0, DecimalSI) },
        { Dec(0, 0, DecimalSI), Dec(0, 0, DecimalSI), Dec(0, 0, DecimalSI) },
    };

    [Theory]
    [MemberData(nameof(AddCases))]
    public void TestAdd(Quantity a, Quantity b, Quantity expected)
    {
        var sum = a.Add(b);

        Assert.Equal(expected, sum);
        Assert.Equal(expected.Format, sum.Format);
    }

    public static TheoryData<Quantity, Quantity, Quantity> SubCases => new()
    {
        { Dec(10, 0, DecimalSI), Dec(1, 1, DecimalSI), Dec(0, 0, DecimalSI) },
        { Dec(10, 0, DecimalSI), Dec(1, 0, BinarySI), Dec(9, 0, DecimalSI) },
        { Dec(10, 0, BinarySI), Dec(1, 0, DecimalSI), Dec(9, 0, BinarySI) },
        { Dec(0, 0, DecimalSI), Dec(50, 0, DecimalSI), Dec(-50, 0, DecimalSI) },
        { Dec(50, 0, DecimalSI), Dec(0, 0, DecimalSI), Dec(50, 0, DecimalSI) },
        { Dec(0, 0, DecimalSI), Dec(0, 0, DecimalSI), Dec(0, 0, DecimalSI) },
    };

    [Theory]
    [MemberData(nameof(SubCases))]
    public void TestSub(Quantity a, Quantity b, Quantity expected)
    {
        Assert.Equal(expected, a.Sub(b));
    }

    [Theory]
    [InlineData("100m")]
    [InlineData("1Gi")]
    public void TestQuantityAddZeroPreservesSuffix(string text)
    {
        var (value, zero) = (Quantity.Parse(text), Quantity.Parse("0"));

        Assert.Equal(text, value.Add(zero).ToString());
        Assert.Equal(text, zero.Add(value).ToString());
    }

    [Theory]
    [InlineData("100m")]
    [InlineData("1Gi")]
    public void TestQuantitySubZeroPreservesSuffix(string text)
    {
        var (value, zero) = (Quantity.Parse(text), Quantity.Parse("0"));

        Assert.Equal(text, value.Sub(zero).ToString());
        Assert.Equal(value.Neg().ToString(), zero.Sub(value).ToString());
        Assert.Equal("-" + text, zero.Sub(value).ToString());
    }

    // -long.MinValue is 2^63: negation and subtraction stay exact past the int64 range.
    [Fact]
    public void TestNegAndSubAtMostNegative()
    {
        var want = Quantity.Parse("9223372036854775808");
        var mostNegative = Dec(long.MinValue, 0, DecimalSI);

        foreach (var got in new[] { mostNegative.Neg(), default(Quantity).Sub(mostNegative) })
        {
            Assert.Equal(1, got.Sign);
            Assert.Equal("9223372036854775808", got.ToString());
            Assert.Equal(0, got.Cmp(want));
            Assert.Equal(long.MaxValue, got.Value());
        }

        var oneSub = Dec(1, 0, DecimalSI).Sub(mostNegative);
        Assert.Equal("9223372036854775809", oneSub.ToString());
        Assert.Equal(Quantity.Parse("9223372036854775809"), oneSub);

        Assert.Equal(long.MaxValue, Dec(long.MinValue + 1, 0, DecimalSI).Neg().Value());
        Assert.Equal("9223372036854775808m", Dec(long.MinValue, -3, DecimalSI).Neg().ToString());
        Assert.Equal("9223372036854775809m", Dec(1, -3, DecimalSI).Sub(Dec(long.MinValue, -3, DecimalSI)).ToString());
        Assert.Equal("9223372036854775808m", default(Quantity).Sub(Quantity.FromScaled(long.MinValue, -3)).ToString());
    }

    [Fact]
    public void TestSubMostNegativeCrossScale()
    {
        Assert.Equal("9223372036854775818", Dec(1, 1, DecimalSI).Sub(Dec(long.MinValue, 0, DecimalSI)).ToString());
    }

    [Fact]
    public void TestZeroSubMostNegativeInheritsFormat()
    {
        var q = Dec(0, 0, DecimalSI).Sub(Dec(long.MinValue, 0, BinarySI));

        Assert.Equal(QuantityFormat.BinarySI, q.Format);
        Assert.Equal("8Ei", q.ToString());
        Assert.Equal(0, q.Cmp(Quantity.Parse("9223372036854775808")));
    }

    [Fact]
    public void Adding_quantities_too_far_apart_to_align_is_refused()
    {
        var error = Assert.Throws<OverflowException>(() => Quantity.Parse("1e200000").Add(Quantity.Parse("1")));
        Assert.Contains("cannot add 100e199998 and 1 exactly: their scales are 200000 powers of ten apart", error.Message, StringComparison.Ordinal);
    }

    public static TheoryData<Quantity, double> FloatCases => new()
    {
        { Dec(0, 0, DecimalSI), 0.0 },
        { Dec(0, 0, DecimalExponent), 0.0 },
        { Dec(0, 0, BinarySI), 0.0 },
        { Dec(0, 500, DecimalSI), 0.0 },
        { Dec(0, -500, DecimalSI), 0.0 },
        { Dec(1, 0, DecimalSI), 1 },
        { Dec(1, 0, DecimalExponent), 1 },
        { Dec(1, 0, BinarySI), 1 },

        // Binary suffixes
        { Dec(1024, 0, BinarySI), 1024 },
        { Dec(8 * 1024, 0, BinarySI), 8 * 1024 },
        { Dec(7 * 1024 * 1024, 0, BinarySI), 7 * 1024 * 1024 },
        { Dec(7 * 1024 * 1024, 1, BinarySI), 7 * 1024 * 1024 * 10.0 },
        { Dec(7 * 1024 * 1024, 4, BinarySI), 7 * 1024 * 1024 * 10000.0 },
        { Dec(7 * 1024 * 1024, 8, BinarySI), 7 * 1024 * 1024 * 100000000.0 },
        { Dec(7 * 1024 * 1024, -1, BinarySI), 7 * 1024 * 1024 * 0.1 }, // '* Pow10' and '/ float(10)' do not round the same way
        { Dec(7 * 1024 * 1024, -8, BinarySI), 7 * 1024 * 1024 / 100000000.0 },
        { Dec(1024, 0, DecimalSI), 1024 },
        { Dec(8 * 1024, 0, DecimalSI), 8 * 1024 },
        { Dec(7 * 1024 * 1024, 0, DecimalSI), 7 * 1024 * 1024 },
        { Dec(7 * 1024 * 1024, 1, DecimalSI), 7 * 1024 * 1024 * 10.0 },
        { Dec(7 * 1024 * 1024, 4, DecimalSI), 7 * 1024 * 1024 * 10000.0 },
        { Dec(7 * 1024 * 1024, 8, DecimalSI), 7 * 1024 * 1024 * 100000000.0 },
        { Dec(7 * 1024 * 1024, -1, DecimalSI), 7 * 1024 * 1024 * 0.1 },
        { Dec(7 * 1024 * 1024, -8, DecimalSI), 7 * 1024 * 1024 / 100000000.0 },
        { Dec(1024, 0, DecimalExponent), 1024 },
        { Dec(8 * 1024, 0, DecimalExponent), 8 * 1024 },
        { Dec(7 * 1024 * 1024, 0, DecimalExponent), 7 * 1024 * 1024 },
        { Dec(7 * 1024 * 1024, 1, DecimalExponent), 7 * 1024 * 1024 * 10.0 },
        { Dec(7 * 1024 * 1024, 4, DecimalExponent), 7 * 1024 * 1024 * 10000.0 },
        { Dec(7 * 1024 * 1024, 8, DecimalExponent), 7 * 1024 * 1024 * 100000000.0 },
        { Dec(7 * 1024 * 1024, -1, DecimalExponent), 7 * 1024 * 1024 * 0.1 },
        { Dec(7 * 1024 * 1024, -8, DecimalExponent), 7 * 1024 * 1024 / 100000000.0 },

        // very large numbers
        { MaxAllowed(DecimalSI), long.MaxValue },
        { MaxAllowed(BinarySI), long.MaxValue },
        { Dec(12, 18, DecimalSI), 1.2e19 },

        // infinities caused due to float64 overflow
        { Dec(12, 500, DecimalSI), double.PositiveInfinity },
        { Dec(-12, 500, DecimalSI), double.NegativeInfinity },
    };

    [Theory]
    [MemberData(nameof(FloatCases))]
    public void TestQuantityAsApproximateFloat64(Quantity quantity, double expected)
    {
        Assert.Equal(expected, quantity.AsApproximateFloat64());
    }

    [Theory]
    [InlineData("2Ki", 2048)]
    [InlineData("1.1Ki", 1126.4e+0)]
    [InlineData("1Mi", 1.048576e+06)]
    [InlineData("2Gi", 2.147483648e+09)]
    [InlineData("500m", 0.5)]
    [InlineData("0.05", 0.05)]
    [InlineData("-1.5", -1.5)]
    public void TestStringQuantityAsApproximateFloat64(string text, double expected)
    {
        Assert.Equal(expected, Quantity.Parse(text).AsApproximateFloat64());
    }

    [Fact]
    public void Equality_ignores_format_and_representation()
    {
        var binary = Quantity.Parse("1Ki");
        var milli = Quantity.Parse("1024000m");

        Assert.Equal(binary, milli);
        Assert.True(binary == milli);
        Assert.Equal(binary.GetHashCode(), milli.GetHashCode());
        Assert.NotEqual(binary.Format, milli.Format);
        Assert.Equal(default, Quantity.Parse("0Gi"));
        Assert.True(Quantity.Parse("1m") <= Quantity.Parse("0.001"));
        Assert.True(Quantity.Parse("-1m") < Quantity.Parse("0"));
        Assert.True(Quantity.Parse("1n") >= Quantity.Parse("0.5n"));
    }
}
