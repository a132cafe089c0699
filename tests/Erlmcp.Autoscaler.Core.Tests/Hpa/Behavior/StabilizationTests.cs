using Erlmcp.Autoscaler.Core.Hpa;
using static Erlmcp.Autoscaler.Core.Tests.Hpa.Behavior.UpstreamFixtures;

namespace Erlmcp.Autoscaler.Core.Tests.Hpa.Behavior;

/// <summary>
/// Upstream horizontal_test.go: TestNormalizeDesiredReplicas (stabilizeRecommendation) and
/// TestNormalizeDesiredReplicasWithBehavior (stabilizeRecommendationWithBehaviors).
/// </summary>
public class StabilizationTests
{
    private static TimestampedRecommendation[] Recommendations(params (int Recommendation, int MinutesAgo)[] recommendations) =>
        recommendations.Select(r => new TimestampedRecommendation(r.Recommendation, Ago(r.MinutesAgo * 60))).ToArray();

    public sealed record DownscaleWindowCase(
        string Name,
        TimestampedRecommendation[] Recommendations,
        int PrenormalizedDesiredReplicas,
        int ExpectedStabilizedReplicas,
        int ExpectedLogLength)
    {
        public override string ToString() => Name;
    }

    public static TheoryData<DownscaleWindowCase> DownscaleWindowCases => new()
    {
        new("empty log", Recommendations(), 5, 5, 1),
        new("stabilize", Recommendations((4, 2), (5, 1)), 3, 5, 3),
        new("no stabilize", Recommendations((1, 2), (2, 1)), 3, 3, 3),
        new("no stabilize - old recommendations", Recommendations((10, 10), (9, 9)), 3, 3, 2),
        new("stabilize - old recommendations", Recommendations((10, 10), (4, 1), (5, 2), (9, 9)), 3, 5, 4),
    };

    [Theory]
    [MemberData(nameof(DownscaleWindowCases))]
    public void TestNormalizeDesiredReplicas(DownscaleWindowCase tc)
    {
        var (step, stored) = RecommendationStabilizer.StabilizeWithDownscaleWindow(
            tc.Recommendations, Now, tc.PrenormalizedDesiredReplicas, TimeSpan.FromMinutes(5));

        Assert.Equal(tc.ExpectedStabilizedReplicas, step.StabilizedReplicas);
        Assert.Equal(tc.ExpectedLogLength, stored.Length);
        Assert.Contains(new TimestampedRecommendation(tc.PrenormalizedDesiredReplicas, Now), stored);
    }

    public sealed record BehaviorCase(
        string Name,
        TimestampedRecommendation[] Recommendations,
        int CurrentReplicas,
        int PrenormalizedDesiredReplicas,
        int ExpectedStabilizedReplicas,
        int[]? ExpectedRecommendations,
        int ScaleUpStabilizationWindowSeconds = 0,
        int ScaleDownStabilizationWindowSeconds = 0)
    {
        public override string ToString() => Name;
    }

    public static TheoryData<BehaviorCase> BehaviorCases => new()
    {
        new("empty recommendations for scaling down", Recommendations(), 100, 5, 5, [5]),
        new("simple scale down stabilization", Recommendations((4, 2), (5, 1)), 100, 3, 5, [4, 5, 3],
            ScaleDownStabilizationWindowSeconds: 60 * 3),
        new("simple scale up stabilization", Recommendations((4, 2), (5, 1)), 1, 7, 4, [4, 5, 7],
            ScaleUpStabilizationWindowSeconds: 60 * 5),
        // To apply the scale-down window current must be above the recommendation.
        new("no scale down stabilization", Recommendations((1, 2), (2, 1)), 100, 3, 3, [1, 2, 3],
            ScaleUpStabilizationWindowSeconds: 60 * 5),
        new("no scale up stabilization", Recommendations((4, 2), (5, 1)), 1, 3, 3, [4, 5, 3],
            ScaleDownStabilizationWindowSeconds: 60 * 5),
        new("no scale down stabilization, reuse recommendation element", Recommendations((10, 10), (9, 9)), 100, 3, 3, [10, 3]),
        new("no scale up stabilization, reuse recommendation element", Recommendations((10, 10), (9, 9)), 1, 100, 100, [10, 100]),
        new("scale down stabilization, reuse one of obsolete recommendation element",
            Recommendations((10, 10), (4, 1), (5, 2), (9, 9)), 100, 3, 5, [10, 4, 5, 3],
            ScaleDownStabilizationWindowSeconds: 3 * 60),
        // Only the first recommendation is older than both windows (scale up 300s, scale down 0s here).
        new("scale up stabilization, reuse one of obsolete recommendation element",
            Recommendations((10, 100), (6, 1), (5, 2), (9, 3)), 1, 100, 5, [100, 6, 5, 9],
            ScaleUpStabilizationWindowSeconds: 300),
        new("scale up and down stabilization, do not scale up when prenormalized rec goes down",
            Recommendations((2, 100), (3, 3)), 2, 1, 2, null,
            ScaleUpStabilizationWindowSeconds: 300, ScaleDownStabilizationWindowSeconds: 300),
        new("scale up and down stabilization, do not scale down when prenormalized rec goes up",
            Recommendations((2, 100), (1, 3)), 2, 3, 2, null,
            ScaleUpStabilizationWindowSeconds: 300, ScaleDownStabilizationWindowSeconds: 300),
    };

    [Theory]
    [MemberData(nameof(BehaviorCases))]
    public void TestNormalizeDesiredReplicasWithBehavior(BehaviorCase tc)
    {
        var (step, stored) = RecommendationStabilizer.StabilizeWithBehaviors(
            tc.Recommendations,
            Now,
            tc.CurrentReplicas,
            tc.PrenormalizedDesiredReplicas,
            tc.ScaleUpStabilizationWindowSeconds,
            tc.ScaleDownStabilizationWindowSeconds);

        Assert.Equal(tc.ExpectedStabilizedReplicas, step.StabilizedReplicas);
        if (tc.ExpectedRecommendations is not null)
        {
            Assert.Equal(tc.ExpectedRecommendations, stored.Select(r => r.Recommendation));
        }
    }

    [Fact]
    public void The_trace_names_the_window_and_the_newest_recommendation_that_held_the_scale_down()
    {
        var recommendations = Recommendations((7, 4), (5, 2), (7, 1));

        var (step, _) = RecommendationStabilizer.StabilizeWithBehaviors(recommendations, Now, 10, 3, 0, 300);

        Assert.Equal(7, step.StabilizedReplicas);
        Assert.Equal(StabilizationOutcome.HeldByScaleDownWindow, step.Outcome);
        Assert.Equal(new StabilizationWindowTrace(ScaleDirection.Down, TimeSpan.FromSeconds(300), 7, 3, recommendations[2]), step.ScaleDownWindow);
        Assert.Equal(new StabilizationWindowTrace(ScaleDirection.Up, TimeSpan.Zero, 3, 0, null), step.ScaleUpWindow);
    }

    [Fact]
    public void Windows_that_straddle_the_current_replicas_hold_it()
    {
        var (step, _) = RecommendationStabilizer.StabilizeWithBehaviors(Recommendations((1, 3)), Now, 2, 3, 300, 300);

        Assert.Equal(2, step.StabilizedReplicas);
        Assert.Equal(StabilizationOutcome.HeldAtCurrentReplicas, step.Outcome);
        Assert.Equal(1, step.ScaleUpWindow!.Bound);
        Assert.Equal(3, step.ScaleDownWindow.Bound);
    }

    [Fact]
    public void At_the_cutoff_the_downscale_window_counts_a_recommendation_but_the_behavior_windows_do_not()
    {
        var atCutoff = new[] { new TimestampedRecommendation(9, Ago(300)) };

        var (withoutBehavior, keptWithout) = RecommendationStabilizer.StabilizeWithDownscaleWindow(atCutoff, Now, 3, TimeSpan.FromSeconds(300));
        var (withBehavior, keptWith) = RecommendationStabilizer.StabilizeWithBehaviors(atCutoff, Now, 10, 3, 300, 300);

        Assert.Equal(9, withoutBehavior.StabilizedReplicas);
        Assert.Equal(3, withBehavior.StabilizedReplicas);
        // Neither path calls it stale, so neither reuses its slot.
        Assert.Equal(2, keptWithout.Length);
        Assert.Equal(2, keptWith.Length);
    }
}
