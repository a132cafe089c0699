using System.Numerics;
using System.Text;
using Erlmcp.Autoscaler.Erlang.Errors;

namespace Erlmcp.Autoscaler.Erlang.Terms;

/// <summary>
/// An Erlang term. Equality is Erlang's exact equality (=:=): 1 and 1.0 differ, maps compare as sets of pairs,
/// a string and the list of its character codes are the same list. ToString prints Erlang syntax.
/// </summary>
public abstract class ErlangTerm : IEquatable<ErlangTerm>
{
    private protected ErlangTerm()
    {
    }

    public abstract bool Equals(ErlangTerm? other);

    public sealed override bool Equals(object? obj) => obj is ErlangTerm term && Equals(term);

    /// <summary>
    /// Tuples, lists and maps cache their hash: terms are immutable, and a key nested in keys would otherwise be
    /// hashed again at every level above it (quadratic in the depth for a decoded map whose keys nest maps).
    /// </summary>
    public abstract override int GetHashCode();

    public sealed override string ToString()
    {
        var text = new StringBuilder();
        AppendTo(text);
        return text.ToString();
    }

    /// <summary>Appends this term in Erlang syntax.</summary>
    internal abstract void AppendTo(StringBuilder text);

    public static bool operator ==(ErlangTerm? left, ErlangTerm? right) => left is null ? right is null : left.Equals(right);

    public static bool operator !=(ErlangTerm? left, ErlangTerm? right) => !(left == right);

    public static implicit operator ErlangTerm(long value) => new ErlangInteger(value);

    public static implicit operator ErlangTerm(double value) => new ErlangFloat(value);

    public static implicit operator ErlangTerm(BigInteger value) => new ErlangInteger(value);

    public static implicit operator ErlangTerm(bool value) => value ? ErlangAtom.True : ErlangAtom.False;

    /// <summary>The value of an integer that fits in 64 bits.</summary>
    public long AsLong() => this is ErlangInteger integer && integer.IsLong
        ? integer.LongValue
        : throw new ErlangTermTypeException("an integer that fits in 64 bits", this);

    public int AsInt() => this is ErlangInteger integer && integer.IsLong && integer.LongValue is >= int.MinValue and <= int.MaxValue
        ? (int)integer.LongValue
        : throw new ErlangTermTypeException("an integer that fits in 32 bits", this);

    public BigInteger AsBigInteger() => this is ErlangInteger integer
        ? integer.Value
        : throw new ErlangTermTypeException("an integer", this);

    /// <summary>A float, or an integer converted to a double.</summary>
    public double AsDouble() => this switch
    {
        ErlangFloat number => number.Value,
        ErlangInteger integer => (double)integer.Value,
        _ => throw new ErlangTermTypeException("a number", this),
    };

    /// <summary>The name of an atom.</summary>
    public string AsAtom() => this is ErlangAtom atom ? atom.Name : throw new ErlangTermTypeException("an atom", this);

    public bool AsBool() => this switch
    {
        ErlangAtom { Name: "true" } => true,
        ErlangAtom { Name: "false" } => false,
        _ => throw new ErlangTermTypeException("a boolean (true or false)", this),
    };

    /// <summary>
    /// Text: a binary decoded as UTF-8, a list of character codes (an Erlang string), or an atom's name.
    /// </summary>
    public string AsString() => this switch
    {
        ErlangBinary { IsBitString: false } binary => binary.ToUtf8String(),
        ErlangList list when list.TryGetString(out var text) => text,
        ErlangAtom atom => atom.Name,
        _ => throw new ErlangTermTypeException("a binary, a character list or an atom", this),
    };

    public ReadOnlyMemory<byte> AsBinary() => this is ErlangBinary { IsBitString: false } binary
        ? binary.Bytes
        : throw new ErlangTermTypeException("a binary", this);

    public ErlangTuple AsTuple() => this as ErlangTuple ?? throw new ErlangTermTypeException("a tuple", this);

    public ErlangList AsList() => this as ErlangList ?? throw new ErlangTermTypeException("a list", this);

    public ErlangMap AsMap() => this as ErlangMap ?? throw new ErlangTermTypeException("a map", this);

    public ErlangPid AsPid() => this as ErlangPid ?? throw new ErlangTermTypeException("a pid", this);

    public ErlangRef AsRef() => this as ErlangRef ?? throw new ErlangTermTypeException("a reference", this);

    /// <summary>
    /// The value of an <c>{ok, Value}</c> reply; <c>{error, Reason}</c> throws <see cref="ErlangErrorReplyException"/>
    /// carrying Reason, and any other term throws <see cref="ErlangTermTypeException"/>.
    /// </summary>
    public ErlangTerm UnwrapOk()
    {
        if (this is ErlangTuple { Count: 2 } tuple && tuple[0] is ErlangAtom tag)
        {
            if (tag.Name == "ok")
            {
                return tuple[1];
            }

            if (tag.Name == "error")
            {
                throw new ErlangErrorReplyException(tuple[1]);
            }
        }

        throw new ErlangTermTypeException("{ok, Value} or {error, Reason}", this);
    }
}
