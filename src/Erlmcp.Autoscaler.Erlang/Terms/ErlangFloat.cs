using System.Text;

namespace Erlmcp.Autoscaler.Erlang.Terms;

/// <summary>A float (an IEEE 754 double).</summary>
public sealed class ErlangFloat(double value) : ErlangTerm
{
    public double Value { get; } = value;

    public override bool Equals(ErlangTerm? other) => other is ErlangFloat number && number.Value.Equals(Value);

    public override int GetHashCode() => Value.GetHashCode();

    internal override void AppendTo(StringBuilder text) => ErlangTermText.AppendFloat(text, Value);
}
