using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Erlmcp.Autoscaler.Erlang.Errors;
using Erlmcp.Autoscaler.Erlang.Handshake;

namespace Erlmcp.Autoscaler.Erlang.Tests.Handshake;

/// <summary>
/// The handshake against a scripted peer on loopback, for answers a healthy node does not give on demand: a
/// digest that does not match, the alive status, a TLS record, an impostor name.
/// </summary>
public sealed class ScriptedPeerHandshakeTests
{
    private const string Peer = "peer@host";
    private static readonly ErlangCookie Cookie = new("shared-cookie");

    [Fact]
    public async Task A_challenge_ack_with_the_wrong_digest_is_an_authentication_error()
    {
        var error = await Assert.ThrowsAsync<ErlangAuthenticationException>(() => HandshakeWithAsync(async peer =>
        {
            await peer.ReadFrameAsync();
            await peer.WriteFrameAsync("sok"u8.ToArray());
            await peer.WriteFrameAsync(Challenge(Peer, 1234));
            var reply = await peer.ReadFrameAsync();
            Assert.Equal(CookieDigest.Compute(Cookie, 1234), reply[5..]);
            await peer.WriteFrameAsync([(byte)'a', .. new byte[16]]);
        }));

        Assert.Contains("does not match our cookie", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_matching_challenge_ack_completes_the_handshake()
    {
        var result = await HandshakeWithAsync(async peer =>
        {
            await peer.ReadFrameAsync();
            await peer.WriteFrameAsync("sok"u8.ToArray());
            await peer.WriteFrameAsync(Challenge(Peer, 99));
            var reply = await peer.ReadFrameAsync();
            var ourChallenge = BinaryPrimitives.ReadUInt32BigEndian(reply.AsSpan(1));
            await peer.WriteFrameAsync([(byte)'a', .. CookieDigest.Compute(Cookie, ourChallenge)]);
        });

        Assert.Equal(new HandshakeResult(Peer, ClientDistributionFlags.MandatoryOtp25, 5), result);
    }

    [Fact]
    public async Task The_alive_status_is_answered_with_false_and_refused()
    {
        byte[]? answer = null;
        var error = await Assert.ThrowsAsync<ErlangHandshakeRefusedException>(() => HandshakeWithAsync(async peer =>
        {
            await peer.ReadFrameAsync();
            await peer.WriteFrameAsync("salive"u8.ToArray());
            answer = await peer.ReadFrameAsync();
        }));

        Assert.Equal("alive", error.Status);
        Assert.Equal("sfalse"u8.ToArray(), answer);
    }

    [Fact]
    public async Task A_TLS_alert_in_answer_to_a_plain_handshake_is_a_TLS_mismatch()
    {
        var error = await Assert.ThrowsAsync<ErlangTlsException>(() => HandshakeWithAsync(async peer =>
        {
            await peer.ReadFrameAsync();
            await peer.Stream.WriteAsync(new byte[] { 0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x28 });
        }));

        Assert.Contains("-proto_dist inet_tls", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_node_answering_under_another_name_is_refused()
    {
        var error = await Assert.ThrowsAsync<ErlangProtocolException>(() => HandshakeWithAsync(async peer =>
        {
            await peer.ReadFrameAsync();
            await peer.WriteFrameAsync("sok"u8.ToArray());
            await peer.WriteFrameAsync(Challenge("impostor@host", 1));
        }));

        Assert.Contains("the node at this address is 'impostor@host'", error.Message, StringComparison.Ordinal);
    }

    private static byte[] Challenge(string name, uint challenge)
    {
        var body = new byte[19 + name.Length];
        body[0] = (byte)'N';
        BinaryPrimitives.WriteUInt64BigEndian(body.AsSpan(1), (ulong)ClientDistributionFlags.MandatoryOtp25);
        BinaryPrimitives.WriteUInt32BigEndian(body.AsSpan(9), challenge);
        BinaryPrimitives.WriteUInt32BigEndian(body.AsSpan(13), 5);
        BinaryPrimitives.WriteUInt16BigEndian(body.AsSpan(17), (ushort)name.Length);
        System.Text.Encoding.ASCII.GetBytes(name).CopyTo(body, 19);
        return body;
    }

    private static async Task<HandshakeResult> HandshakeWithAsync(Func<ScriptedPeer, Task> script)
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, ((IPEndPoint)listener.LocalEndpoint).Port);
        using var accepted = await listener.AcceptTcpClientAsync();
        var peer = Task.Run(async () =>
        {
            await script(new ScriptedPeer(accepted.GetStream()));
            accepted.Client.Shutdown(SocketShutdown.Send);
        });
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            return await DistributionHandshake.PerformAsync(client.GetStream(), "me@host", 7, Peer, Cookie, overTls: false, timeout.Token);
        }
        finally
        {
            await peer;
        }
    }

    private sealed class ScriptedPeer(NetworkStream stream)
    {
        public NetworkStream Stream => stream;

        public async Task<byte[]> ReadFrameAsync()
        {
            var header = new byte[2];
            await stream.ReadExactlyAsync(header);
            var body = new byte[BinaryPrimitives.ReadUInt16BigEndian(header)];
            await stream.ReadExactlyAsync(body);
            return body;
        }

        public async Task WriteFrameAsync(byte[] body)
        {
            var frame = new byte[2 + body.Length];
            BinaryPrimitives.WriteUInt16BigEndian(frame, (ushort)body.Length);
            body.CopyTo(frame, 2);
            await stream.WriteAsync(frame);
        }
    }
}
