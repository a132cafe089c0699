using System.Buffers;
using Erlmcp.Autoscaler.Erlang.Errors;

namespace Erlmcp.Autoscaler.Erlang.Terms;

/// <summary>
/// The external term format (what erlang:term_to_binary/1 writes and binary_to_term/1 reads), with the
/// leading version byte 131.
/// </summary>
public static class ErlangTermCodec
{
    /// <summary>Decodes a buffer that holds exactly one term.</summary>
    /// <exception cref="ErlangTermFormatException">The bytes are malformed, truncated, over a limit, or followed by extra bytes.</exception>
    public static ErlangTerm Decode(ReadOnlySpan<byte> data, ErlangTermLimits? limits = null)
    {
        var term = Decode(data, out var consumed, limits);
        if (consumed != data.Length)
        {
            throw new ErlangTermFormatException(consumed, $"{data.Length - consumed} bytes are left over after the term");
        }

        return term;
    }

    /// <summary>
    /// Decodes the term at the start of <paramref name="data"/> and tells how many bytes it took, for buffers
    /// that hold several terms (a distribution message is a control term followed by a message term). A compressed
    /// term is taken to run to the end of the buffer.
    /// </summary>
    public static ErlangTerm Decode(ReadOnlySpan<byte> data, out int bytesConsumed, ErlangTermLimits? limits = null)
    {
        var decoder = new ErlangTermDecoder(data, limits ?? ErlangTermLimits.Default);
        var term = decoder.ReadVersionedTerm();
        bytesConsumed = decoder.Position;
        return term;
    }

    /// <summary>Writes the version byte and the term.</summary>
    public static void Encode(ErlangTerm term, IBufferWriter<byte> output, ErlangTermLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(term);
        ArgumentNullException.ThrowIfNull(output);
        new ErlangTermEncoder(output, (limits ?? ErlangTermLimits.Default).MaxDepth).WriteVersionedTerm(term);
    }

    public static byte[] Encode(ErlangTerm term, ErlangTermLimits? limits = null)
    {
        var output = new ArrayBufferWriter<byte>(64);
        Encode(term, output, limits);
        return output.WrittenSpan.ToArray();
    }
}
