using Erlmcp.Autoscaler.Core.Scaling;

namespace Erlmcp.Autoscaler.Core.Tests.Scaling;

public sealed class RebalancerTests
{
    private static readonly RebalanceSettings Emqx = new() { AbsoluteThreshold = 1_000, RelativeThreshold = 1.1 };

    [Theory]
    [InlineData(10_900, 10_000, true)]  // within 1,000
    [InlineData(11_000, 10_000, true)]  // exactly 1,000 above, and exactly x1.1
    [InlineData(11_001, 10_000, false)] // beyond both
    [InlineData(21_500, 20_000, true)]  // 1,500 above but within x1.1
    [InlineData(1_001, 0, false)]       // an empty pod: no ratio helps
    [InlineData(1_000, 0, true)]
    public void Pods_are_balanced_within_the_absolute_or_the_relative_threshold(long most, long least, bool balanced) =>
        Assert.Equal(balanced, Rebalancer.Balanced(most, least, Emqx));

    /// <summary>Counts by ordinal, and the moves as (donor, shed, from, to).</summary>
    public static TheoryData<string, long[], RebalanceSettings, (int, long, long, long)[]> Plans => new()
    {
        // 10,500 is within 1,000 of the 9,500 the new pods fill to; 10,501 is not.
        { "two new empty pods", [20_000, 20_000, 0, 0], Emqx, [(0, 9_500, 20_000, 10_500), (1, 9_500, 20_000, 10_500)] },
        { "one new pod among three", [15_000, 15_000, 0], Emqx, [(0, 4_667, 15_000, 10_333), (1, 4_667, 15_000, 10_333)] },
        { "balanced by the absolute threshold", [10_000, 10_900], Emqx, [] },
        { "balanced by the relative threshold", [20_000, 21_500], Emqx, [] },
        // At 11,261 the recipient has 10,239, and 10,239 x 1.1 = 11,262.9: the ratio lets the donor keep more than
        // the absolute threshold would (11,250).
        { "the relative threshold decides the level", [10_000, 11_500], Emqx, [(1, 239, 11_500, 11_261)] },
        { "a single pod", [25_000], Emqx, [] },
        { "no pods", [], Emqx, [] },
        // Pod 0 down to 9,500 fills pod 3 to 8,500: within 1,000, and pods 1 and 2 are untouched.
        { "only the top pod donates", [12_000, 9_000, 9_000, 6_000], Emqx with { RelativeThreshold = 1.0 }, [(0, 2_500, 12_000, 9_500)] },
        { "two apart with the tightest thresholds", [3, 1], new RebalanceSettings { AbsoluteThreshold = 1, RelativeThreshold = 1.0 }, [(0, 1, 3, 2)] },
    };

    [Theory]
    [MemberData(nameof(Plans))]
    public void The_donors_shed_down_to_the_highest_level_that_leaves_the_pods_balanced(
        string name, long[] counts, RebalanceSettings settings, (int, long, long, long)[] moves)
    {
        Assert.NotEmpty(name);
        Assert.Equal(moves, Rebalancer.Plan([.. counts.Select((c, i) => (i, c))], settings).Select(m => (m.Pod, m.Count, m.From, m.To)));
    }

    [Theory]
    [InlineData(new long[] { 0, 0, 20_000, 20_000 }, 10_500, 9_500)]
    [InlineData(new long[] { 0, 5_000, 20_000 }, 15_000, 5_000)]
    [InlineData(new long[] { 0, 5_000, 20_000 }, 20_000, 0)]
    [InlineData(new long[] { 7, 7 }, 7, 7)]
    public void Shed_clients_fill_the_least_loaded_pods_first(long[] sortedCounts, long donorLevel, long waterLevel) =>
        Assert.Equal(waterLevel, Rebalancer.WaterLevel(sortedCounts, donorLevel));
}
