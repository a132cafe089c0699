using System.Buffers;
using System.Buffers.Binary;
using System.Numerics;
using System.Text;

namespace Erlmcp.Autoscaler.Erlang.Terms;

/// <summary>
/// Writes terms in the external term format, choosing the same compact tags as erlang:term_to_binary/2 with
/// minor_version 2: SMALL_INTEGER/INTEGER/SMALL_BIG/LARGE_BIG by size, STRING_EXT for short byte lists,
/// SMALL_ATOM_UTF8 for atoms, NEW_PID, NEWER_REFERENCE.
/// </summary>
internal readonly struct ErlangTermEncoder(IBufferWriter<byte> output, int maxDepth)
{
    public void WriteVersionedTerm(ErlangTerm term)
    {
        WriteByte(ExternalTermTag.Version);
        WriteTerm(term, 0);
    }

    private void WriteTerm(ErlangTerm term, int depth)
    {
        if (depth > maxDepth)
        {
            throw new ArgumentException($"The term nests deeper than the limit of {maxDepth} (MaxDepth).", nameof(term));
        }

        switch (term)
        {
            case ErlangInteger integer:
                WriteInteger(integer);
                break;
            case ErlangFloat number:
                WriteByte(ExternalTermTag.NewFloat);
                BinaryPrimitives.WriteDoubleBigEndian(Reserve(8), number.Value);
                Advance(8);
                break;
            case ErlangAtom atom:
                WriteAtom(atom);
                break;
            case ErlangTuple tuple:
                if (tuple.Count <= byte.MaxValue)
                {
                    WriteByte(ExternalTermTag.SmallTuple);
                    WriteByte((byte)tuple.Count);
                }
                else
                {
                    WriteByte(ExternalTermTag.LargeTuple);
                    WriteUInt32((uint)tuple.Count);
                }

                foreach (var element in tuple)
                {
                    WriteTerm(element, depth + 1);
                }

                break;
            case ErlangList list:
                WriteList(list, depth);
                break;
            case ErlangBinary binary:
                WriteBinary(binary);
                break;
            case ErlangMap map:
                WriteByte(ExternalTermTag.Map);
                WriteUInt32((uint)map.Count);
                foreach (var (key, value) in map)
                {
                    WriteTerm(key, depth + 1);
                    WriteTerm(value, depth + 1);
                }

                break;
            case ErlangPid pid:
                WriteByte(ExternalTermTag.NewPid);
                WriteAtom(pid.Node);
                WriteUInt32(pid.Id);
                WriteUInt32(pid.Serial);
                WriteUInt32(pid.Creation);
                break;
            case ErlangPort port:
                WritePort(port);
                break;
            case ErlangRef reference:
                WriteByte(ExternalTermTag.NewerReference);
                BinaryPrimitives.WriteUInt16BigEndian(Reserve(2), (ushort)reference.Ids.Count);
                Advance(2);
                WriteAtom(reference.Node);
                WriteUInt32(reference.Creation);
                foreach (var id in reference.Ids)
                {
                    WriteUInt32(id);
                }

                break;
            case ErlangFun fun:
                WriteFun(fun, depth);
                break;
            case ErlangExportFun export:
                WriteByte(ExternalTermTag.Export);
                WriteAtom(export.Module);
                WriteAtom(export.Function);
                WriteByte(ExternalTermTag.SmallInteger);
                WriteByte((byte)export.Arity);
                break;
            default:
                throw new ArgumentException($"Unknown term type {term.GetType().Name}.", nameof(term));
        }
    }

    private void WriteInteger(ErlangInteger integer)
    {
        if (integer.IsLong)
        {
            var value = integer.LongValue;
            if (value is >= 0 and <= byte.MaxValue)
            {
                WriteByte(ExternalTermTag.SmallInteger);
                WriteByte((byte)value);
                return;
            }

            if (value is >= int.MinValue and <= int.MaxValue)
            {
                WriteByte(ExternalTermTag.Integer);
                BinaryPrimitives.WriteInt32BigEndian(Reserve(4), (int)value);
                Advance(4);
                return;
            }
        }

        var big = integer.Value;
        var magnitude = BigInteger.Abs(big);
        var digitCount = magnitude.GetByteCount(isUnsigned: true);
        if (digitCount <= byte.MaxValue)
        {
            WriteByte(ExternalTermTag.SmallBig);
            WriteByte((byte)digitCount);
        }
        else
        {
            WriteByte(ExternalTermTag.LargeBig);
            WriteUInt32((uint)digitCount);
        }

        WriteByte(big.Sign < 0 ? (byte)1 : (byte)0);
        magnitude.TryWriteBytes(Reserve(digitCount), out var written, isUnsigned: true, isBigEndian: false);
        Advance(written);
    }

    private void WriteAtom(ErlangAtom atom)
    {
        var length = Encoding.UTF8.GetByteCount(atom.Name);
        if (length <= byte.MaxValue)
        {
            WriteByte(ExternalTermTag.SmallAtomUtf8);
            WriteByte((byte)length);
        }
        else
        {
            WriteByte(ExternalTermTag.AtomUtf8);
            BinaryPrimitives.WriteUInt16BigEndian(Reserve(2), (ushort)length);
            Advance(2);
        }

        Encoding.UTF8.GetBytes(atom.Name, Reserve(length));
        Advance(length);
    }

    private void WriteList(ErlangList list, int depth)
    {
        if (list.Count == 0)
        {
            WriteByte(ExternalTermTag.Nil);
            return;
        }

        if (list.IsProper && list.Count <= ushort.MaxValue && list.All(e => e is ErlangInteger { IsLong: true, LongValue: >= 0 and <= 255 }))
        {
            WriteByte(ExternalTermTag.String);
            BinaryPrimitives.WriteUInt16BigEndian(Reserve(2), (ushort)list.Count);
            Advance(2);
            var characters = Reserve(list.Count);
            for (var i = 0; i < list.Count; i++)
            {
                characters[i] = (byte)((ErlangInteger)list[i]).LongValue;
            }

            Advance(list.Count);
            return;
        }

        WriteByte(ExternalTermTag.List);
        WriteUInt32((uint)list.Count);
        foreach (var element in list)
        {
            WriteTerm(element, depth + 1);
        }

        WriteTerm(list.Tail, depth + 1);
    }

    private void WriteBinary(ErlangBinary binary)
    {
        if (binary.IsBitString)
        {
            WriteByte(ExternalTermTag.BitBinary);
            WriteUInt32((uint)binary.Bytes.Length);
            WriteByte((byte)binary.BitsInLastByte);
        }
        else
        {
            WriteByte(ExternalTermTag.Binary);
            WriteUInt32((uint)binary.Bytes.Length);
        }

        output.Write(binary.Bytes.Span);
    }

    private void WriteFun(ErlangFun fun, int depth)
    {
        // The size field counts the whole body, so the body is written aside first.
        var body = new ArrayBufferWriter<byte>();
        var inner = new ErlangTermEncoder(body, maxDepth);
        inner.WriteByte((byte)fun.Arity);
        body.Write(fun.Uniq.Span);
        inner.WriteUInt32(fun.Index);
        inner.WriteUInt32((uint)fun.FreeVariables.Count);
        inner.WriteAtom(fun.Module);
        inner.WriteTerm(fun.OldIndex, depth + 1);
        inner.WriteTerm(fun.OldUniq, depth + 1);
        inner.WriteTerm(fun.Creator, depth + 1);
        foreach (var variable in fun.FreeVariables)
        {
            inner.WriteTerm(variable, depth + 1);
        }

        WriteByte(ExternalTermTag.NewFun);
        WriteUInt32((uint)(body.WrittenCount + 4));
        output.Write(body.WrittenSpan);
    }

    private void WritePort(ErlangPort port)
    {
        if (port.Id <= uint.MaxValue)
        {
            WriteByte(ExternalTermTag.NewPort);
            WriteAtom(port.Node);
            WriteUInt32((uint)port.Id);
        }
        else
        {
            WriteByte(ExternalTermTag.V4Port);
            WriteAtom(port.Node);
            BinaryPrimitives.WriteUInt64BigEndian(Reserve(8), port.Id);
            Advance(8);
        }

        WriteUInt32(port.Creation);
    }

    private void WriteUInt32(uint value)
    {
        BinaryPrimitives.WriteUInt32BigEndian(Reserve(4), value);
        Advance(4);
    }

    private void WriteByte(byte value)
    {
        Reserve(1)[0] = value;
        Advance(1);
    }

    private Span<byte> Reserve(int count) => output.GetSpan(count)[..count];

    private void Advance(int count) => output.Advance(count);
}
