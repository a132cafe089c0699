using Erlmcp.Autoscaler.Simulation.Tuning;

namespace Erlmcp.Autoscaler.Simulation.Tests.Tuning;

public class ParetoFrontierTests
{
    public static TheoryData<string, (double, double)[], int[]> Cases => new()
    {
        { "empty", [], [] },
        { "one point", [(5, 5)], [0] },
        { "a trade-off keeps both, cheapest first", [(10, 0), (5, 3)], [1, 0] },
        { "cheaper and less harm dominates", [(5, 1), (6, 2)], [0] },
        { "same cost, less harm dominates", [(5, 2), (5, 1)], [1] },
        { "same harm, cheaper dominates", [(6, 1), (5, 1)], [1] },
        { "equal points are both kept", [(5, 1), (5, 1), (6, 0)], [0, 1, 2] },
        { "a point inside the staircase is dropped", [(1, 9), (4, 4), (9, 1), (5, 5), (10, 0), (9, 2)], [0, 1, 2, 4] },
        { "zero harm at the top ends the frontier", [(3, 0), (4, 0), (1, 7), (2, 8)], [2, 0] },
        { "order of input does not matter", [(9, 1), (1, 9), (4, 4)], [1, 2, 0] },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Frontier_is_the_undominated_points_cheapest_first(string name, (double, double)[] points, int[] frontier)
    {
        Assert.NotNull(name);
        Assert.Equal(frontier, ParetoFrontier.Of(points));
    }
}
