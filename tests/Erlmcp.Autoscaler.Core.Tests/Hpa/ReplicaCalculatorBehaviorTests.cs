using Erlmcp.Autoscaler.Core.Hpa;
using Erlmcp.Autoscaler.Core.Labels;
using static Erlmcp.Autoscaler.Core.Tests.Hpa.ReplicaCalcTestCase;

namespace Erlmcp.Autoscaler.Core.Tests.Hpa;

/// <summary>
/// Behaviors of the port that upstream's tables leave unchecked: the fill-ins that only matter when requests differ or
/// a tolerance is crossed, error texts, scaling from zero, pod-level requests, timestamps, and the caller's data.
/// </summary>
public sealed class ReplicaCalculatorBehaviorTests
{
    private static readonly DateTimeOffset SampleTime = Now - TimeSpan.FromSeconds(15);
    private static readonly DateTimeOffset LongAgo = Now - TimeSpan.FromHours(1);

    [Fact]
    public void On_a_resource_scale_up_unready_pods_count_as_using_nothing_of_their_request()
    {
        // The ready pod is at 300%; counting the unready pod (with its large request) at zero halves the utilization
        // to 50%, which reverses the direction, so the count stays.
        var pods = new[] { CpuPod("p0", 1000), CpuPod("p1", 5000, ConditionStatus.False) };
        var metrics = new MetricsSnapshot()
            .AddPodUsage("p0", SampleTime, TimeSpan.FromMinutes(1), [Usage("c", 3000)])
            .AddPodUsage("p1", SampleTime, TimeSpan.FromMinutes(1), [Usage("c", 4000)]);

        var result = Calculator(metrics, pods).GetResourceReplicas(1, 100, "cpu", Tolerances.Default, "");

        Assert.Equal(new ResourceReplicas(1, 300, 3000, SampleTime), result);
    }

    [Fact]
    public void On_a_plain_metric_scale_up_pending_pods_count_as_using_nothing()
    {
        var pods = new[] { CpuPod("p0", 0), CpuPod("p1", 0) with { Phase = PodPhase.Pending } };
        var metrics = new MetricsSnapshot().AddPodMetric("qps", "p0", 11500, SampleTime);

        var result = Calculator(metrics, pods).GetMetricReplicas(1, 10000, "qps", Tolerances.Default, null);

        Assert.Equal(new MetricReplicas(1, 11500, SampleTime), result);
    }

    [Fact]
    public void On_a_plain_metric_scale_down_missing_pods_count_as_using_the_target()
    {
        var pods = new[] { CpuPod("p0", 0), CpuPod("p1", 0), CpuPod("p2", 0) };
        var metrics = new MetricsSnapshot()
            .AddPodMetric("qps", "p0", 5000, SampleTime)
            .AddPodMetric("qps", "p1", 5000, SampleTime);

        // (5000 + 5000 + 10000) / 3 = 6666, a ratio of 0.6666: ceil(0.6666 * 3) = 2.
        var result = Calculator(metrics, pods).GetMetricReplicas(3, 10000, "qps", Tolerances.Default, null);

        Assert.Equal(new MetricReplicas(2, 5000, SampleTime), result);
    }

    [Fact]
    public void Fill_ins_that_turn_a_scale_down_into_a_scale_up_keep_the_count()
    {
        // 40% against a target of 50% is a scale-down; the two missing pods count at 100% of their requests, which
        // makes it 80%, a ratio of 1.6: the direction flips, so nothing changes.
        var pods = new[] { CpuPod("p0", 1000), CpuPod("p1", 1000), CpuPod("p2", 1000) };
        var metrics = new MetricsSnapshot().AddPodUsage("p0", SampleTime, TimeSpan.FromMinutes(1), [Usage("c", 400)]);

        var result = Calculator(metrics, pods).GetResourceReplicas(3, 50, "cpu", Tolerances.Default, "");

        Assert.Equal(new ResourceReplicas(3, 40, 400, SampleTime), result);
    }

    [Theory]
    [InlineData(10, 20000, 10)] // a scale-up ratio (1.33 after fill-ins) proposing 4 < 10 replicas keeps 10
    [InlineData(1, 5000, 1)] // a scale-down ratio (0.83 after fill-ins) proposing 3 > 1 replica keeps 1
    [InlineData(3, 20000, 4)]
    public void A_proposal_that_moves_the_count_against_the_ratio_keeps_the_count(int currentReplicas, long level, int expected)
    {
        // Three pods, one of which reports nothing (a missing pod), against a target of 10000.
        var pods = new[] { CpuPod("p0", 0), CpuPod("p1", 0), CpuPod("p2", 0) };
        var metrics = new MetricsSnapshot()
            .AddPodMetric("qps", "p0", level, SampleTime)
            .AddPodMetric("qps", "p1", level, SampleTime);

        var result = Calculator(metrics, pods).GetMetricReplicas(currentReplicas, 10000, "qps", Tolerances.Default, null);

        Assert.Equal(new MetricReplicas(expected, level, SampleTime), result);
    }

    [Fact]
    public void The_metrics_clients_samples_are_not_modified()
    {
        var samples = new Dictionary<string, PodMetric>
        {
            ["p0"] = new(3000, SampleTime, TimeSpan.FromMinutes(1)),
            ["p1"] = new(100, SampleTime, TimeSpan.FromMinutes(1)),
        };
        var before = samples.ToArray();
        var pods = new[] { CpuPod("p0", 1000), CpuPod("p1", 1000, ConditionStatus.False), CpuPod("p2", 1000) };

        var result = Calculator(new FixedResourceMetrics(samples), pods).GetResourceReplicas(3, 50, "cpu", Tolerances.Default, "");

        // p1 (unready) and p2 (missing) were filled in at zero on the caller's behalf, on a copy.
        Assert.Equal(new ResourceReplicas(6, 300, 3000, SampleTime), result);
        Assert.Equal(before, samples.ToArray());
    }

    [Fact]
    public void Raw_resource_replicas_apply_the_cpu_readiness_rules_to_an_average_value_target()
    {
        // The hot pod's sample is distrusted; on a scale-up it counts as zero: (0 + 900 + 900) / 3 = 600 per pod
        // against a target of 500m is 1.2, so ceil(1.2 * 3) = 4.
        var pods = new[]
        {
            CpuPod("p0", 1000, start: HotCpuCreationTime()),
            CpuPod("p1", 1000),
            CpuPod("p2", 1000),
        };
        var metrics = new MetricsSnapshot()
            .AddPodUsage("p0", SampleTime, TimeSpan.FromMinutes(1), [Usage("c", 2000)])
            .AddPodUsage("p1", SampleTime, TimeSpan.FromMinutes(1), [Usage("c", 900)])
            .AddPodUsage("p2", SampleTime, TimeSpan.FromMinutes(1), [Usage("c", 900)]);

        var result = Calculator(metrics, pods).GetRawResourceReplicas(3, 500, "cpu", Tolerances.Default, "");

        Assert.Equal(new MetricReplicas(4, 900, SampleTime), result);
    }

    [Theory]
    [InlineData(true, 25)] // 400m of a pod-level 1600m
    [InlineData(false, 200)] // 400m of the containers' 200m
    public void Pod_level_requests_are_the_denominator_when_the_feature_is_enabled(bool enabled, int expectedUtilization)
    {
        var pods = new[] { CpuPod("p0", 200) with { PodLevelRequestsMilli = new Dictionary<string, long> { ["cpu"] = 1600 } } };
        var metrics = new MetricsSnapshot().AddPodUsage("p0", SampleTime, TimeSpan.FromMinutes(1), [Usage("c", 400)]);
        var calculator = new ReplicaCalculator(
            metrics, pods, DefaultTestingCpuInitializationPeriod, DefaultTestingDelayOfInitialReadinessStatus, Now, enabled);

        var result = calculator.GetResourceReplicas(1, 100, "cpu", Tolerances.Default, "");

        Assert.Equal(expectedUtilization, result.Utilization);
    }

    [Fact]
    public void From_zero_replicas_an_object_metric_proposes_the_ratio_alone_ignoring_tolerance_and_pods()
    {
        var metrics = new MetricsSnapshot().SetObjectMetric("qps", SomeDeployment(), 10500, SampleTime);

        var result = Calculator(metrics, []).GetObjectMetricReplicas(0, 10000, "qps", Tolerances.Default, SomeDeployment(), null);

        Assert.Equal(new MetricReplicas(2, 10500, default), result);
    }

    [Fact]
    public void From_zero_replicas_an_external_metric_proposes_zero_for_no_load()
    {
        var selector = LabelValueSelector();
        var metrics = new MetricsSnapshot().AddExternalSeries("queue", 0, SampleTime, selector.MatchLabels);

        var result = Calculator(metrics, []).GetExternalMetricReplicas(0, 100, "queue", Tolerances.Default, selector);

        Assert.Equal(new MetricReplicas(0, 0, default), result);
    }

    [Fact]
    public void Per_pod_object_and_external_metrics_report_the_fetch_timestamp_and_the_average()
    {
        var selector = LabelValueSelector();
        var metrics = new MetricsSnapshot()
            .SetObjectMetric("qps", SomeDeployment(), 9000, SampleTime)
            .AddExternalSeries("queue", 4000, SampleTime, selector.MatchLabels)
            .AddExternalSeries("queue", 5000, LongAgo, selector.MatchLabels);
        var calculator = Calculator(metrics, []);

        Assert.Equal(
            new MetricReplicas(9, 3000, SampleTime),
            calculator.GetObjectPerPodMetricReplicas(3, 1000, "qps", Tolerances.Default, SomeDeployment(), null));
        Assert.Equal(
            new MetricReplicas(5, 3000, SampleTime),
            calculator.GetExternalPerPodMetricReplicas(3, 2000, "queue", Tolerances.Default, selector));
    }

    [Fact]
    public void A_failed_resource_fetch_names_the_resource()
    {
        var metrics = new MetricsSnapshot().FailResourceMetric("cpu", "metrics-server unavailable");
        AssertFailsWith(
            "unable to get metrics for resource cpu: metrics-server unavailable",
            () => Calculator(metrics, [CpuPod("p0", 100)]).GetResourceReplicas(1, 50, "cpu", Tolerances.Default, ""));
        AssertFailsWith(
            "unable to get metrics for resource cpu: metrics-server unavailable",
            () => Calculator(metrics, [CpuPod("p0", 100)]).GetRawResourceReplicas(1, 50, "cpu", Tolerances.Default, ""));
    }

    [Fact]
    public void A_failed_pods_metric_fetch_names_the_metric()
    {
        var metrics = new MetricsSnapshot().FailPodsMetric("erlmcp_connections", "adapter down");
        var error = Assert.Throws<ReplicaCalculationException>(
            () => Calculator(metrics, [CpuPod("p0", 100)]).GetMetricReplicas(1, 20000, "erlmcp_connections", Tolerances.Default, null));
        Assert.Equal("unable to get metric erlmcp_connections: adapter down", error.Message);
    }

    [Fact]
    public void A_failed_object_metric_fetch_keeps_upstreams_argument_order()
    {
        var metrics = new MetricsSnapshot().FailObjectMetric("qps", "not found");
        var calculator = Calculator(metrics, []);

        var error = Assert.Throws<ReplicaCalculationException>(
            () => calculator.GetObjectMetricReplicas(1, 100, "qps", Tolerances.Default, SomeDeployment(), null));
        Assert.Equal("unable to get metric qps: Deployment on test-namespace some-deployment/not found", error.Message);
        error = Assert.Throws<ReplicaCalculationException>(
            () => calculator.GetObjectPerPodMetricReplicas(1, 100, "qps", Tolerances.Default, SomeDeployment(), null));
        Assert.Equal("unable to get metric qps: Deployment on test-namespace some-deployment/not found", error.Message);
    }

    [Fact]
    public void A_failed_external_metric_fetch_prints_the_selector_as_go_does()
    {
        var selector = new LabelSelectorSpec(
            new Dictionary<string, string> { ["zone"] = "a", ["app"] = "erlmcp" },
            [new LabelSelectorRequirement("tier", "In", ["edge", "core"])]);
        var metrics = new MetricsSnapshot().FailExternalMetric("queue", "timeout");
        var calculator = Calculator(metrics, []);

        var error = Assert.Throws<ReplicaCalculationException>(
            () => calculator.GetExternalMetricReplicas(1, 100, "queue", Tolerances.Default, selector));
        Assert.Equal(
            "unable to get external metric test-namespace/queue/&LabelSelector{MatchLabels:map[string]string{app: erlmcp,zone: a,},"
            + "MatchExpressions:[]LabelSelectorRequirement{LabelSelectorRequirement{Key:tier,Operator:In,Values:[edge core],},},}: timeout",
            error.Message);
        error = Assert.Throws<ReplicaCalculationException>(
            () => calculator.GetExternalPerPodMetricReplicas(1, 100, "queue", Tolerances.Default, null));
        Assert.Equal("unable to get external metric test-namespace/queue/nil: timeout", error.Message);
    }

    [Fact]
    public void No_selected_pods_is_an_error_for_pod_based_calculations()
    {
        var metrics = new MetricsSnapshot()
            .AddPodUsage("p0", SampleTime, TimeSpan.FromMinutes(1), [Usage("c", 100)])
            .AddPodMetric("qps", "p0", 100, SampleTime)
            .SetObjectMetric("qps", SomeDeployment(), 5000, SampleTime);
        var calculator = Calculator(metrics, []);

        AssertFailsWith(
            "no pods returned by selector while calculating replica count",
            () => calculator.GetResourceReplicas(1, 50, "cpu", Tolerances.Default, ""));
        AssertFailsWith(
            "no pods returned by selector while calculating replica count",
            () => calculator.GetMetricReplicas(1, 50, "qps", Tolerances.Default, null));
        var error = Assert.Throws<ReplicaCalculationException>(
            () => calculator.GetObjectMetricReplicas(1, 1000, "qps", Tolerances.Default, SomeDeployment(), null));
        Assert.Equal("unable to calculate ready pods: no pods returned by selector while calculating replica count", error.Message);
    }

    [Fact]
    public void Only_unready_samples_is_an_error()
    {
        var pods = new[] { CpuPod("p0", 1000, ConditionStatus.False), CpuPod("p1", 1000) with { Phase = PodPhase.Pending } };
        var metrics = new MetricsSnapshot()
            .AddPodUsage("p0", SampleTime, TimeSpan.FromMinutes(1), [Usage("c", 500)])
            .AddPodUsage("p1", SampleTime, TimeSpan.FromMinutes(1), [Usage("c", 500)]);

        var error = Assert.Throws<ReplicaCalculationException>(
            () => Calculator(metrics, pods).GetResourceReplicas(2, 50, "cpu", Tolerances.Default, ""));
        Assert.Equal("did not receive metrics for targeted pods (pods might be unready)", error.Message);
    }

    [Fact]
    public void A_container_metric_for_a_container_a_pod_lacks_is_an_error()
    {
        var metrics = new MetricsSnapshot().AddPodUsage("p0", SampleTime, TimeSpan.FromMinutes(1), [Usage("sidecar", 100)]);

        var error = Assert.Throws<ReplicaCalculationException>(
            () => Calculator(metrics, [CpuPod("p0", 1000)]).GetResourceReplicas(1, 50, "cpu", Tolerances.Default, "sidecar"));
        Assert.Equal("container sidecar not found in Pod p0", error.Message);
    }

    [Fact]
    public void Out_of_range_counts_saturate_instead_of_wrapping_negative()
    {
        var pods = new[] { CpuPod("p0", 0) };
        var metrics = new MetricsSnapshot().AddPodMetric("qps", "p0", long.MaxValue, SampleTime);

        var result = Calculator(metrics, pods).GetMetricReplicas(1, 1, "qps", Tolerances.Default, null);

        Assert.Equal(new MetricReplicas(int.MaxValue, long.MaxValue, SampleTime), result);
    }

    private static ReplicaCalculator Calculator(IMetricsClient metrics, IReadOnlyList<PodInfo> pods) =>
        new(metrics, pods, DefaultTestingCpuInitializationPeriod, DefaultTestingDelayOfInitialReadinessStatus, Now)
        {
            Namespace = TestNamespace,
        };

    /// <summary>A running pod started long ago with one container "c" requesting <paramref name="cpuRequest"/>.</summary>
    private static PodInfo CpuPod(
        string name, long cpuRequest, ConditionStatus ready = ConditionStatus.True, DateTimeOffset? start = null) =>
        new(
            name,
            PodPhase.Running,
            new PodReadyCondition(ready, start ?? LongAgo),
            start ?? LongAgo,
            [new ContainerInfo("c", new Dictionary<string, long> { ["cpu"] = cpuRequest })]);

    private static ContainerUsage Usage(string container, long cpu) =>
        new(container, new Dictionary<string, long> { ["cpu"] = cpu });

    /// <summary>A metrics client that hands out the same dictionary on every call, to see whether it gets modified.</summary>
    private sealed class FixedResourceMetrics(Dictionary<string, PodMetric> samples) : IMetricsClient
    {
        public MetricFetch<IReadOnlyDictionary<string, PodMetric>> GetResourceMetric(string resource, string container) =>
            MetricFetch<IReadOnlyDictionary<string, PodMetric>>.Ok(samples, SampleTime);

        public MetricFetch<IReadOnlyDictionary<string, PodMetric>> GetRawMetric(string metricName, LabelSelectorSpec? metricSelector) =>
            throw new NotSupportedException();

        public MetricFetch<long> GetObjectMetric(string metricName, CrossVersionObjectReference describedObject, LabelSelectorSpec? metricSelector) =>
            throw new NotSupportedException();

        public MetricFetch<IReadOnlyList<long>> GetExternalMetric(string metricName, LabelSelectorSpec? metricSelector) =>
            throw new NotSupportedException();
    }
}
