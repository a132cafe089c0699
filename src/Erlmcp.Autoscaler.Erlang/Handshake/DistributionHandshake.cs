using System.Buffers.Binary;
using System.Security.Cryptography;
using Erlmcp.Autoscaler.Erlang.Errors;

namespace Erlmcp.Autoscaler.Erlang.Handshake;

/// <summary>What the handshake learned about the peer.</summary>
public sealed record HandshakeResult(string PeerNode, DistributionFlags PeerFlags, uint PeerCreation);

/// <summary>
/// The initiating side of the version 6 handshake (OTP 23+): send_name, recv_status, recv_challenge,
/// send_challenge_reply, recv_challenge_ack and the check of the peer's digest. Over TCP each handshake message
/// has a 2-byte length; inet_tls_dist runs its TLS socket in {packet, 4} from the start, so over TLS the length
/// has 4 bytes.
/// </summary>
internal static class DistributionHandshake
{
    /// <param name="overTls">The stream is TLS: an early close then means the node rejected our client certificate.</param>
    public static async Task<HandshakeResult> PerformAsync(
        Stream stream, string localNode, uint localCreation, string peerNode, ErlangCookie cookie, bool overTls, CancellationToken cancellationToken)
    {
        var framing = new Framing(stream, peerNode, overTls ? 4 : 2);
        await framing.WriteAsync(HandshakeMessages.EncodeSendName(ClientDistributionFlags.Announced, localCreation, localNode), cancellationToken).ConfigureAwait(false);

        var statusFrame = await ReadFirstFrameAsync(framing, overTls, cancellationToken).ConfigureAwait(false);
        var status = Parse(peerNode, () => HandshakeMessages.ParseStatus(statusFrame));
        switch (status.Status)
        {
            case "ok":
            case "ok_simultaneous":
            case "named:":
                break;
            case "alive":
                // The node already has a connection from a node of our name; we never take it over.
                await framing.WriteAsync("sfalse"u8.ToArray(), cancellationToken).ConfigureAwait(false);
                throw new ErlangHandshakeRefusedException(peerNode, "alive", $"it already has a connection from a node named '{localNode}'");
            case "nok":
                throw new ErlangHandshakeRefusedException(peerNode, "nok", "it is connecting to us at the same time and its connection wins");
            case "not_allowed":
                throw new ErlangHandshakeRefusedException(peerNode, "not_allowed", $"its allow list (net_kernel:allow/1) does not include '{localNode}'");
            default:
                throw new ErlangHandshakeRefusedException(peerNode, status.Status, "the status is not one the protocol defines");
        }

        var challengeFrame = await framing.ReadAsync("its challenge", cancellationToken).ConfigureAwait(false);
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
        await framing.WriteAsync(reply, cancellationToken).ConfigureAwait(false);

        byte[] ackFrame;
        try
        {
            ackFrame = await framing.ReadAsync("its challenge acknowledgement", cancellationToken).ConfigureAwait(false);
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
    /// Reads the answer to our name. Without TLS, a TLS alert record (0x15 0x03 ...) there means a TLS node; with
    /// TLS, a close there means the node rejected our client certificate (TLS 1.3 checks it after the handshake).
    /// </summary>
    private static async Task<byte[]> ReadFirstFrameAsync(Framing framing, bool overTls, CancellationToken cancellationToken)
    {
        var peerNode = framing.PeerNode;
        var header = new byte[framing.HeaderLength];
        int read;
        try
        {
            read = await framing.Stream.ReadAtLeastAsync(header, header.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        }
        catch (IOException e)
        {
            if (overTls)
            {
                throw new ErlangTlsException(peerNode, $"the node ended the TLS session before answering our name ({e.Message}): it likely rejected our client certificate", e);
            }

            throw new ErlangHandshakeRefusedException(peerNode, "closed", $"the connection broke before the node answered our name ({e.Message})");
        }

        if (!overTls && read >= 1 && header[0] is 0x15 or 0x16 && (read < 2 || header[1] == 0x03))
        {
            throw new ErlangTlsException(peerNode, "the node answered our plain handshake with a TLS record: it uses TLS distribution (-proto_dist inet_tls), so configure the client's TLS options");
        }

        if (read < header.Length)
        {
            if (overTls)
            {
                throw new ErlangTlsException(peerNode, "the node closed the TLS session before answering our name: it likely rejected our client certificate (a missing one, one from another CA, or one that does not name our address)");
            }

            throw new ErlangHandshakeRefusedException(
                peerNode,
                "closed",
                "it closed the connection before answering our name; it may use TLS distribution (-proto_dist inet_tls) while this client does not, or refuse our node name");
        }

        return await framing.ReadBodyAsync(framing.BodyLength(header), "its status", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Handshake messages with their 2-byte (TCP) or 4-byte (TLS) length.</summary>
    private sealed class Framing(Stream stream, string peerNode, int headerLength)
    {
        // No handshake message comes near this; a larger length means the bytes are not a handshake.
        private const int MaxMessageBytes = 64 * 1024;

        public Stream Stream => stream;

        public string PeerNode => peerNode;

        public int HeaderLength => headerLength;

        public int BodyLength(ReadOnlySpan<byte> header)
        {
            var length = headerLength == 2 ? BinaryPrimitives.ReadUInt16BigEndian(header) : BinaryPrimitives.ReadUInt32BigEndian(header);
            return length <= MaxMessageBytes
                ? (int)length
                : throw new ErlangProtocolException(peerNode, $"a handshake message claims {length} bytes, more than any handshake message has");
        }

        public async Task<byte[]> ReadAsync(string what, CancellationToken cancellationToken)
        {
            var header = new byte[headerLength];
            await ReadExactlyAsync(header, what, cancellationToken).ConfigureAwait(false);
            return await ReadBodyAsync(BodyLength(header), what, cancellationToken).ConfigureAwait(false);
        }

        public async Task<byte[]> ReadBodyAsync(int length, string what, CancellationToken cancellationToken)
        {
            var body = new byte[length];
            await ReadExactlyAsync(body, what, cancellationToken).ConfigureAwait(false);
            return body;
        }

        public async Task WriteAsync(byte[] body, CancellationToken cancellationToken)
        {
            var frame = new byte[headerLength + body.Length];
            if (headerLength == 2)
            {
                BinaryPrimitives.WriteUInt16BigEndian(frame, (ushort)body.Length);
            }
            else
            {
                BinaryPrimitives.WriteUInt32BigEndian(frame, (uint)body.Length);
            }

            body.CopyTo(frame, headerLength);
            await stream.WriteAsync(frame, cancellationToken).ConfigureAwait(false);
            await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
        }

        private async Task ReadExactlyAsync(byte[] buffer, string what, CancellationToken cancellationToken)
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
    }
}
