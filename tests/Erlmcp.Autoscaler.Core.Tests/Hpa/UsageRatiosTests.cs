using Erlmcp.Autoscaler.Core.Hpa;

namespace Erlmcp.Autoscaler.Core.Tests.Hpa;

/// <summary>Upstream metrics/utilization_test.go.</summary>
public sealed class UsageRatiosTests
{
    [Fact]
    public void TestGetResourceUtilizationRatioBaseCase() => AssertResourceRatio(
        Metrics(("test-pod-0", 50), ("test-pod-1", 76)),
        new() { ["test-pod-0"] = 100, ["test-pod-1"] = 100 },
        targetUtilization: 50,
        expected: (1.26, 63, 63));

    [Fact]
    public void TestGetResourceUtilizationRatioIgnorePodsWithNoRequest() => AssertResourceRatio(
        Metrics(("test-pod-0", 50), ("test-pod-1", 76), ("test-pod-no-request", 100)),
        new() { ["test-pod-0"] = 100, ["test-pod-1"] = 100 },
        targetUtilization: 50,
        expected: (1.26, 63, 63));

    [Fact]
    public void TestGetResourceUtilizationRatioExtraRequest() => AssertResourceRatio(
        Metrics(("test-pod-0", 50), ("test-pod-1", 76)),
        new() { ["test-pod-0"] = 100, ["test-pod-1"] = 100, ["test-pod-extra-request"] = 500 },
        targetUtilization: 50,
        expected: (1.26, 63, 63));

    [Fact]
    public void TestGetResourceUtilizationRatioNoRequests()
    {
        var error = Assert.Throws<ReplicaCalculationException>(() => UsageRatios.ResourceUtilizationRatio(
            Metrics(("test-pod-0", 50), ("test-pod-1", 76)), [], 50));
        Assert.Equal("no metrics returned matched known pods", error.Message);
    }

    [Fact]
    public void TestGetMetricUsageRatioBaseCase() =>
        Assert.Equal((.75, 7500L), UsageRatios.MetricUsageRatio(Metrics(("test-pod-0", 5000), ("test-pod-1", 10000)), 10000));

    [Fact]
    public void Averages_truncate_like_go_integer_division()
    {
        Assert.Equal((20666L / 20000.0, 20666L), UsageRatios.MetricUsageRatio(Metrics(("a", 20000), ("b", 21000), ("c", 21000)), 20000));
        Assert.Equal(
            (24 / 100.0, 24, 247),
            UsageRatios.ResourceUtilizationRatio(Metrics(("a", 400), ("b", 95)), new() { ["a"] = 1000, ["b"] = 1000 }, 100));
    }

    private static void AssertResourceRatio(
        Dictionary<string, PodMetric> metrics,
        Dictionary<string, long> requests,
        int targetUtilization,
        (double Ratio, int Utilization, long RawAverage) expected) =>
        Assert.Equal(expected, UsageRatios.ResourceUtilizationRatio(metrics, requests, targetUtilization));

    private static Dictionary<string, PodMetric> Metrics(params (string Pod, long Value)[] samples) =>
        samples.ToDictionary(s => s.Pod, s => new PodMetric(s.Value, default, default));
}
