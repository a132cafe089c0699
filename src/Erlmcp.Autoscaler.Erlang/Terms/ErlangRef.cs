using System.Text;

namespace Erlmcp.Autoscaler.Erlang.Terms;

/// <summary>A reference: node, creation and 1 to 5 32-bit words (3 for a plain make_ref()).</summary>
public sealed class ErlangRef : ErlangTerm
{
    public const int MaxWords = 5;

    private readonly uint[] _ids;

    public ErlangRef(ErlangAtom node, uint creation, params uint[] ids)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(ids);
        if (ids.Length is < 1 or > MaxWords)
        {
            throw new ArgumentException($"A reference has 1 to {MaxWords} words, not {ids.Length}.", nameof(ids));
        }

        Node = node;
        Creation = creation;
        _ids = [.. ids];
    }

    public ErlangAtom Node { get; }

    public uint Creation { get; }

    public IReadOnlyList<uint> Ids => _ids;

    public override bool Equals(ErlangTerm? other) =>
        other is ErlangRef reference && reference.Creation == Creation && reference._ids.AsSpan().SequenceEqual(_ids) && reference.Node.Equals(Node);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Node);
        hash.Add(Creation);
        foreach (var id in _ids)
        {
            hash.Add(id);
        }

        return hash.ToHashCode();
    }

    internal override void AppendTo(StringBuilder text)
    {
        text.Append("#Ref<").Append(Node.Name);
        for (var i = _ids.Length - 1; i >= 0; i--)
        {
            text.Append('.').Append(_ids[i]);
        }

        text.Append('>');
    }
}
