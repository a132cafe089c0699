using Erlmcp.Autoscaler.Core.Hpa;
using static Erlmcp.Autoscaler.Core.Tests.Hpa.Behavior.UpstreamFixtures;

namespace Erlmcp.Autoscaler.Core.Tests.Hpa.Behavior;

/// <summary>
/// Upstream horizontal_test.go: TestConvertDesiredReplicasWithRules, TestCalculateScaleUpLimitWithScalingRules,
/// TestCalculateScaleDownLimitWithBehaviors and TestScalingWithRules (convertDesiredReplicasWithBehaviorRate).
/// </summary>
public class ScalingPolicyLimitsTests
{
    private static readonly HpaScalingPolicy[] PodsTwoAndPercentFiftyPerMinute =
    [
        new(ScalingPolicyType.Pods, 2, 60),
        new(ScalingPolicyType.Percent, 50, 60),
    ];

    [Fact]
    public void TestCalculateScaleUpLimitWithScalingRules()
    {
        var rules = new ResolvedScalingRules(300, ScalingPolicySelect.Min, PodsTwoAndPercentFiftyPerMinute, null);

        var limit = ScalingPolicyLimits.CalculateScaleUpLimitWithScalingRules(1, [], [], rules, Now);

        Assert.Equal(2, limit.SelectedLimit);
    }

    [Fact]
    public void TestCalculateScaleDownLimitWithBehaviors()
    {
        var rules = new ResolvedScalingRules(300, ScalingPolicySelect.Min, PodsTwoAndPercentFiftyPerMinute, null);

        var limit = ScalingPolicyLimits.CalculateScaleDownLimitWithBehaviors(5, [], [], rules, Now);

        Assert.Equal(3, limit.SelectedLimit);
    }

    public sealed record ConversionCase(
        string Annotation,
        int CurrentReplicas,
        int ExpectedDesiredReplicas,
        int HpaMinReplicas,
        int HpaMaxReplicas,
        int ExpectedConvertedDesiredReplicas,
        string ExpectedCondition)
    {
        public override string ToString() => Annotation;
    }

    public static TheoryData<ConversionCase> ConversionCases => new()
    {
        new("prenormalized desired replicas within range", 5, 7, 3, 8, 7, "DesiredWithinRange"),
        new("prenormalized desired replicas < minReplicas", 3, 1, 2, 8, 2, "TooFewReplicas"),
        new("prenormalized desired zeroed replicas within range", 1, 0, 0, 10, 0, "DesiredWithinRange"),
        new("maxReplicas is the limit because maxReplicas < scaleUpLimit", 20, 1000, 1, 10, 10, "TooManyReplicas"),
        // Upstream's test raises the factor to 8 and expects calculateScaleUpLimit(3); at the real factor 2 that is 6.
        new("scaleUpLimit is the limit because scaleUpLimit < maxReplicas", 3, 1000, 1, 2000, 6, "ScaleUpLimit"),
    };

    [Theory]
    [MemberData(nameof(ConversionCases))]
    public void TestConvertDesiredReplicasWithRules(ConversionCase tc)
    {
        var (clamp, _) = ScalingPolicyLimits.ConvertDesiredReplicasWithRules(
            tc.CurrentReplicas, tc.ExpectedDesiredReplicas, tc.HpaMinReplicas, tc.HpaMaxReplicas);

        Assert.Equal(tc.ExpectedConvertedDesiredReplicas, clamp.Result);
        Assert.Equal(tc.ExpectedCondition, clamp.Reason);
    }

    public sealed record ScalingCase(
        string Name,
        int CurrentReplicas,
        int PrenormalizedDesiredReplicas,
        int SpecMinReplicas,
        int SpecMaxReplicas,
        int ExpectedReplicas,
        string ExpectedCondition,
        HpaScalingRules? ScaleUpRules = null,
        HpaScalingRules? ScaleDownRules = null,
        TimestampedScaleEvent[]? ScaleUpEvents = null,
        TimestampedScaleEvent[]? ScaleDownEvents = null)
    {
        public override string ToString() => Name;
    }

    private static TimestampedScaleEvent[] Uniform(int[] rawEvents, int periodSeconds) =>
        GenerateEventsUniformDistribution(rawEvents, periodSeconds);

    public static TheoryData<ScalingCase> ScalingCases => new()
    {
        new("prenormalized desired replicas within range", 5, 7, 3, 8, 7, "DesiredWithinRange"),
        new("prenormalized desired replicas < minReplicas", 3, 1, 2, 8, 2, "TooFewReplicas"),
        new("prenormalized desired replicas within range when minReplicas is 0", 1, 0, 0, 10, 0, "DesiredWithinRange"),
        new("maxReplicas is the limit because maxReplicas < scaleUpLimit", 20, 1000, 1, 10, 10, "TooManyReplicas"),
        new("desired replica count is more than the maximum replica count", 100, 1000, 100, 150, 150, "TooManyReplicas"),
        new("scaleUpLimit is the limit because scaleUpLimit < maxReplicas with user policies", 3, 1000, 1, 2000, 4, "ScaleUpLimit",
            ScaleUpRules: GenerateScalingRules(0, 0, 1, 60, 0)),
        // ScaleUp without PeriodSeconds usage
        new("scaleUp with default behavior", 10, 50, 1, 1000, 20, "ScaleUpLimit"),
        new("scaleUp with pods policy larger than percent policy", 10, 500, 1, 1000, 110, "ScaleUpLimit",
            ScaleUpRules: GenerateScalingRules(100, 60, 100, 60, 0)),
        new("scaleUp with percent policy larger than pods policy", 10, 500, 1, 1000, 20, "ScaleUpLimit",
            ScaleUpRules: GenerateScalingRules(2, 60, 100, 60, 0)),
        new("scaleUp with spec MaxReplicas limitation with large pod policy", 10, 50, 1, 1000, 50, "DesiredWithinRange",
            ScaleUpRules: GenerateScalingRules(100, 60, 0, 0, 0)),
        new("scaleUp with spec MaxReplicas limitation with large percent policy", 10, 50, 1, 1000, 50, "DesiredWithinRange",
            ScaleUpRules: GenerateScalingRules(10000, 60, 0, 0, 0)),
        new("scaleUp with pod policy limitation", 10, 50, 1, 1000, 40, "ScaleUpLimit",
            ScaleUpRules: GenerateScalingRules(30, 60, 0, 0, 0)),
        new("scaleUp with percent policy limitation", 10, 50, 1, 1000, 30, "ScaleUpLimit",
            ScaleUpRules: GenerateScalingRules(0, 0, 200, 60, 0)),
        new("scaleDown with percent policy larger than pod policy", 100, 2, 1, 1000, 80, "ScaleDownLimit",
            ScaleDownRules: GenerateScalingRules(20, 60, 1, 60, 300)),
        new("scaleDown with pod policy larger than percent policy", 100, 2, 1, 1000, 98, "ScaleDownLimit",
            ScaleDownRules: GenerateScalingRules(2, 60, 1, 60, 300)),
        new("scaleDown with spec MinReplicas limitation with large pod policy", 10, 0, 1, 1000, 1, "TooFewReplicas",
            ScaleDownRules: GenerateScalingRules(100, 60, 0, 0, 300)),
        new("scaleDown with spec MinReplicas limitation with large percent policy", 10, 2, 5, 1000, 5, "TooFewReplicas",
            ScaleDownRules: GenerateScalingRules(0, 0, 100, 60, 300)),
        new("scaleDown with pod policy limitation", 10, 2, 1, 1000, 5, "ScaleDownLimit",
            ScaleDownRules: GenerateScalingRules(5, 60, 0, 0, 300)),
        new("scaleDown with percent policy limitation", 10, 5, 1, 1000, 5, "DesiredWithinRange",
            ScaleDownRules: GenerateScalingRules(0, 0, 50, 60, 300)),
        // 200 < 100 - 15 + 300
        new("scaleUp with spec MaxReplicas limitation with large pod policy and events", 100, 500, 1, 200, 200, "TooManyReplicas",
            ScaleUpRules: GenerateScalingRules(300, 60, 0, 0, 0), ScaleUpEvents: Uniform([1, 5, 9], 120)),
        new("scaleUp with spec MaxReplicas limitation with large percent policy and events", 100, 500, 1, 200, 200, "TooManyReplicas",
            ScaleUpRules: GenerateScalingRules(0, 0, 10000, 60, 0), ScaleUpEvents: Uniform([1, 5, 9], 120)),
        // Corner case: the pod policy changed after many scale-ups; 120s ago there were 100 - 15 replicas and the
        // policy allows 5 more, which is below the current 100: hold, do not scale down.
        new("scaleUp with currentReplicas limitation with rate.PeriodSeconds with a lot of recent scale up events", 100, 500, 1, 1000, 100, "ScaleUpLimit",
            ScaleUpRules: GenerateScalingRules(5, 120, 0, 0, 0), ScaleUpEvents: Uniform([1, 5, 9], 120)),
        // 100 - 15 + 150
        new("scaleUp with pod policy and previous scale up events", 100, 500, 1, 1000, 235, "ScaleUpLimit",
            ScaleUpRules: GenerateScalingRules(150, 120, 0, 0, 0), ScaleUpEvents: Uniform([1, 5, 9], 120)),
        // (100 - 15) + 200%
        new("scaleUp with percent policy and previous scale up events", 100, 500, 1, 1000, 255, "ScaleUpLimit",
            ScaleUpRules: GenerateScalingRules(0, 0, 200, 120, 0), ScaleUpEvents: Uniform([1, 5, 9], 120)),
        new("scaleUp with percent policy and previous scale up and down events", 6, 24, 1, 1000, 16, "ScaleUpLimit",
            ScaleUpRules: GenerateScalingRules(0, 0, 300, 300, 0), ScaleUpEvents: Uniform([4], 120), ScaleDownEvents: Uniform([2], 120)),
        // ScaleDown with PeriodSeconds usage; without scale-down rate limitations the period does not matter.
        new("scaleDown with default policy and previous events", 10, 5, 1, 1000, 5, "DesiredWithinRange",
            ScaleDownEvents: Uniform([1, 5, 9], 120)),
        new("scaleDown with spec MinReplicas=nil limitation with large pod policy and previous events", 100, 0, 1, 1000, 1, "TooFewReplicas",
            ScaleDownRules: GenerateScalingRules(115, 120, 0, 0, 300), ScaleDownEvents: Uniform([1, 5, 9], 120)),
        new("scaleDown with spec MinReplicas limitation with large pod policy and previous events", 100, 0, 5, 1000, 5, "TooFewReplicas",
            ScaleDownRules: GenerateScalingRules(130, 120, 0, 0, 300), ScaleDownEvents: Uniform([1, 5, 9], 120)),
        // 100% removal is always to 0, so MinReplicas limits.
        new("scaleDown with spec MinReplicas limitation with large percent policy and previous events", 100, 2, 5, 1000, 5, "TooFewReplicas",
            ScaleDownRules: GenerateScalingRules(0, 0, 100, 120, 300), ScaleDownEvents: Uniform([1, 5, 9], 120)),
        // 100 + 15 - 5
        new("scaleDown with pod policy limitation and previous events", 100, 2, 1, 1000, 100, "ScaleDownLimit",
            ScaleDownRules: GenerateScalingRules(5, 120, 0, 0, 300), ScaleDownEvents: Uniform([1, 5, 9], 120)),
        // (100 + 12) - 50%
        new("scaleDown with percent policy limitation and previous events", 100, 0, 1, 1000, 56, "ScaleDownLimit",
            ScaleDownRules: GenerateScalingRules(0, 0, 50, 120, 300), ScaleDownEvents: Uniform([2, 4, 6], 120)),
        new("scaleDown with percent policy and previous scale up and down events", 10, 1, 1, 1000, 6, "ScaleDownLimit",
            ScaleDownRules: GenerateScalingRules(0, 0, 50, 180, 0), ScaleUpEvents: Uniform([2], 120), ScaleDownEvents: Uniform([4], 120)),
        // Corner case: (100 + 30) - 10% = 117 is above the current 100: hold, do not scale up.
        new("scaleDown with previous events preventing further scale down", 100, 0, 1, 1000, 100, "ScaleDownLimit",
            ScaleDownRules: GenerateScalingRules(0, 0, 10, 120, 300), ScaleDownEvents: Uniform([10, 10, 10], 120)),
        // (10 + 30) - 1000% = -360 is below 0 and below the 5 the metrics want: 5.
        new("scaleDown with with previous events still allowing more scale down", 10, 5, 1, 1000, 5, "DesiredWithinRange",
            ScaleDownRules: GenerateScalingRules(0, 0, 1000, 120, 300), ScaleDownEvents: Uniform([10, 10, 10], 120)),
        new("check 'outdated' flag for events for one behavior for up", 100, 200, 1, 1000, 200, "DesiredWithinRange",
            ScaleUpRules: GenerateScalingRules(1000, 60, 0, 0, 0), ScaleUpEvents: Uniform([8, 12, 9, 11], 120)),
        new("check that events were not marked 'outdated' for two different policies in the behavior for up", 100, 200, 1, 1000, 200, "DesiredWithinRange",
            ScaleUpRules: GenerateScalingRules(1000, 120, 100, 60, 0), ScaleUpEvents: Uniform([8, 12, 9, 11], 120)),
        new("check that events were marked 'outdated' for two different policies in the behavior for up", 100, 200, 1, 1000, 200, "DesiredWithinRange",
            ScaleUpRules: GenerateScalingRules(1000, 30, 100, 60, 0), ScaleUpEvents: Uniform([8, 12, 9, 11], 120)),
        new("check 'outdated' flag for events for one behavior for down", 100, 5, 1, 1000, 5, "DesiredWithinRange",
            ScaleDownRules: GenerateScalingRules(1000, 60, 0, 0, 300), ScaleDownEvents: Uniform([8, 12, 9, 11], 120)),
        new("check that events were not marked 'outdated' for two different policies in the behavior for down", 100, 5, 1, 1000, 5, "DesiredWithinRange",
            ScaleDownRules: GenerateScalingRules(1000, 120, 100, 60, 300), ScaleDownEvents: Uniform([8, 12, 9, 11], 120)),
        new("check that events were marked 'outdated' for two different policies in the behavior for down", 100, 5, 1, 1000, 5, "DesiredWithinRange",
            ScaleDownRules: GenerateScalingRules(1000, 30, 100, 60, 300), ScaleDownEvents: Uniform([8, 12, 9, 11], 120)),
    };

    [Theory]
    [MemberData(nameof(ScalingCases))]
    public void TestScalingWithRules(ScalingCase tc)
    {
        var history = new HpaHistory([], tc.ScaleUpEvents ?? [], tc.ScaleDownEvents ?? []);

        var (clamp, _) = ScalingPolicyLimits.ConvertDesiredReplicasWithBehaviorRate(
            Now,
            tc.CurrentReplicas,
            tc.PrenormalizedDesiredReplicas,
            tc.SpecMinReplicas,
            tc.SpecMaxReplicas,
            history,
            ScalingRulesDefaults.ScaleUp(tc.ScaleUpRules),
            ScalingRulesDefaults.ScaleDown(tc.ScaleDownRules));

        Assert.Equal(tc.ExpectedReplicas, clamp.Result);
        Assert.Equal(tc.ExpectedCondition, clamp.Reason);
    }

    [Fact]
    public void The_uniform_event_fixture_places_events_as_upstream_does()
    {
        Assert.Equal(new[] { Ago(100), Ago(60), Ago(20) }, Uniform([1, 5, 9], 120).Select(e => e.Timestamp));
        Assert.Equal(new[] { Ago(105), Ago(75), Ago(45), Ago(15) }, Uniform([8, 12, 9, 11], 120).Select(e => e.Timestamp));
        Assert.Equal(new[] { Ago(60) }, Uniform([4], 120).Select(e => e.Timestamp));
    }

    [Fact]
    public void A_percent_policy_rounds_as_upstream_float64_does()
    {
        // 25 * (1 + 12/100) is 28.000000000000004 in float64, so upstream allows 29, not 28.
        var rules = new ResolvedScalingRules(0, ScalingPolicySelect.Max, [new(ScalingPolicyType.Percent, 12, 60)], null);

        var limit = ScalingPolicyLimits.CalculateScaleUpLimitWithScalingRules(25, [], [], rules, Now);

        Assert.Equal(29, limit.Limit);
    }

    [Fact]
    public void The_rate_limit_trace_lists_each_policy_with_the_events_it_counted()
    {
        var rules = ScalingRulesDefaults.ScaleDown(GenerateScalingRules(2, 60, 50, 180, 0));
        var scaleUps = Uniform([2], 120);
        var scaleDowns = Uniform([1, 5, 9], 120);

        var limit = ScalingPolicyLimits.CalculateScaleDownLimitWithBehaviors(10, scaleUps, scaleDowns, rules, Now);

        // Pods 2/60s counts the scale-down 20s ago (the one 60s ago sits at the cutoff); Percent 50/180s counts all.
        Assert.Equal(
            new[]
            {
                new PolicyProposal(rules.Policies[0], 0, 0, 1, 9, 19, 17),
                new PolicyProposal(rules.Policies[1], 1, 2, 3, 15, 23, 11),
            },
            limit.Proposals);
        Assert.Equal(1, limit.AppliedPolicyIndex);
        Assert.Equal(11, limit.SelectedLimit);
        Assert.Equal(10, limit.Limit);
    }

    [Fact]
    public void Disabled_holds_the_current_replicas_without_evaluating_policies()
    {
        var rules = new ResolvedScalingRules(0, ScalingPolicySelect.Disabled, [new(ScalingPolicyType.Pods, 100, 15)], null);

        var up = ScalingPolicyLimits.CalculateScaleUpLimitWithScalingRules(7, [], [], rules, Now);
        var down = ScalingPolicyLimits.CalculateScaleDownLimitWithBehaviors(7, [], [], rules, Now);

        Assert.Equal((7, 7), (up.SelectedLimit, up.Limit));
        Assert.Equal((7, 7), (down.SelectedLimit, down.Limit));
        Assert.Empty(up.Proposals);
        Assert.Null(up.AppliedPolicyIndex);
    }
}
