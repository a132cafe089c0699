namespace Erlmcp.Autoscaler.Simulation.Tuning;

/// <summary>The settings no other setting beats on both cost and harm.</summary>
public static class ParetoFrontier
{
    /// <summary>
    /// The indices of the points no other point dominates (costs no more, harms no more, and is better on one),
    /// cheapest first (then least harm, then index). Points equal on both are all kept: neither dominates.
    /// </summary>
    public static IReadOnlyList<int> Of(IReadOnlyList<(double Cost, double Harm)> points)
    {
        ArgumentNullException.ThrowIfNull(points);
        var order = Enumerable.Range(0, points.Count)
            .OrderBy(i => points[i].Cost).ThenBy(i => points[i].Harm).ThenBy(i => i)
            .ToList();
        var frontier = new List<int>();
        // Walking cheapest first, a point is on the frontier when it harms less than every cheaper point kept, or
        // ties the last kept point exactly (an equal point).
        var leastHarm = double.PositiveInfinity;
        (double Cost, double Harm)? last = null;
        foreach (var i in order)
        {
            var point = points[i];
            if (point.Harm < leastHarm || point == last)
            {
                frontier.Add(i);
                leastHarm = Math.Min(leastHarm, point.Harm);
                last = point;
            }
        }

        return frontier;
    }
}
