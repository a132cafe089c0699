using Erlmcp.Autoscaler.Erlang.Errors;
using Erlmcp.Autoscaler.Erlang.Terms;

namespace Erlmcp.Autoscaler.Server.Sources.Erlang;

/// <summary>A node's connection total and the node's wall clock when it was counted (ms since the epoch).</summary>
public readonly record struct NodeCount(long Total, long TimestampMs);

/// <summary>
/// What the source says to and reads from a node's <c>erlmcp_scale_admin</c> agent: the <c>connection_count()</c>
/// reply, the <c>subscribe/2</c> options and the pushed <c>{erlmcp_scale_admin, connections, Node, Total, TsMs}</c>.
/// </summary>
public static class ScaleAdminProtocol
{
    public const string Module = "erlmcp_scale_admin";

    private static readonly ErlangAtom Tag = new("erlmcp_scale_admin");
    private static readonly ErlangAtom Connections = new("connections");
    private static readonly ErlangAtom TotalKey = new("total");
    private static readonly ErlangAtom TimestampKey = new("ts_ms");

    /// <summary>The <c>#{min_interval_ms => N}</c> options of <c>subscribe/2</c>.</summary>
    public static ErlangMap SubscribeOptions(TimeSpan minInterval) => new((new ErlangAtom("min_interval_ms"), (long)minInterval.TotalMilliseconds));

    /// <summary>Reads the <c>{ok, #{total, ts_ms, ...}}</c> reply of <c>connection_count()</c>.</summary>
    /// <exception cref="ErlangErrorReplyException">The agent answered <c>{error, Reason}</c>.</exception>
    /// <exception cref="ErlangTermTypeException">The reply has another shape.</exception>
    public static NodeCount ReadConnectionCount(ErlangTerm reply)
    {
        ArgumentNullException.ThrowIfNull(reply);
        var map = reply.UnwrapOk().AsMap();
        if (!map.TryGetValue(TotalKey, out var total) || !map.TryGetValue(TimestampKey, out var timestamp))
        {
            throw new ErlangTermTypeException("a connection_count map with total and ts_ms", map);
        }

        var count = new NodeCount(total.AsLong(), timestamp.AsLong());
        return count.Total >= 0 ? count : throw new ErlangTermTypeException("a total of 0 or more", total);
    }

    /// <summary>Reads a connections push; false for any other message (and for a push with a negative total).</summary>
    public static bool TryReadPush(ErlangTerm message, out NodeCount count)
    {
        ArgumentNullException.ThrowIfNull(message);
        count = default;
        if (message is not ErlangTuple { Count: 5 } push || !push[0].Equals(Tag) || !push[1].Equals(Connections) || push[2] is not ErlangAtom
            || push[3] is not ErlangInteger { IsLong: true } total || push[4] is not ErlangInteger { IsLong: true } timestamp || total.LongValue < 0)
        {
            return false;
        }

        count = new NodeCount(total.LongValue, timestamp.LongValue);
        return true;
    }

    /// <summary>
    /// When a count was observed, on our clock: the node's timestamp, but never later than <paramref name="now"/>.
    /// The node stamps the count when it takes it, which is the truth while the clocks agree (NTP keeps them within
    /// milliseconds). A node whose clock runs ahead would otherwise give values from the future, fresh for longer
    /// than the staleness bound says; capping at our receive time prevents that. A node whose clock runs behind makes
    /// its values look older, so they go stale sooner: the safe side, and the seed logs the skew it sees.
    /// </summary>
    public static DateTimeOffset ObservedAt(long timestampMs, DateTimeOffset now) =>
        DateTimeOffset.FromUnixTimeMilliseconds(Math.Clamp(timestampMs, 0, now.ToUnixTimeMilliseconds()));
}
