using System.Diagnostics.CodeAnalysis;

namespace Erlmcp.Autoscaler.Core.Connections;

/// <summary>
/// The store's pods at one moment, with the time the snapshot judges freshness at. A value is fresh while its age
/// is at most the staleness bound (a value from a source whose clock runs ahead is fresh). Taking and reading a
/// snapshot allocates nothing.
/// </summary>
public readonly struct ConnectionSnapshot
{
    private readonly PodConnections[] pods;

    internal ConnectionSnapshot(PodConnections[] pods, DateTimeOffset now, TimeSpan stalenessBound)
    {
        this.pods = pods;
        Now = now;
        StalenessBound = stalenessBound;
    }

    public DateTimeOffset Now { get; }

    public TimeSpan StalenessBound { get; }

    /// <summary>Every pod held, fresh, stale or without a value, by namespace then name.</summary>
    public ReadOnlySpan<PodConnections> Pods => pods;

    /// <summary>
    /// True when both snapshots were taken between the same two writes: they hold the same values (their
    /// <see cref="Now"/> may differ, and with it which values are fresh).
    /// </summary>
    public bool HoldsSameValuesAs(ConnectionSnapshot other) => ReferenceEquals(pods, other.pods);

    /// <summary>The pods held in one namespace, by name (an empty span when there are none).</summary>
    public ReadOnlySpan<PodConnections> InNamespace(string @namespace)
    {
        ArgumentNullException.ThrowIfNull(@namespace);
        var all = (pods ?? []).AsSpan();
        var start = LowerBound(all, @namespace);
        var end = start;
        while (end < all.Length && string.Equals(all[end].Pod.Namespace, @namespace, StringComparison.Ordinal))
        {
            end++;
        }

        return all[start..end];
    }

    /// <summary>The pod's latest observation when it is fresh.</summary>
    public bool TryGetFresh(PodReference pod, [NotNullWhen(true)] out PodConnections? entry)
    {
        var index = ConnectionStore.IndexOf(pods ?? [], pod);
        entry = index >= 0 && IsFresh(pods![index]) ? pods[index] : null;
        return entry is not null;
    }

    /// <summary>True when the pod has an observation that is at most <see cref="StalenessBound"/> old.</summary>
    public bool IsFresh(PodConnections entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return entry.Latest is { } latest && latest.AgeAt(Now) <= StalenessBound;
    }

    /// <summary>
    /// For each source that reported a value still held, the newest value's time and age, and how many pods have a
    /// fresh or stale value from it; by source name.
    /// </summary>
    public IReadOnlyList<SourceFreshness> Sources()
    {
        var bySource = new SortedDictionary<string, SourceFreshness>(StringComparer.Ordinal);
        foreach (var entry in pods ?? [])
        {
            if (entry.Latest is not { } latest)
            {
                continue;
            }

            var fresh = IsFresh(entry);
            bySource[latest.Source] = bySource.TryGetValue(latest.Source, out var seen)
                ? seen.Add(latest.ObservedAt, fresh, Now)
                : SourceFreshness.First(latest.Source, latest.ObservedAt, fresh, Now);
        }

        return [.. bySource.Values];
    }

    private static int LowerBound(ReadOnlySpan<PodConnections> sorted, string @namespace)
    {
        int low = 0, high = sorted.Length;
        while (low < high)
        {
            var middle = low + ((high - low) / 2);
            if (string.CompareOrdinal(sorted[middle].Pod.Namespace, @namespace) < 0)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        return low;
    }
}
