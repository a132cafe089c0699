using Erlmcp.Autoscaler.Erlang.Errors;
using Erlmcp.Autoscaler.Erlang.Terms;
using Erlmcp.Autoscaler.Server.Sources.Erlang;

namespace Erlmcp.Autoscaler.Server.Tests.Sources.Erlang;

public sealed class ScaleAdminProtocolTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 20, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Connection_count_reads_total_and_timestamp()
    {
        var reply = Ok(new ErlangMap((Atom("total"), 1234L), (Atom("ts_ms"), 1_700_000_000_123L), (Atom("limit"), 25_000L)));

        Assert.Equal(new NodeCount(1234, 1_700_000_000_123), ScaleAdminProtocol.ReadConnectionCount(reply));
    }

    [Fact]
    public void Connection_count_error_reply_is_an_error_naming_the_reason()
    {
        var reply = new ErlangTuple(Atom("error"), Atom("not_running"));

        var error = Assert.Throws<ErlangErrorReplyException>(() => ScaleAdminProtocol.ReadConnectionCount(reply));
        Assert.Equal(Atom("not_running"), error.Reason);
    }

    [Fact]
    public void Connection_count_without_ts_ms_is_a_shape_error()
    {
        var error = Assert.Throws<ErlangTermTypeException>(() => ScaleAdminProtocol.ReadConnectionCount(Ok(new ErlangMap((Atom("total"), 3L)))));

        Assert.Contains("total and ts_ms", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Connection_count_with_a_negative_total_is_refused()
    {
        var reply = Ok(new ErlangMap((Atom("total"), -1L), (Atom("ts_ms"), 5L)));

        Assert.Throws<ErlangTermTypeException>(() => ScaleAdminProtocol.ReadConnectionCount(reply));
    }

    [Fact]
    public void A_push_is_read()
    {
        var push = new ErlangTuple(Atom("erlmcp_scale_admin"), Atom("connections"), Atom("erlmcp@erlmcp-0"), 42L, 1_700_000_000_000L);

        Assert.True(ScaleAdminProtocol.TryReadPush(push, out var count));
        Assert.Equal(new NodeCount(42, 1_700_000_000_000), count);
    }

    public static TheoryData<string, ErlangTerm> NotPushes => new()
    {
        { "another tag", new ErlangTuple(Atom("other"), Atom("connections"), Atom("n@h"), 1L, 2L) },
        { "another kind", new ErlangTuple(Atom("erlmcp_scale_admin"), Atom("drained"), Atom("n@h"), 1L, 2L) },
        { "four elements", new ErlangTuple(Atom("erlmcp_scale_admin"), Atom("connections"), Atom("n@h"), 1L) },
        { "node not an atom", new ErlangTuple(Atom("erlmcp_scale_admin"), Atom("connections"), 7L, 1L, 2L) },
        { "negative total", new ErlangTuple(Atom("erlmcp_scale_admin"), Atom("connections"), Atom("n@h"), -1L, 2L) },
        { "total a float", new ErlangTuple(Atom("erlmcp_scale_admin"), Atom("connections"), Atom("n@h"), 1.5, 2L) },
        { "total past 64 bits", new ErlangTuple(Atom("erlmcp_scale_admin"), Atom("connections"), Atom("n@h"), new ErlangInteger(System.Numerics.BigInteger.Pow(2, 70)), 2L) },
        { "an EXIT signal", new ErlangTuple(Atom("EXIT"), Atom("n@h"), Atom("noconnection")) },
        { "an atom", Atom("hello") },
    };

    [Theory]
    [MemberData(nameof(NotPushes))]
    public void Other_messages_are_not_pushes(string what, ErlangTerm message)
    {
        Assert.False(ScaleAdminProtocol.TryReadPush(message, out _), what);
    }

    [Fact]
    public void Observed_at_is_the_node_timestamp_when_the_node_clock_is_behind()
    {
        var stamped = Now.AddMilliseconds(-1500);

        Assert.Equal(stamped, ScaleAdminProtocol.ObservedAt(stamped.ToUnixTimeMilliseconds(), Now));
    }

    [Fact]
    public void Observed_at_is_capped_at_now_when_the_node_clock_is_ahead()
    {
        Assert.Equal(Now, ScaleAdminProtocol.ObservedAt(Now.AddSeconds(5).ToUnixTimeMilliseconds(), Now));
    }

    [Fact]
    public void Subscribe_options_carry_the_interval_in_milliseconds()
    {
        Assert.Equal(new ErlangMap((Atom("min_interval_ms"), 250L)), ScaleAdminProtocol.SubscribeOptions(TimeSpan.FromMilliseconds(250)));
    }

    private static ErlangAtom Atom(string name) => new(name);

    private static ErlangTuple Ok(ErlangTerm value) => new(Atom("ok"), value);
}
