using System.Globalization;
using System.Text;

namespace Erlmcp.Autoscaler.Erlang.Terms;

/// <summary>
/// A binary <c>&lt;&lt;1,2,3&gt;&gt;</c>, or a bitstring whose last byte holds only
/// <see cref="BitsInLastByte"/> bits (1..7, the high bits of that byte).
/// </summary>
public sealed class ErlangBinary : ErlangTerm
{
    private readonly byte[] _bytes;

    public ErlangBinary(ReadOnlySpan<byte> bytes)
        : this(bytes.ToArray(), 8)
    {
    }

    /// <summary>A bitstring of <c>(bytes.Length - 1) * 8 + bitsInLastByte</c> bits.</summary>
    public ErlangBinary(ReadOnlySpan<byte> bytes, int bitsInLastByte)
        : this(bytes.ToArray(), bitsInLastByte)
    {
    }

    private ErlangBinary(byte[] bytes, int bitsInLastByte)
    {
        if (bitsInLastByte is < 1 or > 8)
        {
            throw new ArgumentOutOfRangeException(nameof(bitsInLastByte), bitsInLastByte, "The bits used in the last byte are 1 to 8.");
        }

        if (bitsInLastByte < 8)
        {
            if (bytes.Length == 0)
            {
                throw new ArgumentException("A bitstring with a partial last byte needs at least one byte.", nameof(bytes));
            }

            // The unused low bits are not part of the value; clear them so that equal bitstrings have equal bytes.
            bytes[^1] &= (byte)(0xFF << (8 - bitsInLastByte));
        }

        _bytes = bytes;
        BitsInLastByte = bitsInLastByte;
    }

    public static ErlangBinary FromUtf8(string text) => new(Encoding.UTF8.GetBytes(text), 8);

    /// <summary>Takes ownership of the array (the decoder's path, which allocated it).</summary>
    internal static ErlangBinary Wrap(byte[] bytes, int bitsInLastByte) => new(bytes, bitsInLastByte);

    public ReadOnlyMemory<byte> Bytes => _bytes;

    public int BitsInLastByte { get; }

    public bool IsBitString => BitsInLastByte != 8;

    public long BitLength => _bytes.Length == 0 ? 0 : ((_bytes.Length - 1L) * 8) + BitsInLastByte;

    public string ToUtf8String() => Encoding.UTF8.GetString(_bytes);

    public override bool Equals(ErlangTerm? other) =>
        other is ErlangBinary binary && binary.BitsInLastByte == BitsInLastByte && binary._bytes.AsSpan().SequenceEqual(_bytes);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.AddBytes(_bytes);
        hash.Add(BitsInLastByte);
        return hash.ToHashCode();
    }

    internal override void AppendTo(StringBuilder text)
    {
        text.Append("<<");
        if (!IsBitString && _bytes.Length > 0 && _bytes.All(b => ErlangTermText.IsPrintable(b)))
        {
            ErlangTermText.AppendQuoted(text, Encoding.ASCII.GetString(_bytes));
        }
        else
        {
            var whole = IsBitString ? _bytes.Length - 1 : _bytes.Length;
            for (var i = 0; i < whole; i++)
            {
                if (i > 0)
                {
                    text.Append(',');
                }

                text.Append(_bytes[i].ToString(CultureInfo.InvariantCulture));
            }

            if (IsBitString)
            {
                if (whole > 0)
                {
                    text.Append(',');
                }

                text.Append((_bytes[^1] >> (8 - BitsInLastByte)).ToString(CultureInfo.InvariantCulture)).Append(':').Append(BitsInLastByte);
            }
        }

        text.Append(">>");
    }
}
