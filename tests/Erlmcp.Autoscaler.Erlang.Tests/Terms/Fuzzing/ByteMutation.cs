using System.Buffers.Binary;
using CsCheck;
using Erlmcp.Autoscaler.Erlang.Terms;

namespace Erlmcp.Autoscaler.Erlang.Tests.Terms.Fuzzing;

internal enum MutationKind
{
    FlipBit,
    InsertByte,
    DeleteBytes,
    OverwriteLengthField,
    ReplaceWithTag,
    Truncate,
    DuplicateSlice,
}

/// <summary>
/// One edit of an encoded term. <see cref="Position"/> and <see cref="Value"/> are raw random numbers, reduced
/// against the input being edited, so that any mutation applies to any input.
/// </summary>
internal readonly record struct ByteMutation(MutationKind Kind, uint Position, uint Value)
{
    public static readonly Gen<ByteMutation> Gen =
        CsCheck.Gen.Select(CsCheck.Gen.Enum<MutationKind>(), CsCheck.Gen.UInt, CsCheck.Gen.UInt, (kind, position, value) => new ByteMutation(kind, position, value));

    /// <summary>Every tag byte the format defines, and one it does not.</summary>
    public static readonly byte[] Tags =
    [
        ExternalTermTag.Compressed, ExternalTermTag.NewFloat, ExternalTermTag.BitBinary, ExternalTermTag.AtomCacheRef,
        ExternalTermTag.NewPid, ExternalTermTag.NewPort, ExternalTermTag.NewerReference, ExternalTermTag.SmallInteger,
        ExternalTermTag.Integer, ExternalTermTag.Float, ExternalTermTag.Atom, ExternalTermTag.Reference, ExternalTermTag.Port,
        ExternalTermTag.Pid, ExternalTermTag.SmallTuple, ExternalTermTag.LargeTuple, ExternalTermTag.Nil, ExternalTermTag.String,
        ExternalTermTag.List, ExternalTermTag.Binary, ExternalTermTag.SmallBig, ExternalTermTag.LargeBig, ExternalTermTag.NewFun,
        ExternalTermTag.Export, ExternalTermTag.NewReference, ExternalTermTag.SmallAtom, ExternalTermTag.Map, ExternalTermTag.Fun,
        ExternalTermTag.AtomUtf8, ExternalTermTag.SmallAtomUtf8, ExternalTermTag.V4Port, ExternalTermTag.Local, 255,
    ];

    public override string ToString() => $"{Kind}({Position}, {Value})";

    public byte[] ApplyTo(byte[] input, ErlangTermLimits limits)
    {
        var position = input.Length == 0 ? 0 : (int)(Position % (uint)input.Length);
        switch (Kind)
        {
            case MutationKind.FlipBit when input.Length > 0:
            {
                var output = (byte[])input.Clone();
                output[position] ^= (byte)(1 << (int)(Value % 8));
                return output;
            }

            case MutationKind.InsertByte:
            {
                var at = (int)(Position % (uint)(input.Length + 1));
                return [.. input.AsSpan(0, at), (byte)Value, .. input.AsSpan(at)];
            }

            case MutationKind.DeleteBytes when input.Length > 0:
            {
                var count = Math.Min(1 + (int)(Value % 8), input.Length - position);
                return [.. input.AsSpan(0, position), .. input.AsSpan(position + count)];
            }

            case MutationKind.OverwriteLengthField:
                return OverwriteLengthField(input, limits);
            case MutationKind.ReplaceWithTag when input.Length > 0:
            {
                var output = (byte[])input.Clone();
                output[position] = Tags[Value % (uint)Tags.Length];
                return output;
            }

            case MutationKind.Truncate:
                return input[..(int)(Position % (uint)(input.Length + 1))];
            case MutationKind.DuplicateSlice when input.Length > 0:
            {
                var count = Math.Min(1 + (int)(Value % 64), input.Length - position);
                var slice = input.AsSpan(position, count);
                return [.. input.AsSpan(0, position), .. slice, .. slice, .. input.AsSpan(position + count)];
            }

            default:
                return input;
        }
    }

    /// <summary>The width of the length (or arity, or size) field that follows a tag, or 0 if it has none.</summary>
    private static int LengthFieldWidth(byte tag) => tag switch
    {
        ExternalTermTag.List or ExternalTermTag.Binary or ExternalTermTag.LargeTuple or ExternalTermTag.Map or ExternalTermTag.LargeBig
            or ExternalTermTag.BitBinary or ExternalTermTag.Compressed or ExternalTermTag.NewFun => 4,
        ExternalTermTag.String or ExternalTermTag.Atom or ExternalTermTag.AtomUtf8 or ExternalTermTag.NewReference
            or ExternalTermTag.NewerReference => 2,
        ExternalTermTag.SmallTuple or ExternalTermTag.SmallBig or ExternalTermTag.SmallAtom or ExternalTermTag.SmallAtomUtf8 => 1,
        _ => 0,
    };

    /// <summary>
    /// Picks one of the bytes that look like a tag with a length field and sets that field to an extreme: all ones,
    /// the sign bit, MaxTermBytes and one more, or one off its present value.
    /// </summary>
    private byte[] OverwriteLengthField(byte[] input, ErlangTermLimits limits)
    {
        var candidates = new List<int>();
        for (var i = 0; i < input.Length; i++)
        {
            var width = LengthFieldWidth(input[i]);
            if (width > 0 && i + width < input.Length)
            {
                candidates.Add(i);
            }
        }

        if (candidates.Count == 0)
        {
            return input;
        }

        var output = (byte[])input.Clone();
        var at = candidates[(int)(Position % (uint)candidates.Count)] + 1;
        switch (LengthFieldWidth(input[at - 1]))
        {
            case 4:
            {
                var present = BinaryPrimitives.ReadUInt32BigEndian(output.AsSpan(at));
                uint[] extremes = [uint.MaxValue, 0x8000_0000, 0x7FFF_FFFF, (uint)limits.MaxTermBytes, (uint)limits.MaxTermBytes + 1, present + 1, present - 1, 0];
                BinaryPrimitives.WriteUInt32BigEndian(output.AsSpan(at), extremes[Value % (uint)extremes.Length]);
                break;
            }

            case 2:
            {
                var present = BinaryPrimitives.ReadUInt16BigEndian(output.AsSpan(at));
                ushort[] extremes = [ushort.MaxValue, 0x8000, (ushort)(present + 1), (ushort)(present - 1), 0];
                BinaryPrimitives.WriteUInt16BigEndian(output.AsSpan(at), extremes[Value % (uint)extremes.Length]);
                break;
            }

            default:
            {
                byte[] extremes = [byte.MaxValue, (byte)(output[at] + 1), (byte)(output[at] - 1), 0];
                output[at] = extremes[Value % (uint)extremes.Length];
                break;
            }
        }

        return output;
    }
}
