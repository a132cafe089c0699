using System.Text;

namespace Erlmcp.Autoscaler.Erlang.Terms;

/// <summary>
/// A local fun (NEW_FUN_EXT). It is opaque to .NET (its code lives on the node), but every field is kept so that
/// it can be sent back to Erlang unchanged and compared.
/// </summary>
public sealed class ErlangFun : ErlangTerm
{
    private readonly byte[] _uniq;
    private readonly ErlangTerm[] _freeVariables;

    internal ErlangFun(
        ErlangAtom module, int arity, ReadOnlySpan<byte> uniq, uint index, ErlangInteger oldIndex, ErlangInteger oldUniq, ErlangPid creator, ErlangTerm[] freeVariables)
    {
        Module = module;
        Arity = arity;
        _uniq = uniq.ToArray();
        Index = index;
        OldIndex = oldIndex;
        OldUniq = oldUniq;
        Creator = creator;
        _freeVariables = freeVariables;
    }

    public ErlangAtom Module { get; }

    public int Arity { get; }

    /// <summary>The MD5 of the module's code that defines the fun (16 bytes).</summary>
    public ReadOnlyMemory<byte> Uniq => _uniq;

    public uint Index { get; }

    public ErlangInteger OldIndex { get; }

    public ErlangInteger OldUniq { get; }

    /// <summary>The process that created the fun.</summary>
    public ErlangPid Creator { get; }

    public IReadOnlyList<ErlangTerm> FreeVariables => _freeVariables;

    public override bool Equals(ErlangTerm? other) =>
        other is ErlangFun fun && fun.Index == Index && fun.Arity == Arity && fun.Module.Equals(Module) && fun._uniq.AsSpan().SequenceEqual(_uniq)
        && fun.OldIndex.Equals(OldIndex) && fun.OldUniq.Equals(OldUniq) && fun.Creator.Equals(Creator) && fun._freeVariables.AsSpan().SequenceEqual(_freeVariables);

    // Every field that Equals compares: funs that differ only in their free variables or creator must not collide.
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Module);
        hash.Add(Arity);
        hash.Add(Index);
        hash.AddBytes(_uniq);
        hash.Add(OldIndex);
        hash.Add(OldUniq);
        hash.Add(Creator);
        foreach (var variable in _freeVariables)
        {
            hash.Add(variable);
        }

        return hash.ToHashCode();
    }

    internal override void AppendTo(StringBuilder text) =>
        text.Append("#Fun<").Append(Module.Name).Append('.').Append(Index).Append('/').Append(Arity).Append('>');
}
