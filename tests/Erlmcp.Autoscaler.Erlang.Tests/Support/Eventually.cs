using System.Diagnostics;

namespace Erlmcp.Autoscaler.Erlang.Tests.Support;

/// <summary>Polls a condition of a real node or socket until it holds.</summary>
internal static class Eventually
{
    public static readonly TimeSpan DefaultPatience = TimeSpan.FromSeconds(30);

    /// <summary>Waits until <paramref name="condition"/> is true, polling every 20 ms; fails after the patience, naming <paramref name="what"/>.</summary>
    public static async Task HoldsAsync(string what, Func<Task<bool>> condition, TimeSpan? patience = null)
    {
        var limit = patience ?? DefaultPatience;
        var waited = Stopwatch.StartNew();
        while (!await condition())
        {
            if (waited.Elapsed > limit)
            {
                throw new TimeoutException($"{what} did not hold within {limit.TotalSeconds} s.");
            }

            await Task.Delay(20);
        }
    }
}
