using System.Collections.Concurrent;
using Erlmcp.Autoscaler.Core.Connections;

namespace Erlmcp.Autoscaler.Server.Api.CustomMetrics;

/// <summary>
/// Response bodies of custom metrics queries over the connection store, by request target, reused while the store
/// holds the same values and none of the values they contain has gone stale. The HPA (and every replica of the
/// controller manager) asks the same few queries again and again; at a thousand pods a body is ~200 KB, written once
/// per store change instead of once per request.
/// </summary>
internal sealed class MetricResponseCache(ConnectionStore store, TimeProvider time)
{
    /// <summary>Queries are a handful of HPA targets; beyond this many distinct ones the cache starts over.</summary>
    private const int MaxEntries = 64;

    private readonly ConcurrentDictionary<string, Entry> entries = new(StringComparer.Ordinal);

    /// <summary>The store's values now, to pass back to <see cref="TryGet"/> and <see cref="Add"/>.</summary>
    public ConnectionSnapshot Snapshot() => store.Snapshot(time.GetUtcNow());

    public bool TryGet(string target, ConnectionSnapshot snapshot, out ReadOnlyMemory<byte> body)
    {
        if (entries.TryGetValue(target, out var entry) && entry.Snapshot.HoldsSameValuesAs(snapshot) && snapshot.Now <= entry.FreshUntil)
        {
            body = entry.Body;
            return true;
        }

        body = default;
        return false;
    }

    /// <summary>
    /// Keeps the body computed for <paramref name="target"/> from <paramref name="before"/>, unless the store changed
    /// while it was computed (the body may then hold either state, so it is not kept).
    /// </summary>
    public void Add(string target, ConnectionSnapshot before, ReadOnlySpan<byte> body)
    {
        if (!Snapshot().HoldsSameValuesAs(before))
        {
            return;
        }

        if (entries.Count >= MaxEntries)
        {
            entries.Clear();
        }

        entries[target] = new Entry(before, FreshUntil(before), body.ToArray());
    }

    /// <summary>The moment the first value fresh in the snapshot goes stale: until then, the same values are served.</summary>
    private static DateTimeOffset FreshUntil(ConnectionSnapshot snapshot)
    {
        var until = DateTimeOffset.MaxValue;
        foreach (var pod in snapshot.Pods)
        {
            if (snapshot.IsFresh(pod))
            {
                var expires = pod.Latest!.ObservedAt + snapshot.StalenessBound;
                until = expires < until ? expires : until;
            }
        }

        return until;
    }

    private sealed record Entry(ConnectionSnapshot Snapshot, DateTimeOffset FreshUntil, byte[] Body);
}
