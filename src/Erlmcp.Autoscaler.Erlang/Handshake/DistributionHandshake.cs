using System.Buffers.Binary;
using System.Security.Cryptography;
using Erlmcp.Autoscaler.Erlang.Errors;

namespace Erlmcp.Autoscaler.Erlang.Handshake;

/// <summary>What the handshake learned about the peer.</summary>
public sealed record HandshakeResult(string PeerNode, DistributionFlags PeerFlags, uint PeerCreation);

/// <summary>
/// The initiating side of the version 6 handshake (OTP 23+): send_name, recv_status, recv_challenge,
/// send_challenge_reply, recv_challenge_ack and the check of the peer's digest.
/// </summary>
internal static class DistributionHandshake
{
    public static async Task<HandshakeResult> PerformAsync(
        Stream stream, string localNode, uint localCreation, string peerNode, ErlangCookie cookie, CancellationToken cancellationToken)
    {
        await WriteFrameAsync(stream, HandshakeMessages.EncodeSendName(ClientDistributionFlags.Announced, localCreation, localNode), cancellationToken).ConfigureAwait(false);

        var statusFrame = await ReadFirstFrameAsync(stream, peerNode, cancellationToken).ConfigureAwait(false);
        var status = Parse(peerNode, () => HandshakeMessages.ParseStatus(statusFrame));
        switch (status.Status)
        {
            case "ok":
            case "ok_simultaneous":
            case "named:":
                break;
            case "alive":
                // The node already has a connection from a node of our name; we never take it over.
                await WriteFrameAsync(stream, "sfalse"u8.ToArray(), cancellationToken).ConfigureAwait(false);
                throw new ErlangHandshakeRefusedException(peerNode, "alive", $"it already has a connection from a node named '{localNode}'");
            case "nok":
                throw new ErlangHandshakeRefusedException(peerNode, "nok", "it is connecting to us at the same time and its connection wins");
            case "not_allowed":
                throw new ErlangHandshakeRefusedException(peerNode, "not_allowed", $"its allow list (net_kernel:allow/1) does not include '{localNode}'");
            default:
                throw new ErlangHandshakeRefusedException(peerNode, status.Status, "the status is not one the protocol defines");
        }

        var challengeFrame = await ReadFrameAsync(stream, peerNode, "its challenge", cancellationToken).ConfigureAwait(false);
        var challenge = Parse(peerNode, () => HandshakeMessages.ParseChallenge(challengeFrame));
        if (!string.Equals(challenge.NodeName, peerNode, StringComparison.Ordinal))
        {
            throw new ErlangProtocolException(peerNode, $"the node at this address is '{challenge.NodeName}', not the one we asked for");
        }

        var missing = ClientDistributionFlags.MandatoryOtp25 & ~challenge.Flags;
        if (missing != 0 && (challenge.Flags & DistributionFlags.Mandatory25Digest) == 0)
        {
            throw new ErlangProtocolException(peerNode, $"the node lacks the distribution flags OTP 25 requires: {missing}");
        }

        var ourChallenge = BinaryPrimitives.ReadUInt32BigEndian(RandomNumberGenerator.GetBytes(4));
        var reply = HandshakeMessages.EncodeChallengeReply(ourChallenge, CookieDigest.Compute(cookie, challenge.Challenge));
        await WriteFrameAsync(stream, reply, cancellationToken).ConfigureAwait(false);

        byte[] ackFrame;
        try
        {
            ackFrame = await ReadFrameAsync(stream, peerNode, "its challenge acknowledgement", cancellationToken).ConfigureAwait(false);
        }
        catch (ErlangNodeDownException e)
        {
            throw new ErlangAuthenticationException(peerNode, $"it closed the connection after our challenge reply: {e.Reason}");
        }

        var theirDigest = Parse(peerNode, () => HandshakeMessages.ParseChallengeAck(ackFrame).ToArray());
        if (!CryptographicOperations.FixedTimeEquals(theirDigest, CookieDigest.Compute(cookie, ourChallenge)))
        {
            throw new ErlangAuthenticationException(peerNode, "its answer to our challenge does not match our cookie");
        }

        return new HandshakeResult(challenge.NodeName, challenge.Flags, challenge.Creation);
    }

    private static T Parse<T>(string peerNode, Func<T> parse)
    {
        try
        {
            return parse();
        }
        catch (FormatException e)
        {
            throw new ErlangProtocolException(peerNode, e.Message, e);
        }
    }

    /// <summary>
    /// Reads the answer to our name, recognising a TLS alert record (0x15 0x03 ...): that is a TLS node answering
    /// the plain handshake of a client without TLS.
    /// </summary>
    private static async Task<byte[]> ReadFirstFrameAsync(Stream stream, string peerNode, CancellationToken cancellationToken)
    {
        var header = new byte[2];
        var read = await stream.ReadAtLeastAsync(header, 2, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        if (read >= 1 && header[0] is 0x15 or 0x16 && (read < 2 || header[1] == 0x03))
        {
            throw new ErlangTlsException(peerNode, "the node answered our plain handshake with a TLS record: it uses TLS distribution (-proto_dist inet_tls), so configure the client's TLS options");
        }

        if (read < 2)
        {
            throw new ErlangHandshakeRefusedException(
                peerNode,
                "closed",
                "it closed the connection before answering our name; it may use TLS distribution (-proto_dist inet_tls) while this client does not, or refuse our node name");
        }

        return await ReadBodyAsync(stream, BinaryPrimitives.ReadUInt16BigEndian(header), peerNode, "its status", cancellationToken).ConfigureAwait(false);
    }

    private static async Task<byte[]> ReadFrameAsync(Stream stream, string peerNode, string what, CancellationToken cancellationToken)
    {
        var header = new byte[2];
        await ReadExactlyAsync(stream, header, peerNode, what, cancellationToken).ConfigureAwait(false);
        return await ReadBodyAsync(stream, BinaryPrimitives.ReadUInt16BigEndian(header), peerNode, what, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<byte[]> ReadBodyAsync(Stream stream, int length, string peerNode, string what, CancellationToken cancellationToken)
    {
        var body = new byte[length];
        await ReadExactlyAsync(stream, body, peerNode, what, cancellationToken).ConfigureAwait(false);
        return body;
    }

    private static async Task ReadExactlyAsync(Stream stream, byte[] buffer, string peerNode, string what, CancellationToken cancellationToken)
    {
        try
        {
            await stream.ReadExactlyAsync(buffer, cancellationToken).ConfigureAwait(false);
        }
        catch (EndOfStreamException e)
        {
            throw new ErlangNodeDownException(peerNode, $"the connection closed while waiting for {what}", e);
        }
        catch (IOException e)
        {
            throw new ErlangNodeDownException(peerNode, $"the connection broke while waiting for {what} ({e.Message})", e);
        }
    }

    private static async Task WriteFrameAsync(Stream stream, byte[] body, CancellationToken cancellationToken)
    {
        var frame = new byte[2 + body.Length];
        BinaryPrimitives.WriteUInt16BigEndian(frame, (ushort)body.Length);
        body.CopyTo(frame, 2);
        await stream.WriteAsync(frame, cancellationToken).ConfigureAwait(false);
        await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
    }
}
