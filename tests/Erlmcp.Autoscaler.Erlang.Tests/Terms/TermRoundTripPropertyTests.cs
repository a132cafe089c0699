using System.Numerics;
using CsCheck;
using Erlmcp.Autoscaler.Erlang.Terms;

namespace Erlmcp.Autoscaler.Erlang.Tests.Terms;

/// <summary>Property: decoding what we encode gives back an equal term, for generated terms of every kind.</summary>
public sealed class TermRoundTripPropertyTests
{
    private static readonly Gen<ErlangAtom> Atoms =
        Gen.String[Gen.Char["abcdefghijklmnopqrstuvwxyzABC_@ 'é日"], 0, 40].Select(s => new ErlangAtom(s));

    private static readonly Gen<ErlangAtom> Nodes = Gen.Bool.Select(b => new ErlangAtom(b ? "a@b" : "erlmcp@erlmcp-0.erlmcp-headless"));

    private static readonly Gen<ErlangTerm> Leaves = Gen.OneOf<ErlangTerm>(
        Gen.Long.Select(v => (ErlangTerm)new ErlangInteger(v)),
        Gen.Byte.Array[1, 40].Select(b => (ErlangTerm)new ErlangInteger(new BigInteger(b, isUnsigned: false))),
        Gen.Double.Where(double.IsFinite).Select(v => (ErlangTerm)new ErlangFloat(v)),
        Atoms.Select(a => (ErlangTerm)a),
        Gen.Byte.Array[0, 64].Select(b => (ErlangTerm)new ErlangBinary(b)),
        Gen.Select(Gen.Byte.Array[1, 8], Gen.Int[1, 7], (b, bits) => (ErlangTerm)new ErlangBinary(b, bits)),
        Gen.Select(Nodes, Gen.UInt[0, 32767], Gen.UInt[0, 8191], Gen.UInt, (n, id, serial, creation) => (ErlangTerm)new ErlangPid(n, id, serial, creation)),
        Gen.Select(Nodes, Gen.ULong, Gen.UInt, (n, id, creation) => (ErlangTerm)new ErlangPort(n, id, creation)),
        Gen.Select(Nodes, Gen.UInt, Gen.UInt.Array[1, 5], (n, creation, ids) => (ErlangTerm)new ErlangRef(n, creation, ids)),
        Gen.Select(Atoms, Atoms, Gen.Int[0, 255], (m, f, a) => (ErlangTerm)new ErlangExportFun(m, f, a)),
        Gen.Const<ErlangTerm>(ErlangList.Empty),
        Gen.String[Gen.Char.AlphaNumeric, 1, 30].Select(s => (ErlangTerm)ErlangList.FromString(s)));

    private static readonly Gen<ErlangTerm> Terms = Gen.Recursive<ErlangTerm>((depth, inner) => depth >= 4
        ? Leaves
        : Gen.Frequency(
            (4, Leaves),
            (1, inner.Array[0, 6].Select(e => (ErlangTerm)new ErlangTuple(e))),
            (1, inner.Array[0, 6].Select(e => (ErlangTerm)new ErlangList(e))),
            (1, Gen.Select(inner.Array[1, 4], Atoms, (e, t) => (ErlangTerm)ErlangList.WithTail(e, t))),
            (1, Gen.Select(inner, inner).Array[0, 5].Select(pairs =>
                (ErlangTerm)new ErlangMap(pairs.DistinctBy(p => p.Item1).Select(p => KeyValuePair.Create(p.Item1, p.Item2)))))));

    [Fact]
    public void Decode_of_Encode_is_the_identity() =>
        Terms.Sample(term => Assert.Equal(term, ErlangTermCodec.Decode(ErlangTermCodec.Encode(term))), iter: 2000);

    [Fact]
    public void Encode_of_Decode_gives_the_same_bytes() =>
        Terms.Sample(term =>
        {
            var bytes = ErlangTermCodec.Encode(term);
            Assert.Equal(bytes, ErlangTermCodec.Encode(ErlangTermCodec.Decode(bytes)));
        }, iter: 1000);
}
