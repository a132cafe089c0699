namespace Erlmcp.Autoscaler.Server.Security;

/// <summary>
/// A bounded cache whose entries expire, for review answers (TokenReview, SubjectAccessReview): at most
/// <c>capacity</c> entries, the least recently used one evicted first. Thread-safe; time comes from the caller.
/// </summary>
internal sealed class ExpiringCache<TKey, TValue>(int capacity)
    where TKey : notnull
{
    private readonly Lock gate = new();
    private readonly Dictionary<TKey, LinkedListNode<Entry>> entries = [];
    private readonly LinkedList<Entry> recency = new();

    public int Count
    {
        get
        {
            lock (gate)
            {
                return entries.Count;
            }
        }
    }

    public bool TryGet(TKey key, DateTimeOffset now, out TValue value)
    {
        lock (gate)
        {
            if (entries.TryGetValue(key, out var node))
            {
                if (now < node.Value.Expires)
                {
                    recency.Remove(node);
                    recency.AddFirst(node);
                    value = node.Value.Value;
                    return true;
                }

                recency.Remove(node);
                entries.Remove(key);
            }
        }

        value = default!;
        return false;
    }

    /// <summary>Keeps <paramref name="value"/> until <paramref name="expires"/>; a non-positive lifetime keeps nothing.</summary>
    public void Set(TKey key, TValue value, DateTimeOffset now, TimeSpan lifetime)
    {
        if (lifetime <= TimeSpan.Zero)
        {
            return;
        }

        lock (gate)
        {
            if (entries.Remove(key, out var existing))
            {
                recency.Remove(existing);
            }

            entries[key] = recency.AddFirst(new Entry(key, value, now + lifetime));
            if (entries.Count > capacity)
            {
                entries.Remove(recency.Last!.Value.Key);
                recency.RemoveLast();
            }
        }
    }

    private sealed record Entry(TKey Key, TValue Value, DateTimeOffset Expires);
}
