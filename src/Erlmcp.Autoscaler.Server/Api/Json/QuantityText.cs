using System.Collections.Concurrent;
using System.Text;
using Erlmcp.Autoscaler.Core.Quantities;

namespace Erlmcp.Autoscaler.Server.Api.Json;

/// <summary>
/// Canonical quantity text in UTF-8 for the response path. Formatting through the Core's exact arithmetic costs a
/// fraction of a microsecond per value, a thousand times per pods query, and connection counts repeat: the text of
/// DecimalSI values that are whole thousandths is kept by value (up to a bound), the rest formatted each time.
/// </summary>
internal static class QuantityText
{
    private const int MaxCached = 1 << 16;
    private static readonly ConcurrentDictionary<long, byte[]> ByMilliValue = new();
    private static int cached;

    public static ReadOnlySpan<byte> Utf8(Quantity quantity)
    {
        if (quantity.Format == QuantityFormat.DecimalSI)
        {
            var milli = quantity.MilliValue();
            if (milli is > long.MinValue and < long.MaxValue && Quantity.FromMilli(milli) == quantity)
            {
                if (ByMilliValue.TryGetValue(milli, out var text))
                {
                    return text;
                }

                text = Encoding.UTF8.GetBytes(quantity.ToString());
                if (Interlocked.Increment(ref cached) <= MaxCached)
                {
                    ByMilliValue.TryAdd(milli, text);
                }

                return text;
            }
        }

        return Encoding.UTF8.GetBytes(quantity.ToString());
    }
}
