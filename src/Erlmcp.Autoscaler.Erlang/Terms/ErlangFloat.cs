using System.Text;

namespace Erlmcp.Autoscaler.Erlang.Terms;

/// <summary>A float (an IEEE 754 double).</summary>
public sealed class ErlangFloat(double value) : ErlangTerm
{
    public double Value { get; } = value;

    public override bool Equals(ErlangTerm? other) => other is ErlangFloat number && number.Value.Equals(Value);

    // As for integers: double.GetHashCode XORs the halves of the bits, so it is predictable. Equals treats 0.0 and
    // -0.0 as equal, and all NaNs, so they hash alike.
    public override int GetHashCode()
    {
        var bits = Value == 0 ? 0 : double.IsNaN(Value) ? BitConverter.DoubleToInt64Bits(double.NaN) : BitConverter.DoubleToInt64Bits(Value);
        return HashCode.Combine((int)bits, (int)(bits >> 32));
    }

    internal override void AppendTo(StringBuilder text) => ErlangTermText.AppendFloat(text, Value);
}
