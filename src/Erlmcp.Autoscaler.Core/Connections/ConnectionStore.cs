namespace Erlmcp.Autoscaler.Core.Connections;

/// <summary>
/// The latest open-connection count of each erlmcp pod, as sources report them, with the pods' labels as discovery
/// describes them. Values older than <see cref="StalenessBound"/> are not served: a pod without a fresh value is
/// missing, which is what the HPA handles best. Safe for concurrent writers and any number of readers; readers take
/// a <see cref="Snapshot"/> without locking.
/// </summary>
/// <remarks>
/// The pods live in one immutable array sorted by <see cref="PodReference"/>, replaced with a compare-and-swap on
/// every write. A write copies the array (a few kilobytes at a thousand pods, once per push); a read, done for every
/// API request, is a volatile load and a walk over contiguous memory.
/// </remarks>
public sealed class ConnectionStore
{
    private PodConnections[] pods = [];

    public ConnectionStore(TimeSpan stalenessBound)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(stalenessBound, TimeSpan.Zero);
        StalenessBound = stalenessBound;
    }

    /// <summary>The age beyond which a value is no longer served.</summary>
    public TimeSpan StalenessBound { get; }

    /// <summary>How many pods the store holds, with or without a value.</summary>
    public int Count => Volatile.Read(ref pods).Length;

    /// <summary>
    /// Records an observation for the pod, adding the pod (without labels) if the store does not hold it. An
    /// observation older than the one held is ignored, so that a late or replayed report never replaces a newer one.
    /// </summary>
    /// <returns>False when the observation was older than the one held and was ignored.</returns>
    public bool Record(PodReference pod, ConnectionObservation observation)
    {
        ArgumentNullException.ThrowIfNull(observation);
        var accepted = false;
        Update(pod, existing =>
        {
            if (existing?.Latest is { } held && held.ObservedAt > observation.ObservedAt)
            {
                accepted = false;
                return existing;
            }

            accepted = true;
            return existing is null ? PodConnections.Observed(pod, observation) : existing.WithLatest(observation);
        });
        return accepted;
    }

    /// <summary>
    /// Sets the pod's labels and controlling StatefulSet (what pod discovery sees), adding the pod if needed and
    /// keeping its latest observation.
    /// </summary>
    public void DescribePod(PodReference pod, IReadOnlyDictionary<string, string> labels, string? statefulSet)
    {
        ArgumentNullException.ThrowIfNull(labels);
        Update(pod, existing => PodConnections.Described(pod, labels, statefulSet, existing?.Latest));
    }

    /// <summary>Forgets the pod (it was deleted). Returns false when the store did not hold it.</summary>
    public bool Remove(PodReference pod)
    {
        while (true)
        {
            var current = Volatile.Read(ref pods);
            var index = IndexOf(current, pod);
            if (index < 0)
            {
                return false;
            }

            var next = new PodConnections[current.Length - 1];
            Array.Copy(current, next, index);
            Array.Copy(current, index + 1, next, index, current.Length - index - 1);
            if (ReferenceEquals(Interlocked.CompareExchange(ref pods, next, current), current))
            {
                return true;
            }
        }
    }

    /// <summary>What the store holds now, judged fresh or stale at <paramref name="now"/>.</summary>
    public ConnectionSnapshot Snapshot(DateTimeOffset now) => new(Volatile.Read(ref pods), now, StalenessBound);

    private void Update(PodReference pod, Func<PodConnections?, PodConnections> change)
    {
        while (true)
        {
            var current = Volatile.Read(ref pods);
            var index = IndexOf(current, pod);
            var existing = index >= 0 ? current[index] : null;
            var replacement = change(existing);
            if (ReferenceEquals(replacement, existing))
            {
                return;
            }

            PodConnections[] next;
            if (index >= 0)
            {
                next = (PodConnections[])current.Clone();
                next[index] = replacement;
            }
            else
            {
                var at = ~index;
                next = new PodConnections[current.Length + 1];
                Array.Copy(current, next, at);
                next[at] = replacement;
                Array.Copy(current, at, next, at + 1, current.Length - at);
            }

            if (ReferenceEquals(Interlocked.CompareExchange(ref pods, next, current), current))
            {
                return;
            }
        }
    }

    internal static int IndexOf(PodConnections[] sorted, PodReference pod)
    {
        int low = 0, high = sorted.Length - 1;
        while (low <= high)
        {
            var middle = low + ((high - low) / 2);
            var order = sorted[middle].Pod.CompareTo(pod);
            if (order == 0)
            {
                return middle;
            }

            if (order < 0)
            {
                low = middle + 1;
            }
            else
            {
                high = middle - 1;
            }
        }

        return ~low;
    }
}
