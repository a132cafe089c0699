using System.Buffers;
using System.Buffers.Binary;
using Erlmcp.Autoscaler.Erlang.Terms;

namespace Erlmcp.Autoscaler.Erlang.Connection;

/// <summary>
/// Framing after the handshake: a 4-byte length, then a pass-through message ('p', the control term, the
/// optional message term); a zero length is a tick.
/// </summary>
internal static class DistributionPacket
{
    public const byte PassThrough = (byte)'p';

    public static readonly byte[] Tick = [0, 0, 0, 0];

    public static byte[] Encode(ErlangTuple control, ErlangTerm? message, ErlangTermLimits limits)
    {
        var output = new ArrayBufferWriter<byte>(256);
        // The length is filled in once the terms are written.
        output.GetSpan(5)[4] = PassThrough;
        output.Advance(5);
        ErlangTermCodec.Encode(control, output, limits);
        if (message is not null)
        {
            ErlangTermCodec.Encode(message, output, limits);
        }

        var packet = output.WrittenSpan.ToArray();
        BinaryPrimitives.WriteUInt32BigEndian(packet, (uint)(packet.Length - 4));
        return packet;
    }
}
