using System.Buffers.Binary;
using System.Globalization;
using System.IO.Compression;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Text;
using Erlmcp.Autoscaler.Erlang.Errors;

namespace Erlmcp.Autoscaler.Erlang.Terms;

/// <summary>
/// Reads one term of the external term format from a span. Every error names the byte offset (from the start
/// of the span) where it was found; no allocation is sized from a length field before that many bytes are known
/// to be present.
/// </summary>
internal ref struct ErlangTermDecoder
{
    private static readonly ErlangInteger[] SmallIntegers = [.. Enumerable.Range(0, 256).Select(i => new ErlangInteger(i))];
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    // A duplicate map key longer than this is named by its tag and size: printing it (a big integer in decimal)
    // could cost far more than decoding it.
    private const int MaxPrintedKeyBytes = 256;

    private readonly ReadOnlySpan<byte> _data;
    private readonly ErlangTermLimits _limits;
    private int _position;

    public ErlangTermDecoder(ReadOnlySpan<byte> data, ErlangTermLimits limits)
    {
        _data = data;
        _limits = limits;
    }

    public readonly int Position => _position;

    /// <summary>Reads the version byte (131) and one term, which may be compressed.</summary>
    public ErlangTerm ReadVersionedTerm()
    {
        if (_data.Length - _position > _limits.MaxTermBytes)
        {
            throw Error($"the input is {_data.Length - _position} bytes, more than the limit of {_limits.MaxTermBytes} bytes (MaxTermBytes)");
        }

        var version = ReadByte("the version byte");
        if (version != ExternalTermTag.Version)
        {
            throw Error($"expected the version byte 131 but found {version}", _position - 1);
        }

        if (_position < _data.Length && _data[_position] == ExternalTermTag.Compressed)
        {
            return ReadCompressed();
        }

        return ReadTerm(0);
    }

    private ErlangTerm ReadCompressed()
    {
        var start = _position;
        _position++;
        var size = ReadUInt32("the uncompressed size of a compressed term");
        if (size > (uint)_limits.MaxTermBytes)
        {
            throw Error($"the compressed term expands to {size} bytes, more than the limit of {_limits.MaxTermBytes} bytes (MaxTermBytes)", start);
        }

        var inflated = new byte[size];
        int read;
        try
        {
            using var source = new MemoryStream(_data[_position..].ToArray(), writable: false);
            using var zlib = new ZLibStream(source, CompressionMode.Decompress);
            read = zlib.ReadAtLeast(inflated, inflated.Length, throwOnEndOfStream: false);
            if (read == inflated.Length && zlib.ReadByte() >= 0)
            {
                throw Error($"the compressed term expands to more than its declared {size} bytes", start);
            }
        }
        catch (Exception e) when (e is InvalidDataException or IOException)
        {
            // Some corrupt streams make zlib fail with ZLibException (an IOException), not InvalidDataException.
            throw Error($"the compressed term's zlib data is corrupt ({e.Message})", start);
        }

        if (read != inflated.Length)
        {
            throw Error($"the compressed term expands to {read} bytes, not its declared {size}", start);
        }

        // A compressed term runs to the end of its buffer: zlib does not tell how many input bytes it used.
        _position = _data.Length;
        var inner = new ErlangTermDecoder(inflated, _limits);
        try
        {
            var term = inner.ReadTerm(0);
            if (inner._position != inflated.Length)
            {
                throw inner.Error($"{inflated.Length - inner._position} bytes are left over after the term");
            }

            return term;
        }
        catch (ErlangTermFormatException e)
        {
            throw Error($"in the decompressed data at offset {e.Offset}: {e.Detail}", start);
        }
    }

    public ErlangTerm ReadTerm(int depth)
    {
        if (depth > _limits.MaxDepth)
        {
            throw Error($"terms nest deeper than the limit of {_limits.MaxDepth} (MaxDepth)");
        }

        // MaxDepth may allow more nesting than a small thread stack holds; overflowing it would kill the process.
        if (!RuntimeHelpers.TryEnsureSufficientExecutionStack())
        {
            throw Error($"terms nest too deeply (depth {depth}) for the stack of the decoding thread");
        }

        var tagOffset = _position;
        var tag = ReadByte("a term tag");
        switch (tag)
        {
            case ExternalTermTag.SmallInteger:
                return SmallIntegers[ReadByte("a SMALL_INTEGER_EXT value")];
            case ExternalTermTag.Integer:
                return new ErlangInteger(BinaryPrimitives.ReadInt32BigEndian(Take(4, "an INTEGER_EXT value")));
            case ExternalTermTag.SmallBig:
                return ReadBig(ReadByte("a SMALL_BIG_EXT length"));
            case ExternalTermTag.LargeBig:
                return ReadBig(ReadLength("a LARGE_BIG_EXT length", minimumBytesEach: 1, extra: 1));
            case ExternalTermTag.NewFloat:
                return new ErlangFloat(BinaryPrimitives.ReadDoubleBigEndian(Take(8, "a NEW_FLOAT_EXT value")));
            case ExternalTermTag.Float:
                return ReadOldFloat();
            case ExternalTermTag.Atom:
            case ExternalTermTag.SmallAtom:
            case ExternalTermTag.AtomUtf8:
            case ExternalTermTag.SmallAtomUtf8:
                return ReadAtomBody(tag, tagOffset);
            case ExternalTermTag.SmallTuple:
                return ReadTuple(ReadByte("a SMALL_TUPLE_EXT arity"), depth);
            case ExternalTermTag.LargeTuple:
                return ReadTuple(ReadLength("a LARGE_TUPLE_EXT arity", minimumBytesEach: 1), depth);
            case ExternalTermTag.Nil:
                return ErlangList.Empty;
            case ExternalTermTag.String:
                return ReadString();
            case ExternalTermTag.List:
                return ReadList(depth);
            case ExternalTermTag.Binary:
                return ErlangBinary.Wrap(Take(ReadLength("a BINARY_EXT length", minimumBytesEach: 1), "the bytes of a BINARY_EXT").ToArray(), 8);
            case ExternalTermTag.BitBinary:
                return ReadBitBinary();
            case ExternalTermTag.Map:
                return ReadMap(depth);
            case ExternalTermTag.Pid:
            case ExternalTermTag.NewPid:
                return ReadPidBody(tag);
            case ExternalTermTag.Port:
            case ExternalTermTag.NewPort:
            case ExternalTermTag.V4Port:
                return ReadPortBody(tag);
            case ExternalTermTag.Reference:
            case ExternalTermTag.NewReference:
            case ExternalTermTag.NewerReference:
                return ReadReferenceBody(tag);
            case ExternalTermTag.NewFun:
                return ReadNewFun(depth);
            case ExternalTermTag.Export:
                return ReadExport(depth);
            case ExternalTermTag.AtomCacheRef:
                throw Error("ATOM_CACHE_REF (82) needs a distribution header atom cache, which this client does not negotiate", tagOffset);
            case ExternalTermTag.Local:
                throw Error("LOCAL_EXT (121) can only be decoded by the node that encoded it", tagOffset);
            case ExternalTermTag.Fun:
                throw Error("FUN_EXT (117) is the pre-R7 fun encoding that OTP no longer produces", tagOffset);
            case ExternalTermTag.Compressed:
                throw Error("a compressed term (80) may only follow the version byte", tagOffset);
            default:
                throw Error($"unknown term tag {tag}", tagOffset);
        }
    }

    private ErlangInteger ReadBig(int digitCount)
    {
        var sign = ReadByte("the sign of a big integer");
        if (sign > 1)
        {
            throw Error($"the sign of a big integer is 0 or 1, not {sign}", _position - 1);
        }

        var magnitude = new BigInteger(Take(digitCount, "the digits of a big integer"), isUnsigned: true, isBigEndian: false);
        return new ErlangInteger(sign == 0 ? magnitude : -magnitude);
    }

    private ErlangFloat ReadOldFloat()
    {
        var start = _position;
        var text = Take(31, "a FLOAT_EXT value");
        var end = text.IndexOf((byte)0);
        var digits = Encoding.ASCII.GetString(end < 0 ? text : text[..end]);
        if (!double.TryParse(digits, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
        {
            throw Error($"FLOAT_EXT text '{digits}' is not a number", start);
        }

        return new ErlangFloat(value);
    }

    /// <summary>Reads an atom where the format requires one (a node name, a module).</summary>
    private ErlangAtom ReadAtom(string what)
    {
        var tagOffset = _position;
        var tag = ReadByte(what);
        return tag is ExternalTermTag.Atom or ExternalTermTag.SmallAtom or ExternalTermTag.AtomUtf8 or ExternalTermTag.SmallAtomUtf8
            ? ReadAtomBody(tag, tagOffset)
            : throw Error($"{what} must be an atom, but found {ExternalTermTag.Name(tag)}", tagOffset);
    }

    private ErlangAtom ReadAtomBody(byte tag, int tagOffset)
    {
        var small = tag is ExternalTermTag.SmallAtom or ExternalTermTag.SmallAtomUtf8;
        var length = small ? ReadByte("an atom length") : BinaryPrimitives.ReadUInt16BigEndian(Take(2, "an atom length"));
        var bytes = Take(length, "the text of an atom");
        string name;
        if (tag is ExternalTermTag.Atom or ExternalTermTag.SmallAtom)
        {
            name = Encoding.Latin1.GetString(bytes);
        }
        else
        {
            try
            {
                name = StrictUtf8.GetString(bytes);
            }
            catch (DecoderFallbackException)
            {
                throw Error($"the text of {ExternalTermTag.Name(tag)} is not valid UTF-8", tagOffset);
            }
        }

        try
        {
            return new ErlangAtom(name);
        }
        catch (ArgumentException e)
        {
            throw Error(e.Message, tagOffset);
        }
    }

    private ErlangTuple ReadTuple(int arity, int depth)
    {
        var elements = new ErlangTerm[arity];
        for (var i = 0; i < arity; i++)
        {
            elements[i] = ReadTerm(depth + 1);
        }

        return new ErlangTuple(elements);
    }

    private ErlangList ReadString()
    {
        var length = BinaryPrimitives.ReadUInt16BigEndian(Take(2, "a STRING_EXT length"));
        var bytes = Take(length, "the characters of a STRING_EXT");
        if (length == 0)
        {
            return ErlangList.Empty;
        }

        var elements = new ErlangTerm[length];
        for (var i = 0; i < length; i++)
        {
            elements[i] = SmallIntegers[bytes[i]];
        }

        return new ErlangList(elements);
    }

    private ErlangList ReadList(int depth)
    {
        // A tail that is itself a LIST_EXT (Erlang never writes one, but binary_to_term reads it as one flat list)
        // is read by this loop: splicing each nested tail into its parent would copy the elements once per level.
        var elements = new List<ErlangTerm>();
        do
        {
            var count = ReadLength("a LIST_EXT length", minimumBytesEach: 1, extra: 1);
            elements.EnsureCapacity(elements.Count + count);
            for (var i = 0; i < count; i++)
            {
                elements.Add(ReadTerm(depth + 1));
            }
        }
        while (SkipTag(ExternalTermTag.List));

        var tailOffset = _position;
        var tail = ReadTerm(depth + 1);
        if (elements.Count == 0)
        {
            // Erlang's value for an empty LIST_EXT is the tail itself, which must then be a list here.
            return tail as ErlangList ?? throw Error("a LIST_EXT with no elements has a tail that is not a list", tailOffset);
        }

        return ErlangList.WithTail(elements, tail);
    }

    private ErlangBinary ReadBitBinary()
    {
        var length = ReadLength("a BIT_BINARY_EXT length", minimumBytesEach: 1, extra: 1);
        var bitsOffset = _position;
        var bits = ReadByte("the bit count of a BIT_BINARY_EXT");
        var bytes = Take(length, "the bytes of a BIT_BINARY_EXT");
        if (length == 0)
        {
            return ErlangBinary.Wrap([], 8);
        }

        if (bits is < 1 or > 8)
        {
            throw Error($"a BIT_BINARY_EXT uses 1 to 8 bits of its last byte, not {bits}", bitsOffset);
        }

        return ErlangBinary.Wrap(bytes.ToArray(), bits);
    }

    private ErlangMap ReadMap(int depth)
    {
        var arity = ReadLength("a MAP_EXT arity", minimumBytesEach: 2);
        var pairs = new KeyValuePair<ErlangTerm, ErlangTerm>[arity];
        var seen = new HashSet<ErlangTerm>();
        for (var i = 0; i < arity; i++)
        {
            var keyOffset = _position;
            var key = ReadTerm(depth + 1);
            if (!seen.Add(key))
            {
                var keyBytes = _position - keyOffset;
                var name = keyBytes <= MaxPrintedKeyBytes
                    ? ErlangTermText.Abbreviate(key)
                    : $"(a {ExternalTermTag.Name(_data[keyOffset])} of {keyBytes} bytes)";
                throw Error($"the map key {name} appears twice", keyOffset);
            }

            pairs[i] = KeyValuePair.Create(key, ReadTerm(depth + 1));
        }

        return new ErlangMap(pairs);
    }

    private ErlangPid ReadPidBody(byte tag)
    {
        var node = ReadAtom("the node of a pid");
        var id = ReadUInt32("the id of a pid");
        var serial = ReadUInt32("the serial of a pid");
        var creation = tag == ExternalTermTag.Pid ? ReadByte("the creation of a pid") : ReadUInt32("the creation of a pid");
        return new ErlangPid(node, id, serial, creation);
    }

    private ErlangPort ReadPortBody(byte tag)
    {
        var node = ReadAtom("the node of a port");
        ulong id = tag == ExternalTermTag.V4Port
            ? BinaryPrimitives.ReadUInt64BigEndian(Take(8, "the id of a port"))
            : ReadUInt32("the id of a port");
        var creation = tag == ExternalTermTag.Port ? ReadByte("the creation of a port") : ReadUInt32("the creation of a port");
        return new ErlangPort(node, id, creation);
    }

    private ErlangRef ReadReferenceBody(byte tag)
    {
        if (tag == ExternalTermTag.Reference)
        {
            var oldNode = ReadAtom("the node of a reference");
            var id = ReadUInt32("the id of a reference");
            return new ErlangRef(oldNode, ReadByte("the creation of a reference"), id);
        }

        var lengthOffset = _position;
        var length = BinaryPrimitives.ReadUInt16BigEndian(Take(2, "the length of a reference"));
        if (length is < 1 or > ErlangRef.MaxWords)
        {
            throw Error($"a reference has 1 to {ErlangRef.MaxWords} words, not {length}", lengthOffset);
        }

        var node = ReadAtom("the node of a reference");
        var creation = tag == ExternalTermTag.NewReference ? ReadByte("the creation of a reference") : ReadUInt32("the creation of a reference");
        var ids = new uint[length];
        for (var i = 0; i < length; i++)
        {
            ids[i] = ReadUInt32("a word of a reference");
        }

        return new ErlangRef(node, creation, ids);
    }

    private ErlangFun ReadNewFun(int depth)
    {
        var sizeOffset = _position;
        var size = ReadUInt32("the size of a NEW_FUN_EXT");
        if (size < 4 || size > (uint)(_data.Length - sizeOffset))
        {
            throw Error($"a NEW_FUN_EXT of {size} bytes does not fit in the {_data.Length - sizeOffset} bytes that remain", sizeOffset);
        }

        var arity = ReadByte("the arity of a fun");
        var uniq = Take(16, "the MD5 of a fun's module");
        var index = ReadUInt32("the index of a fun");
        var freeCount = ReadLength("the free variable count of a fun", minimumBytesEach: 1);
        var module = ReadAtom("the module of a fun");
        var oldIndex = ReadInteger("the old index of a fun", depth);
        var oldUniq = ReadInteger("the old uniq of a fun", depth);
        var pidOffset = _position;
        var creator = ReadTerm(depth + 1) as ErlangPid ?? throw Error("the creator of a fun must be a pid", pidOffset);
        var freeVariables = new ErlangTerm[freeCount];
        for (var i = 0; i < freeCount; i++)
        {
            freeVariables[i] = ReadTerm(depth + 1);
        }

        if (_position - sizeOffset != size)
        {
            throw Error($"a NEW_FUN_EXT declares {size} bytes but its fields take {_position - sizeOffset}", sizeOffset);
        }

        return new ErlangFun(module, arity, uniq, index, oldIndex, oldUniq, creator, freeVariables);
    }

    private ErlangExportFun ReadExport(int depth)
    {
        var module = ReadAtom("the module of an external fun");
        var function = ReadAtom("the function of an external fun");
        var arityOffset = _position;
        return ReadTerm(depth + 1) is ErlangInteger { IsLong: true, LongValue: >= 0 and <= 255 } arity
            ? new ErlangExportFun(module, function, (int)arity.LongValue)
            : throw Error("the arity of an external fun must be an integer from 0 to 255", arityOffset);
    }

    private ErlangInteger ReadInteger(string what, int depth)
    {
        var offset = _position;
        return ReadTerm(depth + 1) as ErlangInteger ?? throw Error($"{what} must be an integer", offset);
    }

    /// <summary>
    /// Reads a 32-bit count of items that each take at least <paramref name="minimumBytesEach"/> bytes, and checks
    /// that they (plus <paramref name="extra"/> bytes) can be present before anything is allocated for them.
    /// </summary>
    private int ReadLength(string what, int minimumBytesEach, int extra = 0)
    {
        var offset = _position;
        var count = ReadUInt32(what);
        var remaining = (long)_data.Length - _position;
        if (count * (long)minimumBytesEach + extra > remaining)
        {
            throw Error($"{what} of {count} needs at least {count * (long)minimumBytesEach + extra} more bytes but only {remaining} remain (truncated input)", offset);
        }

        return (int)count;
    }

    /// <summary>Steps over the next byte when it is <paramref name="tag"/>.</summary>
    private bool SkipTag(byte tag)
    {
        if (_position < _data.Length && _data[_position] == tag)
        {
            _position++;
            return true;
        }

        return false;
    }

    private uint ReadUInt32(string what) => BinaryPrimitives.ReadUInt32BigEndian(Take(4, what));

    private byte ReadByte(string what) => Take(1, what)[0];

    private ReadOnlySpan<byte> Take(int count, string what)
    {
        if (_data.Length - _position < count)
        {
            throw Error($"{what} needs {count} bytes but only {_data.Length - _position} remain (truncated input)");
        }

        var slice = _data.Slice(_position, count);
        _position += count;
        return slice;
    }

    private readonly ErlangTermFormatException Error(string detail) => new(_position, detail);

    private static ErlangTermFormatException Error(string detail, int offset) => new(offset, detail);
}
