using System.Diagnostics.CodeAnalysis;
using System.Numerics;
using System.Text.Json.Serialization;

namespace Erlmcp.Autoscaler.Core.Quantities;

/// <summary>
/// A Kubernetes resource quantity (k8s.io/apimachinery/pkg/api/resource.Quantity): an exact decimal number
/// written <c>&lt;signed number&gt;&lt;suffix&gt;</c>, e.g. <c>500m</c>, <c>1.5Gi</c>, <c>20k</c>, <c>1e3</c>.
/// It remembers the kind of suffix it was written with and prints in upstream's canonical form in that kind
/// (<c>1.5</c> prints <c>1500m</c>, <c>1024Mi</c> prints <c>1Gi</c>). Parsing rounds non-zero values up to a
/// multiple of 1n (10^-9); values beyond the int64 range stay exact. Equality and ordering compare the numbers
/// and ignore the format. <c>default</c> is zero.
/// </summary>
/// <remarks>
/// Held as unscaled × 10^scale with the unscaled integer and scale upstream would hold, so that
/// <see cref="AsApproximateFloat64"/> rounds exactly as upstream's does.
/// </remarks>
[JsonConverter(typeof(QuantityJsonConverter))]
public readonly struct Quantity : IEquatable<Quantity>, IComparable<Quantity>
{
    // Adding two quantities aligns them to the smaller scale; past this many digits of alignment the exact sum
    // would take unbounded memory, so it is refused (upstream would try, and stall).
    private const long MaxAlignmentDigits = 100_000;

    private readonly BigInteger unscaled;
    private readonly int scale;

    internal Quantity(BigInteger unscaled, int scale, QuantityFormat format)
    {
        this.unscaled = unscaled;
        this.scale = scale;
        Format = format;
    }

    /// <summary>The kind of suffix the quantity prints with.</summary>
    public QuantityFormat Format { get; }

    public bool IsZero => unscaled.IsZero;

    /// <summary>-1, 0 or 1.</summary>
    public int Sign => unscaled.Sign;

    internal BigInteger Unscaled => unscaled;

    internal int Scale => scale;

    /// <summary>Parses a quantity (upstream's ParseQuantity). No blanks are allowed around it.</summary>
    /// <exception cref="QuantityFormatException">The text is not a quantity; the message says why.</exception>
    public static Quantity Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return QuantityParser.TryParse(text, out var quantity, out var error)
            ? quantity
            : throw new QuantityFormatException(text, error);
    }

    public static bool TryParse([NotNullWhen(true)] string? text, out Quantity quantity)
    {
        quantity = default;
        return text is not null && QuantityParser.TryParse(text, out quantity, out _);
    }

    /// <summary>The integer <paramref name="value"/> (upstream's NewQuantity).</summary>
    public static Quantity FromValue(long value, QuantityFormat format) => new(value, 0, format);

    /// <summary><paramref name="milli"/> thousandths (upstream's NewMilliQuantity).</summary>
    public static Quantity FromMilli(long milli, QuantityFormat format = QuantityFormat.DecimalSI) => new(milli, -3, format);

    /// <summary><paramref name="value"/> × 10^<paramref name="scale"/> in DecimalSI (upstream's NewScaledQuantity).</summary>
    public static Quantity FromScaled(long value, int scale) => new(value, scale, QuantityFormat.DecimalSI);

    /// <summary>The value rounded to an integer away from zero (1.2 → 2, -1.2 → -2); saturates at the int64 range.</summary>
    public long Value() => ScaledValue(0);

    /// <summary>The value in thousandths rounded away from zero; saturates at the int64 range.</summary>
    public long MilliValue() => ScaledValue(-3);

    /// <summary>
    /// The value in units of 10^<paramref name="targetScale"/>, rounded away from zero; saturates at the int64
    /// range (upstream's int64 path; its inf.Dec path could wrap instead).
    /// </summary>
    public long ScaledValue(int targetScale)
    {
        if (unscaled.IsZero)
        {
            return 0;
        }

        var magnitude = BigInteger.Abs(unscaled);
        var delta = (long)scale - targetScale;
        BigInteger result;
        if (delta >= 0)
        {
            // A non-zero integer times 10^19 or more is past the int64 range.
            result = delta >= 19 ? BigInteger.Pow(10, 19) : magnitude * DecimalMath.Pow10(delta);
        }
        else
        {
            (result, _) = DecimalMath.DivideRoundingUp(magnitude, -delta);
        }

        if (unscaled.Sign < 0)
        {
            return result > ((BigInteger)long.MaxValue) + 1 ? long.MinValue : (long)-result;
        }

        return result > long.MaxValue ? long.MaxValue : (long)result;
    }

    /// <summary>
    /// The value as a double, computed as upstream does (unscaled as a double times Go's Pow10 of the scale), so
    /// possibly off by an ulp; ±Infinity past the double range.
    /// </summary>
    public double AsApproximateFloat64()
    {
        if (unscaled.IsZero)
        {
            return 0;
        }

        var value = DecimalMath.ToDouble(unscaled);
        return scale == 0 ? value : value * DecimalMath.DoublePow10(scale);
    }

    /// <summary>The sum. A zero receiver takes the format of <paramref name="other"/>.</summary>
    /// <exception cref="OverflowException">The two scales are more than 100000 powers of ten apart.</exception>
    public Quantity Add(Quantity other)
    {
        var format = IsZero ? other.Format : Format;
        if (other.IsZero)
        {
            return new Quantity(unscaled, scale, format);
        }

        if (IsZero)
        {
            return new Quantity(other.unscaled, other.scale, format);
        }

        if (scale == other.scale)
        {
            return new Quantity(unscaled + other.unscaled, scale, format);
        }

        // Exact sums need a common scale: the smaller one.
        var (high, low) = scale > other.scale ? (this, other) : (other, this);
        var alignment = (long)high.scale - low.scale;
        if (alignment > MaxAlignmentDigits)
        {
            throw new OverflowException(
                $"cannot add {this} and {other} exactly: their scales are {alignment} powers of ten apart (at most {MaxAlignmentDigits})");
        }

        return new Quantity((high.unscaled * DecimalMath.Pow10(alignment)) + low.unscaled, low.scale, format);
    }

    /// <summary>The difference. A zero receiver takes the format of <paramref name="other"/>.</summary>
    /// <exception cref="OverflowException">The two scales are more than 100000 powers of ten apart.</exception>
    public Quantity Sub(Quantity other) => Add(other.Neg());

    public Quantity Neg() => new(-unscaled, scale, Format);

    /// <summary>-1, 0 or 1 as this quantity is less than, equal to or greater than <paramref name="other"/>.</summary>
    public int Cmp(Quantity other) => CompareTo(other);

    public int CompareTo(Quantity other)
    {
        int sign = Sign, otherSign = other.Sign;
        if (sign != otherSign)
        {
            return sign.CompareTo(otherSign);
        }

        if (sign == 0)
        {
            return 0;
        }

        // Settle what the magnitudes decide before aligning scales, which could mean huge powers of ten.
        var (low, high) = DecimalMath.DecimalExponentBounds(unscaled, scale);
        var (otherLow, otherHigh) = DecimalMath.DecimalExponentBounds(other.unscaled, other.scale);
        if (low > otherHigh)
        {
            return sign;
        }

        if (high < otherLow)
        {
            return -sign;
        }

        return scale >= other.scale
            ? (unscaled * DecimalMath.Pow10((long)scale - other.scale)).CompareTo(other.unscaled)
            : unscaled.CompareTo(other.unscaled * DecimalMath.Pow10((long)other.scale - scale));
    }

    public bool Equals(Quantity other) => CompareTo(other) == 0;

    public override bool Equals(object? obj) => obj is Quantity other && Equals(other);

    public override int GetHashCode()
    {
        var (reduced, times) = DecimalMath.RemoveFactorsOfTen(unscaled);
        return reduced.IsZero ? 0 : HashCode.Combine(reduced, scale + times);
    }

    /// <summary>Upstream's canonical form, e.g. <c>20500m</c>, <c>1500Mi</c>, <c>1e3</c>, <c>0</c>.</summary>
    public override string ToString() => QuantityFormatter.Canonical(this);

    public static bool operator ==(Quantity left, Quantity right) => left.Equals(right);

    public static bool operator !=(Quantity left, Quantity right) => !left.Equals(right);

    public static bool operator <(Quantity left, Quantity right) => left.CompareTo(right) < 0;

    public static bool operator <=(Quantity left, Quantity right) => left.CompareTo(right) <= 0;

    public static bool operator >(Quantity left, Quantity right) => left.CompareTo(right) > 0;

    public static bool operator >=(Quantity left, Quantity right) => left.CompareTo(right) >= 0;
}
