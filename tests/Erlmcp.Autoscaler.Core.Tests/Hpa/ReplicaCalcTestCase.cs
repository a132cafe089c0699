using Erlmcp.Autoscaler.Core.Hpa;
using Erlmcp.Autoscaler.Core.Labels;

namespace Erlmcp.Autoscaler.Core.Tests.Hpa;

/// <summary>Upstream's metricType: which calculation a custom-metric case runs (the zero value is an object metric).</summary>
internal enum MetricType
{
    ObjectMetric,
    ObjectPerPodMetric,
    ExternalMetric,
    ExternalPerPodMetric,
    PodMetric,
}

/// <summary>Upstream's resourceInfo: per-pod requests (milli-units, both containers) and per-container usage levels.</summary>
internal sealed record ResourceInfo
{
    public string Name { get; init; } = "cpu";

    /// <summary>The request of each of a pod's two containers, by pod index; pods past the end request nothing.</summary>
    public long[] Requests { get; init; } = [];

    /// <summary>Usage by pod index, then container index; containers past the end report nothing.</summary>
    public long[][] Levels { get; init; } = [];

    /// <summary>Overrides the name under which the metrics report pod i ("heapster" renames).</summary>
    public string[] PodNames { get; init; } = [];

    public int TargetUtilization { get; init; }

    public int ExpectedUtilization { get; init; }

    public long ExpectedValue { get; init; }
}

/// <summary>Upstream's metricInfo.</summary>
internal sealed record MetricInfo
{
    public string Name { get; init; } = "";

    public long[] Levels { get; init; } = [];

    public CrossVersionObjectReference? SingleObject { get; init; }

    public LabelSelectorSpec? Selector { get; init; }

    public MetricType MetricType { get; init; }

    public long TargetUsage { get; init; }

    public long PerPodTargetUsage { get; init; }

    public long ExpectedUsage { get; init; }
}

/// <summary>
/// Upstream's replicaCalcTestCase (replica_calculator_test.go): pods named test-pod-0.. with two containers
/// (container1, container2), all ready and running unless told otherwise, a metrics snapshot built from the levels,
/// and one call of the calculator whose outcome is checked exactly.
/// </summary>
internal sealed record ReplicaCalcTestCase
{
    public const string TestNamespace = "test-namespace";
    public const string PodNamePrefix = "test-pod";
    public const int NumContainersPerPod = 2;
    public const double DefaultTestingTolerance = 0.1;

    public static readonly TimeSpan DefaultTestingCpuInitializationPeriod = TimeSpan.FromMinutes(2);
    public static readonly TimeSpan DefaultTestingDelayOfInitialReadinessStatus = TimeSpan.FromSeconds(10);

    /// <summary>The evaluation time, upstream's time.Now().</summary>
    public static readonly DateTimeOffset Now = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    public int CurrentReplicas { get; init; }

    public int ExpectedReplicas { get; init; }

    /// <summary>Text the error message must contain; null when the calculation must succeed.</summary>
    public string? ExpectedError { get; init; }

    /// <summary>The metrics' timestamp; upstream leaves it at Go's zero time, which is <c>default</c> here too.</summary>
    public DateTimeOffset Timestamp { get; init; }

    /// <summary>Null means the default 10% in both directions.</summary>
    public Tolerances? Tolerances { get; init; }

    public ResourceInfo? Resource { get; init; }

    public MetricInfo? Metric { get; init; }

    public string Container { get; init; } = "";

    public ConditionStatus[]? PodReadiness { get; init; }

    /// <summary>Start times by pod index; when null every pod started at Go's zero time (long ago).</summary>
    public DateTimeOffset[]? PodStartTime { get; init; }

    public PodPhase[]? PodPhase { get; init; }

    public bool[]? PodDeletionTimestamp { get; init; }

    /// <summary>hotCPUCreationTime: a pod that started now, inside the CPU initialization period.</summary>
    public static DateTimeOffset HotCpuCreationTime() => Now;

    /// <summary>coolCPUCreationTime: a pod that started three minutes ago, past the initialization period.</summary>
    public static DateTimeOffset CoolCpuCreationTime() => Now - TimeSpan.FromMinutes(3);

    /// <summary>makePodMetricLevels: every container of pod i uses <c>containerMetric[i]</c>.</summary>
    public static long[][] MakePodMetricLevels(params long[] containerMetric)
    {
        var levels = new long[containerMetric.Length][];
        for (var i = 0; i < containerMetric.Length; i++)
        {
            levels[i] = [.. Enumerable.Repeat(containerMetric[i], NumContainersPerPod)];
        }

        return levels;
    }

    /// <summary>n pods requesting the same amount (milli-units) per container.</summary>
    public static long[] Requests(int n, long milli) => [.. Enumerable.Repeat(milli, n)];

    public static LabelSelectorSpec LabelValueSelector() =>
        new(new Dictionary<string, string> { ["label"] = "value" }, []);

    public static CrossVersionObjectReference SomeDeployment() => new("Deployment", "some-deployment", "apps/v1");

    public void RunTest()
    {
        var calculator = new ReplicaCalculator(
            BuildMetrics(),
            BuildPods(),
            DefaultTestingCpuInitializationPeriod,
            DefaultTestingDelayOfInitialReadinessStatus,
            Now)
        {
            Namespace = TestNamespace,
        };
        var tolerances = Tolerances ?? new Tolerances(DefaultTestingTolerance, DefaultTestingTolerance);

        if (Resource is not null)
        {
            if (ExpectedError is not null)
            {
                AssertFailsWith(ExpectedError, () => calculator.GetResourceReplicas(
                    CurrentReplicas, Resource.TargetUtilization, Resource.Name, tolerances, Container));
                return;
            }

            var result = calculator.GetResourceReplicas(
                CurrentReplicas, Resource.TargetUtilization, Resource.Name, tolerances, Container);
            Assert.Equal(
                (ExpectedReplicas, Resource.ExpectedUtilization, Resource.ExpectedValue, Timestamp),
                (result.ReplicaCount, result.Utilization, result.RawUtilization, result.Timestamp));
            return;
        }

        var metric = Metric ?? throw new InvalidOperationException("a test case needs a resource or a metric");
        Func<MetricReplicas> calculate = metric.MetricType switch
        {
            MetricType.ObjectMetric => () => calculator.GetObjectMetricReplicas(
                CurrentReplicas, metric.TargetUsage, metric.Name, tolerances, RequireObject(metric), null),
            MetricType.ObjectPerPodMetric => () => calculator.GetObjectPerPodMetricReplicas(
                CurrentReplicas, metric.PerPodTargetUsage, metric.Name, tolerances, RequireObject(metric), null),
            MetricType.ExternalMetric => () => calculator.GetExternalMetricReplicas(
                CurrentReplicas, metric.TargetUsage, metric.Name, tolerances, RequireSelector(metric)),
            MetricType.ExternalPerPodMetric => () => calculator.GetExternalPerPodMetricReplicas(
                CurrentReplicas, metric.PerPodTargetUsage, metric.Name, tolerances, RequireSelector(metric)),
            MetricType.PodMetric => () => calculator.GetMetricReplicas(
                CurrentReplicas, metric.TargetUsage, metric.Name, tolerances, null),
            _ => throw new InvalidOperationException($"unknown metric type {metric.MetricType}"),
        };

        if (ExpectedError is not null)
        {
            AssertFailsWith(ExpectedError, () => calculate());
            return;
        }

        var outcome = calculate();
        Assert.Equal((ExpectedReplicas, metric.ExpectedUsage, Timestamp), (outcome.ReplicaCount, outcome.Usage, outcome.Timestamp));
    }

    public static void AssertFailsWith(string expectedError, Action calculation)
    {
        var error = Assert.Throws<ReplicaCalculationException>(calculation);
        Assert.Contains(expectedError, error.Message, StringComparison.Ordinal);
    }

    /// <summary>prepareTestClientSet: the pods the target's selector lists, failed ones included.</summary>
    private List<PodInfo> BuildPods()
    {
        var podsCount = Math.Max(CurrentReplicas, PodPhase?.Length ?? 0);
        var pods = new List<PodInfo>(podsCount);
        for (var i = 0; i < podsCount; i++)
        {
            var readiness = PodReadiness is not null && i < PodReadiness.Length ? PodReadiness[i] : ConditionStatus.True;
            var startTime = PodStartTime?[i] ?? default;
            var phase = PodPhase?[i] ?? Core.Hpa.PodPhase.Running;
            var deleted = PodDeletionTimestamp?[i] ?? false;
            var requests = Resource is not null && i < Resource.Requests.Length
                ? new Dictionary<string, long> { [Resource.Name] = Resource.Requests[i] }
                : new Dictionary<string, long>();
            pods.Add(new PodInfo(
                Name: $"{PodNamePrefix}-{i}",
                Phase: phase,
                Ready: new PodReadyCondition(readiness, default),
                StartTime: startTime,
                Containers: [new ContainerInfo("container1", requests), new ContainerInfo("container2", requests)],
                DeletionTimestamp: deleted ? Now : null));
        }

        return pods;
    }

    /// <summary>prepareTestMetricsClient, prepareTestCMClient and prepareTestEMClient as one snapshot.</summary>
    private MetricsSnapshot BuildMetrics()
    {
        var snapshot = new MetricsSnapshot();
        if (Resource is not null)
        {
            for (var i = 0; i < Resource.Levels.Length; i++)
            {
                var podName = i < Resource.PodNames.Length ? Resource.PodNames[i] : $"{PodNamePrefix}-{i}";

                // The fake metrics API always lists two containers; the ones without a level are nameless and empty.
                var containers = new ContainerUsage[NumContainersPerPod];
                for (var j = 0; j < NumContainersPerPod; j++)
                {
                    containers[j] = j < Resource.Levels[i].Length
                        ? new ContainerUsage($"container{j + 1}", new Dictionary<string, long> { [Resource.Name] = Resource.Levels[i][j] })
                        : new ContainerUsage("", new Dictionary<string, long>());
                }

                snapshot.AddPodUsage(podName, Timestamp, TimeSpan.FromMinutes(1), containers);
            }
        }

        if (Metric is not null)
        {
            switch (Metric.MetricType)
            {
                case MetricType.PodMetric:
                    for (var i = 0; i < Metric.Levels.Length; i++)
                    {
                        snapshot.AddPodMetric(Metric.Name, $"{PodNamePrefix}-{i}", Metric.Levels[i], Timestamp);
                    }

                    break;
                case MetricType.ObjectMetric or MetricType.ObjectPerPodMetric:
                    snapshot.SetObjectMetric(Metric.Name, RequireObject(Metric), Metric.Levels[0], Timestamp);
                    break;
                default:
                    foreach (var level in Metric.Levels)
                    {
                        snapshot.AddExternalSeries(Metric.Name, level, Timestamp, Metric.Selector?.MatchLabels);
                    }

                    break;
            }
        }

        return snapshot;
    }

    private static CrossVersionObjectReference RequireObject(MetricInfo metric) =>
        metric.SingleObject ?? throw new InvalidOperationException("Metric specified as objectMetric but metric.singleObject is null.");

    private static LabelSelectorSpec RequireSelector(MetricInfo metric) =>
        metric.Selector ?? throw new InvalidOperationException("Metric specified as externalMetric but metric.selector is null.");
}
