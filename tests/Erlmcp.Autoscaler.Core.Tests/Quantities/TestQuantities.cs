using System.Numerics;
using Erlmcp.Autoscaler.Core.Quantities;

namespace Erlmcp.Autoscaler.Core.Tests.Quantities;

/// <summary>Builds quantities from mantissa × 10^exponent, as upstream's tests do with decQuantity/intQuantity.</summary>
internal static class TestQuantities
{
    public const QuantityFormat DecimalSI = QuantityFormat.DecimalSI;
    public const QuantityFormat BinarySI = QuantityFormat.BinarySI;
    public const QuantityFormat DecimalExponent = QuantityFormat.DecimalExponent;

    public static Quantity Dec(long mantissa, int exponent, QuantityFormat format) => new(mantissa, exponent, format);

    public static Quantity Big(BigInteger mantissa, int exponent, QuantityFormat format) => new(mantissa, exponent, format);

    /// <summary>Upstream's maxAllowed: 2^63-1.</summary>
    public static Quantity MaxAllowed(QuantityFormat format) => Dec(long.MaxValue, 0, format);
}
