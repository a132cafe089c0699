using System.Buffers;
using System.Buffers.Binary;
using Erlmcp.Autoscaler.Erlang.Terms;

namespace Erlmcp.Autoscaler.Erlang.Tests.Terms.Fuzzing;

/// <summary>
/// Writes external term format bytes field by field, for inputs that no encoder would produce (wrong lengths,
/// nested list tails, colliding keys).
/// </summary>
internal sealed class RawTermWriter
{
    private readonly ArrayBufferWriter<byte> _output = new();

    public int Length => _output.WrittenCount;

    public RawTermWriter U8(byte value)
    {
        _output.Write([value]);
        return this;
    }

    public RawTermWriter U16(ushort value)
    {
        BinaryPrimitives.WriteUInt16BigEndian(_output.GetSpan(2), value);
        _output.Advance(2);
        return this;
    }

    public RawTermWriter U32(uint value)
    {
        BinaryPrimitives.WriteUInt32BigEndian(_output.GetSpan(4), value);
        _output.Advance(4);
        return this;
    }

    public RawTermWriter U64(ulong value)
    {
        BinaryPrimitives.WriteUInt64BigEndian(_output.GetSpan(8), value);
        _output.Advance(8);
        return this;
    }

    public RawTermWriter Bytes(ReadOnlySpan<byte> bytes)
    {
        _output.Write(bytes);
        return this;
    }

    /// <summary>SMALL_ATOM_UTF8_EXT.</summary>
    public RawTermWriter Atom(string name)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(name);
        return U8(ExternalTermTag.SmallAtomUtf8).U8((byte)bytes.Length).Bytes(bytes);
    }

    public byte[] ToArray() => _output.WrittenSpan.ToArray();
}
