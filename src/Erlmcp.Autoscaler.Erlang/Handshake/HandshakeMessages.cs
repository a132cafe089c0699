using System.Buffers.Binary;
using System.Text;

namespace Erlmcp.Autoscaler.Erlang.Handshake;

/// <summary>The peer's challenge ('N', version 6): its flags, its challenge, its creation and its name.</summary>
public sealed record HandshakeChallenge(DistributionFlags Flags, uint Challenge, uint Creation, string NodeName);

/// <summary>The peer's status answer to our name; <see cref="Name"/> and <see cref="Creation"/> only for "named:".</summary>
public sealed record HandshakeStatus(string Status, string? Name = null, uint? Creation = null);

/// <summary>
/// Encoding and parsing of the version 6 handshake messages (erl_dist_protocol, "Distribution Handshake"). These
/// are message bodies; on the wire each is preceded by a 2-byte length.
/// </summary>
public static class HandshakeMessages
{
    public const byte SendNameTag = (byte)'N';
    public const byte StatusTag = (byte)'s';
    public const byte ChallengeTag = (byte)'N';
    public const byte OldChallengeTag = (byte)'n';
    public const byte ChallengeReplyTag = (byte)'r';
    public const byte ChallengeAckTag = (byte)'a';

    /// <summary>send_name: 'N', Flags (8), Creation (4), Nlen (2), Name.</summary>
    public static byte[] EncodeSendName(DistributionFlags flags, uint creation, string nodeName)
    {
        var name = Encoding.UTF8.GetBytes(nodeName);
        var message = new byte[15 + name.Length];
        message[0] = SendNameTag;
        BinaryPrimitives.WriteUInt64BigEndian(message.AsSpan(1), (ulong)flags);
        BinaryPrimitives.WriteUInt32BigEndian(message.AsSpan(9), creation);
        BinaryPrimitives.WriteUInt16BigEndian(message.AsSpan(13), (ushort)name.Length);
        name.CopyTo(message, 15);
        return message;
    }

    /// <summary>recv_status: 's' and the status text; "named:" carries Nlen (2), Name, Creation (4).</summary>
    public static HandshakeStatus ParseStatus(ReadOnlySpan<byte> message)
    {
        if (message.Length < 1 || message[0] != StatusTag)
        {
            throw new FormatException($"Expected the status message ('s') but got {Describe(message)}.");
        }

        var text = message[1..];
        var named = "named:"u8;
        if (!text.StartsWith(named))
        {
            return new HandshakeStatus(Encoding.ASCII.GetString(text));
        }

        var rest = text[named.Length..];
        if (rest.Length < 2 || rest.Length < 2 + BinaryPrimitives.ReadUInt16BigEndian(rest) + 4)
        {
            throw new FormatException($"The 'named:' status is cut short ({message.Length} bytes).");
        }

        var nameLength = BinaryPrimitives.ReadUInt16BigEndian(rest);
        var name = Encoding.UTF8.GetString(rest.Slice(2, nameLength));
        var creation = BinaryPrimitives.ReadUInt32BigEndian(rest[(2 + nameLength)..]);
        return new HandshakeStatus("named:", name, creation);
    }

    /// <summary>The version 6 challenge: 'N', Flags (8), Challenge (4), Creation (4), Nlen (2), Name.</summary>
    public static HandshakeChallenge ParseChallenge(ReadOnlySpan<byte> message)
    {
        if (message.Length >= 1 && message[0] == OldChallengeTag)
        {
            throw new FormatException("The node answered with a version 5 challenge ('n'): it runs OTP 22 or older, which this client does not support.");
        }

        if (message.Length < 19 || message[0] != ChallengeTag)
        {
            throw new FormatException($"Expected the challenge ('N', at least 19 bytes) but got {Describe(message)}.");
        }

        var flags = (DistributionFlags)BinaryPrimitives.ReadUInt64BigEndian(message[1..]);
        var challenge = BinaryPrimitives.ReadUInt32BigEndian(message[9..]);
        var creation = BinaryPrimitives.ReadUInt32BigEndian(message[13..]);
        var nameLength = BinaryPrimitives.ReadUInt16BigEndian(message[17..]);
        if (message.Length < 19 + nameLength)
        {
            throw new FormatException($"The challenge's name needs {nameLength} bytes but {message.Length - 19} remain.");
        }

        return new HandshakeChallenge(flags, challenge, creation, Encoding.UTF8.GetString(message.Slice(19, nameLength)));
    }

    /// <summary>challenge_reply: 'r', our Challenge (4), Digest (16).</summary>
    public static byte[] EncodeChallengeReply(uint ourChallenge, ReadOnlySpan<byte> digest)
    {
        var message = new byte[21];
        message[0] = ChallengeReplyTag;
        BinaryPrimitives.WriteUInt32BigEndian(message.AsSpan(1), ourChallenge);
        digest.CopyTo(message.AsSpan(5));
        return message;
    }

    /// <summary>challenge_ack: 'a', Digest (16).</summary>
    public static ReadOnlySpan<byte> ParseChallengeAck(ReadOnlySpan<byte> message)
    {
        if (message.Length != 1 + CookieDigest.Length || message[0] != ChallengeAckTag)
        {
            throw new FormatException($"Expected the challenge acknowledgement ('a' and 16 bytes) but got {Describe(message)}.");
        }

        return message[1..];
    }

    private static string Describe(ReadOnlySpan<byte> message) =>
        message.Length == 0 ? "an empty message" : $"a {message.Length}-byte message starting with byte {message[0]}";
}
