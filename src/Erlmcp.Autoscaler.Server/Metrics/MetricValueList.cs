using System.Buffers;

namespace Erlmcp.Autoscaler.Server.Metrics;

/// <summary>
/// Custom metric values answering one query, in a buffer rented from the shared array pool: a thousand values would
/// otherwise be a large-object allocation on every request. Dispose it once written.
/// </summary>
public sealed class MetricValueList : IDisposable
{
    private MetricValue[] items;
    private int count;

    public MetricValueList(int capacity = 4)
    {
        items = ArrayPool<MetricValue>.Shared.Rent(Math.Max(capacity, 1));
    }

    public int Count => count;

    public ReadOnlySpan<MetricValue> Items => items.AsSpan(0, count);

    public void Add(in MetricValue value)
    {
        if (count == items.Length)
        {
            var larger = ArrayPool<MetricValue>.Shared.Rent(items.Length * 2);
            items.AsSpan(0, count).CopyTo(larger);
            Return();
            items = larger;
        }

        items[count++] = value;
    }

    public void Dispose()
    {
        Return();
        items = [];
        count = 0;
    }

    private void Return()
    {
        if (items.Length > 0)
        {
            // The values hold references (names, selectors): clear them so the pool keeps nothing alive.
            ArrayPool<MetricValue>.Shared.Return(items, clearArray: true);
        }
    }
}
