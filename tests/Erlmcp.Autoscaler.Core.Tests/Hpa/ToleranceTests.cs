using Erlmcp.Autoscaler.Core.Hpa;
using static Erlmcp.Autoscaler.Core.Tests.Hpa.ReplicaCalcTestCase;

namespace Erlmcp.Autoscaler.Core.Tests.Hpa;

/// <summary>
/// Upstream's configurable-tolerance cases (KEP-4951, replica_calculator_test.go) and the tolerance rules themselves,
/// including where the 1.33+ inclusive rule and the 1.32 absolute-difference rule disagree.
/// </summary>
public sealed class ToleranceTests
{
    private static readonly Dictionary<string, ReplicaCalcTestCase> ConfigurableToleranceCases = new()
    {
        ["Outside of a 0% tolerance"] = new ReplicaCalcTestCase
        {
            Tolerances = new Tolerances(0.0, 0.0),
            CurrentReplicas = 3,
            ExpectedReplicas = 4,
            Resource = new ResourceInfo
            {
                Requests = [900, 1000, 1100],
                Levels = MakePodMetricLevels(909, 1010, 1111),
                TargetUtilization = 100,
                ExpectedUtilization = 101,
                ExpectedValue = NumContainersPerPod * 1010,
            },
        },
        ["Within a 200% scale-up tolerance"] = new ReplicaCalcTestCase
        {
            Tolerances = new Tolerances(DefaultTestingTolerance, 2.0),
            CurrentReplicas = 3,
            ExpectedReplicas = 3,
            Resource = new ResourceInfo
            {
                Requests = [900, 1000, 1100],
                Levels = MakePodMetricLevels(1890, 1910, 1900),
                TargetUtilization = 100,
                ExpectedUtilization = 190,
                ExpectedValue = NumContainersPerPod * 1900,
            },
        },
        ["Outside 8% scale-up tolerance (and superfuous scale-down tolerance)"] = new ReplicaCalcTestCase
        {
            Tolerances = new Tolerances(2.0, .08),
            CurrentReplicas = 3,
            ExpectedReplicas = 4,
            Resource = new ResourceInfo
            {
                Requests = [900, 1000, 1100],
                Levels = MakePodMetricLevels(1100, 1080, 1090),
                TargetUtilization = 100,
                ExpectedUtilization = 109,
                ExpectedValue = NumContainersPerPod * 1090,
            },
        },
        ["Within a 36% scale-down tolerance"] = new ReplicaCalcTestCase
        {
            Tolerances = new Tolerances(.36, DefaultTestingTolerance),
            CurrentReplicas = 3,
            ExpectedReplicas = 3,
            Resource = new ResourceInfo
            {
                Requests = [900, 1000, 1100],
                Levels = MakePodMetricLevels(660, 640, 650),
                TargetUtilization = 100,
                ExpectedUtilization = 65,
                ExpectedValue = NumContainersPerPod * 650,
            },
        },
        ["Outside a 34% scale-down tolerance"] = new ReplicaCalcTestCase
        {
            Tolerances = new Tolerances(.34, DefaultTestingTolerance),
            CurrentReplicas = 3,
            ExpectedReplicas = 2,
            Resource = new ResourceInfo
            {
                Requests = [900, 1000, 1100],
                Levels = MakePodMetricLevels(660, 640, 650),
                TargetUtilization = 100,
                ExpectedUtilization = 65,
                ExpectedValue = NumContainersPerPod * 650,
            },
        },
    };

    public static TheoryData<string> ConfigurableToleranceCaseNames => [.. ConfigurableToleranceCases.Keys];

    [Theory]
    [MemberData(nameof(ConfigurableToleranceCaseNames))]
    public void TestReplicaCalcConfigurableTolerance(string name) => ConfigurableToleranceCases[name].RunTest();

    [Fact]
    public void TestReplicaCalcConfigurableToleranceCM() => new ReplicaCalcTestCase
    {
        Tolerances = new Tolerances(DefaultTestingTolerance, .01),
        CurrentReplicas = 3,
        ExpectedReplicas = 4,
        Metric = new MetricInfo
        {
            Name = "qps",
            Levels = [20000, 21000, 21000],
            TargetUsage = 20000,
            ExpectedUsage = 20666,
            MetricType = MetricType.PodMetric,
        },
    }.RunTest();

    [Fact]
    public void TestReplicaCalcConfigurableToleranceCMObject() => new ReplicaCalcTestCase
    {
        Tolerances = new Tolerances(DefaultTestingTolerance, .01),
        CurrentReplicas = 3,
        ExpectedReplicas = 4,
        Metric = new MetricInfo
        {
            Name = "qps",
            Levels = [20666],
            TargetUsage = 20000,
            ExpectedUsage = 20666,
            SingleObject = SomeDeployment(),
        },
    }.RunTest();

    [Fact]
    public void TestReplicaCalcConfigurableTolerancePerPodCMObject() => new ReplicaCalcTestCase
    {
        Tolerances = new Tolerances(DefaultTestingTolerance, .01),
        CurrentReplicas = 4,
        ExpectedReplicas = 5,
        Metric = new MetricInfo
        {
            MetricType = MetricType.ObjectPerPodMetric,
            Name = "qps",
            Levels = [20208],
            PerPodTargetUsage = 5000,
            ExpectedUsage = 5052,
            SingleObject = SomeDeployment(),
        },
    }.RunTest();

    [Fact]
    public void TestReplicaCalcConfigurableToleranceCMExternal() => new ReplicaCalcTestCase
    {
        Tolerances = new Tolerances(DefaultTestingTolerance, .01),
        CurrentReplicas = 3,
        ExpectedReplicas = 4,
        Metric = new MetricInfo
        {
            Name = "qps",
            Levels = [8900],
            TargetUsage = 8800,
            ExpectedUsage = 8900,
            Selector = LabelValueSelector(),
            MetricType = MetricType.ExternalMetric,
        },
    }.RunTest();

    [Fact]
    public void TestReplicaCalcConfigurableTolerancePerPodCMExternal() => new ReplicaCalcTestCase
    {
        Tolerances = new Tolerances(DefaultTestingTolerance, .01),
        CurrentReplicas = 3,
        ExpectedReplicas = 4,
        Metric = new MetricInfo
        {
            Name = "qps",
            Levels = [8600],
            PerPodTargetUsage = 2800,
            ExpectedUsage = 2867,
            Selector = LabelValueSelector(),
            MetricType = MetricType.ExternalPerPodMetric,
        },
    }.RunTest();

    [Theory]
    [InlineData(0.9, true, true)] // 1.0 - 0.1 rounds to the double nearest 0.9; |1.0 - 0.9| rounds below 0.1
    [InlineData(0.89, false, false)]
    [InlineData(1.0, true, true)]
    [InlineData(1.1, true, false)] // 1.0 + 0.1 == 1.1, but |1.0 - 1.1| == 0.10000000000000009 > 0.1
    [InlineData(1.11, false, false)]
    public void Inclusive_and_Legacy_rules_at_the_boundaries(double ratio, bool inclusive, bool legacy)
    {
        Assert.Equal(inclusive, new Tolerances(0.1, 0.1).IsWithin(ratio));
        Assert.Equal(legacy, new Tolerances(0.1, 0.1, ToleranceRule.Legacy).IsWithin(ratio));
    }

    /// <summary>
    /// Pods at 11000 against a target of 10000: a usage ratio of exactly 1.1. Kubernetes 1.33+ keeps 3 replicas;
    /// 1.32 (Legacy) proposes ceil(1.1 * 3) = 4.
    /// </summary>
    [Theory]
    [InlineData(ToleranceRule.Inclusive, 3)]
    [InlineData(ToleranceRule.Legacy, 4)]
    public void A_usage_ratio_of_exactly_1_1_scales_only_under_the_legacy_rule(ToleranceRule rule, int expectedReplicas) =>
        new ReplicaCalcTestCase
        {
            Tolerances = new Tolerances(0.1, 0.1, rule),
            CurrentReplicas = 3,
            ExpectedReplicas = expectedReplicas,
            Metric = new MetricInfo
            {
                Name = "erlmcp_connections",
                Levels = [11000, 11000, 11000],
                TargetUsage = 10000,
                ExpectedUsage = 11000,
                MetricType = MetricType.PodMetric,
            },
        }.RunTest();

    [Fact]
    public void Per_direction_tolerances_apply_to_their_own_side_only()
    {
        var tolerances = new Tolerances(ScaleDown: 0.5, ScaleUp: 0.0);
        Assert.True(tolerances.IsWithin(0.5));
        Assert.False(tolerances.IsWithin(0.49));
        Assert.True(tolerances.IsWithin(1.0));
        Assert.False(tolerances.IsWithin(1.0000001));
    }

    [Fact]
    public void Default_is_ten_percent_both_ways_under_the_inclusive_rule()
    {
        Assert.Equal(new Tolerances(0.1, 0.1, ToleranceRule.Inclusive), Tolerances.Default);
        Assert.Equal("[down:10.0%, up:10.0%]", Tolerances.Default.ToString());
        Assert.Equal("[down:2.5%, up:200.0%]", new Tolerances(0.025, 2.0).ToString());
    }

    [Fact]
    public void Legacy_rule_requires_one_tolerance_for_both_directions()
    {
        var error = Assert.Throws<ArgumentException>(() => new Tolerances(0.1, 0.2, ToleranceRule.Legacy));
        Assert.Equal("Rule", error.ParamName);
        Assert.StartsWith(
            "the Legacy tolerance rule (Kubernetes 1.32 and earlier) has one tolerance for both directions: ScaleDown (0.1) and ScaleUp (0.2) must be equal",
            error.Message,
            StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(-0.1, 0.1, "ScaleDown")]
    [InlineData(0.1, double.NaN, "ScaleUp")]
    [InlineData(double.PositiveInfinity, 0.1, "ScaleDown")]
    public void Tolerances_must_be_finite_and_not_negative(double scaleDown, double scaleUp, string field)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new Tolerances(scaleDown, scaleUp));
        Assert.Equal(field, error.ParamName);
        Assert.StartsWith($"tolerance {field} must be a finite number >= 0", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_undefined_rule_is_rejected()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new Tolerances(0.1, 0.1, (ToleranceRule)7));
        Assert.Equal("Rule", error.ParamName);
    }
}
