using System.Collections;
using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace Erlmcp.Autoscaler.Erlang.Terms;

/// <summary>
/// A map <c>#{K => V}</c>. Keys keep the order they were given or decoded in; equality ignores that order.
/// The string indexer reads an atom key, as the node contract's maps use atom keys.
/// </summary>
[SuppressMessage("Naming", "CA1710", Justification = "Named after the Erlang map type it models.")]
public sealed class ErlangMap : ErlangTerm, IReadOnlyDictionary<ErlangTerm, ErlangTerm>
{
    private readonly Dictionary<ErlangTerm, ErlangTerm> _values;
    private readonly ErlangTerm[] _keys;

    // 0 until GetHashCode computes it (it then has its low bit set).
    private int _hashCode;

    public ErlangMap(IEnumerable<KeyValuePair<ErlangTerm, ErlangTerm>> pairs)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        _values = [];
        var keys = new List<ErlangTerm>();
        foreach (var (key, value) in pairs)
        {
            ArgumentNullException.ThrowIfNull(key, nameof(pairs));
            ArgumentNullException.ThrowIfNull(value, nameof(pairs));
            if (!_values.TryAdd(key, value))
            {
                throw new ArgumentException($"The map key {ErlangTermText.Abbreviate(key)} appears twice.", nameof(pairs));
            }

            keys.Add(key);
        }

        _keys = [.. keys];
    }

    public ErlangMap(params (ErlangTerm Key, ErlangTerm Value)[] pairs)
        : this(pairs.Select(p => KeyValuePair.Create(p.Key, p.Value)))
    {
    }

    public int Count => _keys.Length;

    public IEnumerable<ErlangTerm> Keys => _keys;

    public IEnumerable<ErlangTerm> Values => _keys.Select(k => _values[k]);

    public ErlangTerm this[ErlangTerm key] => _values.TryGetValue(key, out var value)
        ? value
        : throw new KeyNotFoundException($"The map has no key {ErlangTermText.Abbreviate(key)}; its keys are {KeyList()}.");

    /// <summary>The value of the atom key <paramref name="atomKey"/>.</summary>
    public ErlangTerm this[string atomKey] => this[new ErlangAtom(atomKey)];

    public bool ContainsKey(ErlangTerm key) => _values.ContainsKey(key);

    public bool TryGetValue(ErlangTerm key, out ErlangTerm value) => _values.TryGetValue(key, out value!);

    public IEnumerator<KeyValuePair<ErlangTerm, ErlangTerm>> GetEnumerator() =>
        _keys.Select(k => KeyValuePair.Create(k, _values[k])).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override bool Equals(ErlangTerm? other)
    {
        if (other is not ErlangMap map || map.Count != Count)
        {
            return false;
        }

        foreach (var (key, value) in _values)
        {
            if (!map._values.TryGetValue(key, out var otherValue) || !value.Equals(otherValue))
            {
                return false;
            }
        }

        return true;
    }

    // Cached (see ErlangTerm.GetHashCode).
    public override int GetHashCode() => _hashCode != 0 ? _hashCode : _hashCode = ComputeHashCode() | 1;

    private int ComputeHashCode()
    {
        // Order-independent: the sum of the pairs' hashes.
        var sum = 0;
        foreach (var (key, value) in _values)
        {
            sum = unchecked(sum + HashCode.Combine(key, value));
        }

        return HashCode.Combine(Count, sum);
    }

    internal override void AppendTo(StringBuilder text)
    {
        text.Append("#{");
        for (var i = 0; i < _keys.Length; i++)
        {
            if (i > 0)
            {
                text.Append(',');
            }

            _keys[i].AppendTo(text);
            text.Append(" => ");
            _values[_keys[i]].AppendTo(text);
        }

        text.Append('}');
    }

    private string KeyList() => _keys.Length == 0 ? "none" : string.Join(", ", _keys.Take(20).Select(ErlangTermText.Abbreviate));
}
