using Erlmcp.Autoscaler.Core.Hpa;

namespace Erlmcp.Autoscaler.Core.Tests.Hpa.Behavior;

/// <summary>Upstream pkg/apis/autoscaling/v2/defaults_test.go: TestGenerateScaleDownRules, TestGenerateScaleUpRules.</summary>
public class ScalingRulesDefaultsTests
{
    public sealed record RulesCase(
        string Annotation,
        int RatePods,
        int RatePodsPeriodSeconds,
        int RatePercent,
        int RatePercentPeriodSeconds,
        int? StabilizationSeconds,
        ScalingPolicySelect? SelectPolicy,
        HpaScalingPolicy[] ExpectedPolicies,
        int ExpectedStabilization,
        ScalingPolicySelect ExpectedSelectPolicy)
    {
        public override string ToString() => Annotation;

        // As upstream: a policy is added when either of its fields is set.
        public HpaScalingRules Given()
        {
            var policies = new List<HpaScalingPolicy>();
            if (RatePods != 0 || RatePodsPeriodSeconds != 0)
            {
                policies.Add(new HpaScalingPolicy(ScalingPolicyType.Pods, RatePods, RatePodsPeriodSeconds));
            }
            if (RatePercent != 0 || RatePercentPeriodSeconds != 0)
            {
                policies.Add(new HpaScalingPolicy(ScalingPolicyType.Percent, RatePercent, RatePercentPeriodSeconds));
            }
            return new HpaScalingRules(StabilizationSeconds, SelectPolicy, policies.Count == 0 ? null : policies);
        }
    }

    // Upstream leaves the scale-down window unset (the controller fills it from its flag); it resolves to the
    // flag's default, 300s, where upstream expects nil.
    public static TheoryData<RulesCase> ScaleDownCases => new()
    {
        new("Default values", 0, 0, 0, 0, null, null,
            [new(ScalingPolicyType.Percent, 100, 15)], 300, ScalingPolicySelect.Max),
        new("All parameters are specified", 1, 2, 3, 4, 25, ScalingPolicySelect.Max,
            [new(ScalingPolicyType.Pods, 1, 2), new(ScalingPolicyType.Percent, 3, 4)], 25, ScalingPolicySelect.Max),
        new("Percent policy is specified", 0, 0, 1, 2, null, ScalingPolicySelect.Min,
            [new(ScalingPolicyType.Percent, 1, 2)], 300, ScalingPolicySelect.Min),
        new("Pods policy is specified", 3, 4, 0, 0, null, null,
            [new(ScalingPolicyType.Pods, 3, 4)], 300, ScalingPolicySelect.Max),
    };

    public static TheoryData<RulesCase> ScaleUpCases => new()
    {
        new("Default values", 0, 0, 0, 0, null, null,
            [new(ScalingPolicyType.Pods, 4, 15), new(ScalingPolicyType.Percent, 100, 15)], 0, ScalingPolicySelect.Max),
        new("All parameters are specified", 1, 2, 3, 4, 25, ScalingPolicySelect.Max,
            [new(ScalingPolicyType.Pods, 1, 2), new(ScalingPolicyType.Percent, 3, 4)], 25, ScalingPolicySelect.Max),
        new("Pod policy is specified", 1, 2, 0, 0, null, ScalingPolicySelect.Min,
            [new(ScalingPolicyType.Pods, 1, 2)], 0, ScalingPolicySelect.Min),
        new("Percent policy is specified", 0, 0, 7, 10, null, null,
            [new(ScalingPolicyType.Percent, 7, 10)], 0, ScalingPolicySelect.Max),
        new("Pod policy and stabilization window are specified", 4, 2, 0, 0, 25, null,
            [new(ScalingPolicyType.Pods, 4, 2)], 25, ScalingPolicySelect.Max),
        new("Percent policy and stabilization window are specified", 0, 0, 7, 60, 25, null,
            [new(ScalingPolicyType.Percent, 7, 60)], 25, ScalingPolicySelect.Max),
    };

    [Theory]
    [MemberData(nameof(ScaleDownCases))]
    public void TestGenerateScaleDownRules(RulesCase tc)
    {
        var down = ScalingRulesDefaults.ScaleDown(tc.Given());

        Assert.Equal(tc.ExpectedPolicies, down.Policies);
        Assert.Equal(tc.ExpectedStabilization, down.StabilizationWindowSeconds);
        Assert.Equal(tc.ExpectedSelectPolicy, down.SelectPolicy);
    }

    [Theory]
    [MemberData(nameof(ScaleUpCases))]
    public void TestGenerateScaleUpRules(RulesCase tc)
    {
        var up = ScalingRulesDefaults.ScaleUp(tc.Given());

        Assert.Equal(tc.ExpectedPolicies, up.Policies);
        Assert.Equal(tc.ExpectedStabilization, up.StabilizationWindowSeconds);
        Assert.Equal(tc.ExpectedSelectPolicy, up.SelectPolicy);
    }

    [Fact]
    public void Omitted_rules_resolve_to_the_defaults_and_the_controller_flag_sets_the_scale_down_window()
    {
        Assert.Equal(
            new[] { new HpaScalingPolicy(ScalingPolicyType.Pods, 4, 15), new HpaScalingPolicy(ScalingPolicyType.Percent, 100, 15) },
            ScalingRulesDefaults.ScaleUp(null).Policies);
        Assert.Equal(0, ScalingRulesDefaults.ScaleUp(null).StabilizationWindowSeconds);
        Assert.Equal(120, ScalingRulesDefaults.ScaleDown(null, downscaleStabilisationWindowSeconds: 120).StabilizationWindowSeconds);
        Assert.Equal(45, ScalingRulesDefaults.ScaleDown(new HpaScalingRules(StabilizationWindowSeconds: 45), 120).StabilizationWindowSeconds);
    }

    [Fact]
    public void The_tolerance_is_kept_when_given_and_stays_unset_when_omitted()
    {
        Assert.Equal(0.05, ScalingRulesDefaults.ScaleDown(new HpaScalingRules(Tolerance: 0.05)).Tolerance);
        Assert.Equal(0.0, ScalingRulesDefaults.ScaleUp(new HpaScalingRules(Tolerance: 0.0)).Tolerance);
        Assert.Null(ScalingRulesDefaults.ScaleUp(new HpaScalingRules(StabilizationWindowSeconds: 10)).Tolerance);
    }

    [Fact]
    public void A_negative_downscale_window_is_rejected_by_name()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => ScalingRulesDefaults.ScaleDown(null, -1));
        Assert.Equal("downscaleStabilisationWindowSeconds", error.ParamName);
    }
}
