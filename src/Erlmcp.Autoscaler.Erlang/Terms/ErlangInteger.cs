using System.Globalization;
using System.Numerics;
using System.Text;

namespace Erlmcp.Autoscaler.Erlang.Terms;

/// <summary>An integer of any size; values that fit in 64 bits are kept as a long.</summary>
public sealed class ErlangInteger : ErlangTerm
{
    private readonly long _small;
    private readonly BigInteger? _big;

    public ErlangInteger(long value)
    {
        _small = value;
    }

    public ErlangInteger(BigInteger value)
    {
        if (value >= long.MinValue && value <= long.MaxValue)
        {
            _small = (long)value;
        }
        else
        {
            _big = value;
        }
    }

    /// <summary>True when the value fits in a long (<see cref="LongValue"/>).</summary>
    public bool IsLong => _big is null;

    public long LongValue => _big is null ? _small : throw new OverflowException($"{_big} does not fit in 64 bits.");

    public BigInteger Value => _big ?? _small;

    public override bool Equals(ErlangTerm? other) =>
        other is ErlangInteger integer && (IsLong && integer.IsLong ? _small == integer._small : Value == integer.Value);

    // Both halves go through HashCode, which is seeded per process: long.GetHashCode XORs them, so every value with
    // equal halves would share one hash and a decoded map of such keys would take quadratic time.
    public override int GetHashCode() => IsLong ? HashCode.Combine((int)_small, (int)(_small >> 32)) : Value.GetHashCode();

    internal override void AppendTo(StringBuilder text) =>
        text.Append(IsLong ? _small.ToString(CultureInfo.InvariantCulture) : Value.ToString(CultureInfo.InvariantCulture));
}
