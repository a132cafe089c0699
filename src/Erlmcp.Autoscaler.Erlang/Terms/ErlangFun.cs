using System.Text;

namespace Erlmcp.Autoscaler.Erlang.Terms;

/// <summary>
/// A local fun (NEW_FUN_EXT), kept opaque: its encoded bytes are sent back unchanged; the module, arity, index
/// and free-variable count are read out for display.
/// </summary>
public sealed class ErlangFun : ErlangTerm
{
    private readonly byte[] _encoded;

    internal ErlangFun(byte[] encoded, ErlangAtom module, int arity, uint index, int freeVariableCount)
    {
        _encoded = encoded;
        Module = module;
        Arity = arity;
        Index = index;
        FreeVariableCount = freeVariableCount;
    }

    public ErlangAtom Module { get; }

    public int Arity { get; }

    public uint Index { get; }

    public int FreeVariableCount { get; }

    /// <summary>The whole NEW_FUN_EXT, tag included.</summary>
    public ReadOnlyMemory<byte> Encoded => _encoded;

    public override bool Equals(ErlangTerm? other) => other is ErlangFun fun && fun._encoded.AsSpan().SequenceEqual(_encoded);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.AddBytes(_encoded);
        return hash.ToHashCode();
    }

    internal override void AppendTo(StringBuilder text) =>
        text.Append("#Fun<").Append(Module.Name).Append('.').Append(Index).Append('/').Append(Arity).Append('>');
}
