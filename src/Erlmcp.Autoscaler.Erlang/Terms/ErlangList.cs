using System.Collections;
using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace Erlmcp.Autoscaler.Erlang.Terms;

/// <summary>
/// A list: <c>[]</c>, a proper list <c>[A, B]</c>, or an improper one <c>[A, B | Tail]</c>. A string
/// (STRING_EXT) is the list of its character codes, as in Erlang.
/// </summary>
[SuppressMessage("Naming", "CA1710", Justification = "Named after the Erlang list type it models.")]
public sealed class ErlangList : ErlangTerm, IReadOnlyList<ErlangTerm>
{
    /// <summary>The empty list <c>[]</c> (NIL).</summary>
    public static readonly ErlangList Empty = new();

    private readonly ErlangTerm[] _elements;

    // 0 until GetHashCode computes it (it then has its low bit set).
    private int _hashCode;

    // Null only for the improper tail of a proper list; Tail then reads as Empty.
    private readonly ErlangTerm? _tail;

    private ErlangList()
    {
        _elements = [];
    }

    /// <summary>A proper list of the given elements.</summary>
    public ErlangList(params ErlangTerm[] elements)
        : this((IReadOnlyList<ErlangTerm>)elements, Empty)
    {
    }

    private ErlangList(IReadOnlyList<ErlangTerm> elements, ErlangTerm tail)
    {
        ArgumentNullException.ThrowIfNull(elements);
        ArgumentNullException.ThrowIfNull(tail);
        if (tail is ErlangList list)
        {
            _elements = [.. elements, .. list._elements];
            _tail = list._tail;
        }
        else
        {
            if (elements.Count == 0)
            {
                throw new ArgumentException($"An improper list needs at least one element before its tail {ErlangTermText.Abbreviate(tail)}.", nameof(elements));
            }

            _elements = [.. elements];
            _tail = tail;
        }

        foreach (var element in _elements)
        {
            ArgumentNullException.ThrowIfNull(element, nameof(elements));
        }
    }

    /// <summary>
    /// <c>[Elements... | Tail]</c>. A list tail is spliced in, so the result is proper when the tail is a proper list.
    /// </summary>
    public static ErlangList WithTail(IReadOnlyList<ErlangTerm> elements, ErlangTerm tail) => new(elements, tail);

    /// <summary>The list of a string's Unicode code points, as Erlang represents "text".</summary>
    public static ErlangList FromString(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new ErlangList([.. text.EnumerateRunes().Select(rune => (ErlangTerm)new ErlangInteger(rune.Value))]);
    }

    /// <summary>The tail after the last element: <see cref="Empty"/> for a proper list.</summary>
    public ErlangTerm Tail => _tail ?? Empty;

    public bool IsProper => _tail is null;

    public int Count => _elements.Length;

    public ErlangTerm this[int index] => _elements[index];

    public IEnumerator<ErlangTerm> GetEnumerator() => ((IEnumerable<ErlangTerm>)_elements).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>The text when this is a proper list of Unicode code points.</summary>
    public bool TryGetString(out string text)
    {
        text = string.Empty;
        if (!IsProper)
        {
            return false;
        }

        var builder = new StringBuilder(_elements.Length);
        foreach (var element in _elements)
        {
            if (element is not ErlangInteger { IsLong: true, LongValue: >= 0 and <= 0x10FFFF } code || !Rune.IsValid((int)code.LongValue))
            {
                return false;
            }

            builder.Append(new Rune((int)code.LongValue).ToString());
        }

        text = builder.ToString();
        return true;
    }

    public override bool Equals(ErlangTerm? other) =>
        other is ErlangList list && _elements.AsSpan().SequenceEqual(list._elements) && TailEquals(list);

    // Cached (see ErlangTerm.GetHashCode).
    public override int GetHashCode() => _hashCode != 0 ? _hashCode : _hashCode = ComputeHashCode() | 1;

    private int ComputeHashCode()
    {
        var hash = new HashCode();
        hash.Add(_elements.Length);
        foreach (var element in _elements)
        {
            hash.Add(element);
        }

        if (!IsProper)
        {
            hash.Add(Tail);
        }

        return hash.ToHashCode();
    }

    internal override void AppendTo(StringBuilder text)
    {
        if (_elements.Length > 0 && IsProper && _elements.All(e => e is ErlangInteger { IsLong: true } c && ErlangTermText.IsPrintable((int)Math.Clamp(c.LongValue, -1, 0x110000))))
        {
            ErlangTermText.AppendQuoted(text, string.Concat(_elements.Select(e => (char)((ErlangInteger)e).LongValue)));
            return;
        }

        text.Append('[');
        for (var i = 0; i < _elements.Length; i++)
        {
            if (i > 0)
            {
                text.Append(',');
            }

            _elements[i].AppendTo(text);
        }

        if (!IsProper)
        {
            text.Append('|');
            Tail.AppendTo(text);
        }

        text.Append(']');
    }

    private bool TailEquals(ErlangList other) => IsProper ? other.IsProper : !other.IsProper && Tail.Equals(other.Tail);
}
