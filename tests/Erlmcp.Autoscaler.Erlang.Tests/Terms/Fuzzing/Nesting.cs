using Erlmcp.Autoscaler.Erlang.Terms;

namespace Erlmcp.Autoscaler.Erlang.Tests.Terms.Fuzzing;

/// <summary>A container that holds the next level of a nested term.</summary>
public enum NestingLevel
{
    SmallTuple,
    LargeTuple,
    ListElement,
    ImproperListHead,
    MapKey,
    MapValue,
}

/// <summary>Builds a term nested level by level around a small integer, as bytes and as the term they decode to.</summary>
internal static class Nesting
{
    private const byte Leaf = 7;

    public static (byte[] Bytes, ErlangTerm Term) Build(IReadOnlyList<NestingLevel> levels)
    {
        var writer = new RawTermWriter().U8(ExternalTermTag.Version);
        foreach (var level in levels)
        {
            _ = level switch
            {
                NestingLevel.SmallTuple => writer.U8(ExternalTermTag.SmallTuple).U8(1),
                NestingLevel.LargeTuple => writer.U8(ExternalTermTag.LargeTuple).U32(1),
                NestingLevel.ListElement or NestingLevel.ImproperListHead or NestingLevel.MapKey => writer.U8(level == NestingLevel.MapKey ? ExternalTermTag.Map : ExternalTermTag.List).U32(1),
                NestingLevel.MapValue => writer.U8(ExternalTermTag.Map).U32(1).Atom("k"),
                _ => throw new ArgumentOutOfRangeException(nameof(levels), level, "unknown level"),
            };
        }

        writer.U8(ExternalTermTag.SmallInteger).U8(Leaf);
        ErlangTerm term = new ErlangInteger(Leaf);
        for (var i = levels.Count - 1; i >= 0; i--)
        {
            switch (levels[i])
            {
                case NestingLevel.ListElement:
                    writer.U8(ExternalTermTag.Nil);
                    term = new ErlangList(term);
                    break;
                case NestingLevel.ImproperListHead:
                    writer.Atom("t");
                    term = ErlangList.WithTail([term], new ErlangAtom("t"));
                    break;
                case NestingLevel.MapKey:
                    writer.U8(ExternalTermTag.Nil);
                    term = new ErlangMap((term, ErlangList.Empty));
                    break;
                case NestingLevel.MapValue:
                    term = new ErlangMap((new ErlangAtom("k"), term));
                    break;
                default:
                    term = new ErlangTuple(term);
                    break;
            }
        }

        return (writer.ToArray(), term);
    }

    /// <summary>How many containers wrap the leaf of a term from <see cref="Build"/> (walked without recursion).</summary>
    public static int Depth(ErlangTerm term)
    {
        var depth = 0;
        while (term is not ErlangInteger)
        {
            term = term switch
            {
                ErlangTuple tuple => tuple[0],
                ErlangList list => list[0],
                ErlangMap map when map.ContainsKey(new ErlangAtom("k")) => map["k"],
                ErlangMap map => map.Keys.Single(),
                _ => throw new ArgumentException($"not a term from {nameof(Build)}", nameof(term)),
            };
            depth++;
        }

        return depth;
    }
}
