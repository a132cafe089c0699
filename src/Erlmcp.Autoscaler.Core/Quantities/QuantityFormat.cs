namespace Erlmcp.Autoscaler.Core.Quantities;

/// <summary>How a <see cref="Quantity"/> prints (k8s.io/apimachinery/pkg/api/resource.Format).</summary>
public enum QuantityFormat
{
    /// <summary>Decimal SI suffixes: <c>n u m "" k M G T P E</c>, e.g. <c>12M</c> = 12 × 10^6.</summary>
    DecimalSI,

    /// <summary>Binary suffixes: <c>Ki Mi Gi Ti Pi Ei</c>, e.g. <c>12Mi</c> = 12 × 2^20.</summary>
    BinarySI,

    /// <summary>Decimal exponent: <c>12e6</c>.</summary>
    DecimalExponent,
}
