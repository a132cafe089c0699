using Erlmcp.Autoscaler.Erlang.Terms;

namespace Erlmcp.Autoscaler.Erlang.Tests.Terms.Fuzzing;

/// <summary>
/// Inputs written to make a decoder slow or greedy while staying within the size limit; each one found a real
/// problem in the decoder or the term model and is kept as a regression case.
/// </summary>
internal static class HostileTerms
{
    /// <summary>Map key families whose members all had the same hash code before the fix.</summary>
    public static readonly IReadOnlyDictionary<string, Action<RawTermWriter, uint>> CollidingKeys = new Dictionary<string, Action<RawTermWriter, uint>>
    {
        // long.GetHashCode is (int)v ^ (int)(v >> 32): 0 whenever both halves are equal.
        ["integers_with_equal_halves"] = (w, k) => w.U8(ExternalTermTag.SmallBig).U8(8).U8(0).Bytes(BitConverter.GetBytes(EqualHalves(k))),

        // double.GetHashCode folds the bits the same way (and these are all finite, subnormal).
        ["floats_with_equal_halves"] = (w, k) => w.U8(ExternalTermTag.NewFloat).U64(EqualHalves(k)),

        // A port's 64-bit id went through ulong.GetHashCode.
        ["port_ids_with_equal_halves"] = (w, k) => w.U8(ExternalTermTag.V4Port).Atom("n@h").U64(EqualHalves(k)).U32(1),

        // A fun's hash covered its module, arity, index and number of free variables, not their values.
        ["funs_differing_only_in_a_free_variable"] = WriteFunWithFreeVariable,
    };

    /// <summary>A map of as many distinct keys of one family as fit in <paramref name="maxBytes"/>.</summary>
    public static (byte[] Bytes, int KeyCount) MapOfCollidingKeys(Action<RawTermWriter, uint> writeKey, int maxBytes)
    {
        var keys = new RawTermWriter();
        var count = 0u;
        while (keys.Length < maxBytes - 256)
        {
            writeKey(keys, ++count);
            keys.U8(ExternalTermTag.Nil);
        }

        return (new RawTermWriter().U8(ExternalTermTag.Version).U8(ExternalTermTag.Map).U32(count).Bytes(keys.ToArray()).ToArray(), (int)count);
    }

    /// <summary>
    /// <c>[a | [a | ... [a | Inner]]]</c> with every tail written as a LIST_EXT of its own, which Erlang's
    /// binary_to_term reads as one flat list. Splicing each tail into its parent copied the elements once per level.
    /// </summary>
    public static byte[] ListOfNestedTails(int levels, int innerLength)
    {
        var writer = new RawTermWriter().U8(ExternalTermTag.Version);
        for (var i = 0; i < levels; i++)
        {
            writer.U8(ExternalTermTag.List).U32(1).Atom("a");
        }

        writer.U8(ExternalTermTag.List).U32((uint)innerLength);
        for (var i = 0; i < innerLength; i++)
        {
            writer.U8(ExternalTermTag.Nil);
        }

        return writer.U8(ExternalTermTag.Nil).ToArray();
    }

    /// <summary>
    /// <c>#{Big => [], Big => []}</c> with Big a LARGE_BIG_EXT of <paramref name="digitBytes"/> bytes; returns the bytes
    /// and the offset of the second key. Naming the duplicate key printed Big in decimal, quadratic in its size.
    /// </summary>
    public static (byte[] Bytes, int SecondKeyOffset) MapWithDuplicateHugeIntegerKey(int digitBytes)
    {
        var digits = new byte[digitBytes];
        new Random(3).NextBytes(digits);
        digits[^1] |= 1;
        var writer = new RawTermWriter().U8(ExternalTermTag.Version).U8(ExternalTermTag.Map).U32(2);
        var secondKeyOffset = 0;
        for (var i = 0; i < 2; i++)
        {
            secondKeyOffset = writer.Length;
            writer.U8(ExternalTermTag.LargeBig).U32((uint)digitBytes).U8(0).Bytes(digits).U8(ExternalTermTag.Nil);
        }

        return (writer.ToArray(), secondKeyOffset);
    }

    private static ulong EqualHalves(uint k) => ((ulong)k << 32) | k;

    private static void WriteFunWithFreeVariable(RawTermWriter writer, uint k)
    {
        var body = new RawTermWriter()
            .U8(1) // arity
            .Bytes(new byte[16]) // the MD5 of the module
            .U32(0) // index
            .U32(1) // number of free variables
            .Atom("m")
            .U8(ExternalTermTag.SmallInteger).U8(0) // old index
            .U8(ExternalTermTag.SmallInteger).U8(0) // old uniq
            .U8(ExternalTermTag.NewPid).Atom("n@h").U32(1).U32(0).U32(1)
            .U8(ExternalTermTag.Integer).U32(k)
            .ToArray();
        writer.U8(ExternalTermTag.NewFun).U32((uint)(4 + body.Length)).Bytes(body);
    }
}
