namespace Erlmcp.Autoscaler.Core.Scaling;

/// <summary>Shed this many connections from a donor pod, bringing it from one count to the other.</summary>
internal sealed record RebalanceMove(int Pod, long Count, long From, long To);

/// <summary>
/// Decides whether pods are unbalanced and how many connections to shed from each donor so that they are not,
/// moving as few clients as possible.
/// </summary>
/// <remarks>
/// Balanced means as EMQX's rebalance: the most loaded pod is within the absolute threshold OR within the relative
/// threshold of the least loaded one. Shed clients reconnect to the least-loaded accepting pod, so shedding the
/// donors down to a level H fills the emptiest pods up to a water level L. The higher H, the fewer clients move,
/// and the wider H - L stays; the planner takes the highest H whose spread is within the thresholds.
/// </remarks>
internal static class Rebalancer
{
    public static bool Balanced(long most, long least, RebalanceSettings settings) =>
        most <= least + settings.AbsoluteThreshold || most <= least * settings.RelativeThreshold;

    public static IReadOnlyList<RebalanceMove> Plan(IReadOnlyList<(int Pod, long Count)> pods, RebalanceSettings settings)
    {
        if (pods.Count < 2)
        {
            return [];
        }

        var counts = pods.Select(p => p.Count).Order().ToArray();
        if (Balanced(counts[^1], counts[0], settings))
        {
            return [];
        }

        var average = counts.Sum() / (double)counts.Length;
        var level = HighestBalancedLevel(counts, (long)Math.Ceiling(average), settings);
        return [.. pods.Where(p => p.Count > level).Select(p => new RebalanceMove(p.Pod, p.Count - level, p.Count, level))];
    }

    /// <summary>
    /// The highest donor level in [lowest, max] that leaves the pods balanced. At the ceiling of the average the
    /// pods end up within one connection of each other, which any positive absolute threshold accepts.
    /// </summary>
    private static long HighestBalancedLevel(long[] sortedCounts, long lowest, RebalanceSettings settings)
    {
        long low = lowest, high = sortedCounts[^1];
        while (low < high)
        {
            var mid = low + ((high - low + 1) / 2);
            if (Balanced(mid, WaterLevel(sortedCounts, mid), settings))
            {
                low = mid;
            }
            else
            {
                high = mid - 1;
            }
        }

        return low;
    }

    /// <summary>
    /// The least loaded pod's count once the clients shed from pods above <paramref name="donorLevel"/> have
    /// reconnected, each to the least-loaded pod at the time.
    /// </summary>
    internal static long WaterLevel(long[] sortedCounts, long donorLevel)
    {
        var shed = sortedCounts.Sum(c => Math.Max(0, c - donorLevel));
        long low = sortedCounts[0], high = donorLevel;
        while (low < high)
        {
            var mid = low + ((high - low + 1) / 2);
            var needed = sortedCounts.Sum(c => Math.Max(0, mid - c));
            if (needed <= shed)
            {
                low = mid;
            }
            else
            {
                high = mid - 1;
            }
        }

        return low;
    }
}
