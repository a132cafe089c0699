using Erlmcp.Autoscaler.Erlang.Handshake;

namespace Erlmcp.Autoscaler.Erlang.Tests.Handshake;

/// <summary>Version 6 handshake messages and the cookie digest.</summary>
public sealed class HandshakeMessagesTests
{
    [Fact]
    public void The_digest_is_the_MD5_of_the_cookie_and_the_challenge_in_decimal()
    {
        // md5("secret" ++ "3000000000"): the challenge is unsigned, so values over 2^31 stay positive.
        Assert.Equal("8D59C529B94478021BF57D2723731099", Convert.ToHexString(CookieDigest.Compute(new ErlangCookie("secret"), 3_000_000_000)));
    }

    [Fact]
    public void send_name_is_N_flags_creation_and_name()
    {
        var message = HandshakeMessages.EncodeSendName(DistributionFlags.Handshake23 | DistributionFlags.V4Nc, 0x01020304, "a@b");

        Assert.Equal("4E" + "0000000401000000" + "01020304" + "0003" + "614062", Convert.ToHexString(message));
    }

    [Fact]
    public void Our_flags_include_every_mandatory_one_and_never_published()
    {
        var flags = ClientDistributionFlags.Announced;

        Assert.Equal(ClientDistributionFlags.MandatoryOtp25, flags & ClientDistributionFlags.MandatoryOtp25);
        Assert.True(flags.HasFlag(DistributionFlags.UnlinkId | DistributionFlags.V4Nc | DistributionFlags.Mandatory25Digest));
        Assert.False(flags.HasFlag(DistributionFlags.Published));
        Assert.False(flags.HasFlag(DistributionFlags.DistHdrAtomCache));
        Assert.False(flags.HasFlag(DistributionFlags.Fragments));
    }

    [Theory]
    [InlineData("736F6B", "ok")]
    [InlineData("736F6B5F73696D756C74616E656F7573", "ok_simultaneous")]
    [InlineData("736E6F6B", "nok")]
    [InlineData("736E6F745F616C6C6F776564", "not_allowed")]
    [InlineData("73616C697665", "alive")]
    public void Status_messages_are_read(string hex, string status)
    {
        Assert.Equal(new HandshakeStatus(status), HandshakeMessages.ParseStatus(Convert.FromHexString(hex)));
    }

    [Fact]
    public void The_named_status_carries_the_name_and_creation()
    {
        var status = HandshakeMessages.ParseStatus(Convert.FromHexString("736E616D65643A" + "0003" + "614062" + "0000002A"));

        Assert.Equal(new HandshakeStatus("named:", "a@b", 42), status);
    }

    [Fact]
    public void The_challenge_carries_flags_challenge_creation_and_name()
    {
        var challenge = HandshakeMessages.ParseChallenge(Convert.FromHexString("4E" + "0000000401000000" + "B2D05E00" + "00000007" + "0003" + "614062"));

        Assert.Equal(new HandshakeChallenge(DistributionFlags.Handshake23 | DistributionFlags.V4Nc, 3_000_000_000, 7, "a@b"), challenge);
    }

    [Fact]
    public void A_version_5_challenge_is_refused_with_the_reason()
    {
        var error = Assert.Throws<FormatException>(() => HandshakeMessages.ParseChallenge(Convert.FromHexString("6E0005000000000000000000")));

        Assert.Contains("OTP 22 or older", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void challenge_reply_is_r_our_challenge_and_the_digest()
    {
        var digest = Enumerable.Range(1, 16).Select(i => (byte)i).ToArray();

        Assert.Equal("72" + "0000002A" + "0102030405060708090A0B0C0D0E0F10", Convert.ToHexString(HandshakeMessages.EncodeChallengeReply(42, digest)));
    }

    [Fact]
    public void A_challenge_ack_of_the_wrong_size_is_refused()
    {
        var error = Assert.Throws<FormatException>(() => HandshakeMessages.ParseChallengeAck([(byte)'a', 1, 2]));

        Assert.Equal("Expected the challenge acknowledgement ('a' and 16 bytes) but got a 3-byte message starting with byte 97.", error.Message);
    }
}
