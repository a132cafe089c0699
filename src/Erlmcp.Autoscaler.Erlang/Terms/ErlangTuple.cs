using System.Collections;
using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace Erlmcp.Autoscaler.Erlang.Terms;

/// <summary>A tuple <c>{A, B, ...}</c>.</summary>
[SuppressMessage("Naming", "CA1710", Justification = "Named after the Erlang tuple type it models.")]
public sealed class ErlangTuple : ErlangTerm, IReadOnlyList<ErlangTerm>
{
    private readonly ErlangTerm[] _elements;

    // 0 until GetHashCode computes it (it then has its low bit set).
    private int _hashCode;

    public ErlangTuple(params ErlangTerm[] elements)
    {
        ArgumentNullException.ThrowIfNull(elements);
        foreach (var element in elements)
        {
            ArgumentNullException.ThrowIfNull(element, nameof(elements));
        }

        _elements = elements;
    }

    public int Count => _elements.Length;

    public ErlangTerm this[int index] => _elements[index];

    public IEnumerator<ErlangTerm> GetEnumerator() => ((IEnumerable<ErlangTerm>)_elements).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override bool Equals(ErlangTerm? other) =>
        other is ErlangTuple tuple && _elements.AsSpan().SequenceEqual(tuple._elements);

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

        return hash.ToHashCode();
    }

    internal override void AppendTo(StringBuilder text)
    {
        text.Append('{');
        for (var i = 0; i < _elements.Length; i++)
        {
            if (i > 0)
            {
                text.Append(',');
            }

            _elements[i].AppendTo(text);
        }

        text.Append('}');
    }
}
