using static Erlmcp.Autoscaler.Core.Hpa.ConditionStatus;
using static Erlmcp.Autoscaler.Core.Hpa.PodPhase;
using static Erlmcp.Autoscaler.Core.Tests.Hpa.ReplicaCalcTestCase;

namespace Erlmcp.Autoscaler.Core.Tests.Hpa;

/// <summary>Upstream replica_calculator_test.go, custom (Pods, Object) and external metric cases, one test per upstream test.</summary>
public sealed class ReplicaCalculatorMetricTests
{
    [Fact]
    public void TestReplicaCalcScaleUpOverflow() => new ReplicaCalcTestCase
    {
        CurrentReplicas = 3,
        ExpectedReplicas = int.MaxValue,
        Metric = new MetricInfo
        {
            Name = "qps",
            Levels = [long.MaxValue], // A very large value...
            TargetUsage = 1, // ...against a very low target forces a count past int32.
            MetricType = MetricType.ObjectMetric,
            ExpectedUsage = long.MaxValue,
            SingleObject = SomeDeployment(),
        },
    }.RunTest();

    [Fact]
    public void TestExternalPerPodMetricReplicaOverflow() => new ReplicaCalcTestCase
    {
        CurrentReplicas = 1,
        ExpectedReplicas = int.MaxValue,
        Metric = new MetricInfo
        {
            Name = "qps",
            Levels = [long.MaxValue],
            PerPodTargetUsage = 1,
            MetricType = MetricType.ExternalPerPodMetric,
            ExpectedUsage = long.MaxValue,
            Selector = LabelValueSelector(),
        },
    }.RunTest();

    [Fact]
    public void TestExternalPerPodMetricUsageOverflow() => new ReplicaCalcTestCase
    {
        CurrentReplicas = 1,
        ExpectedReplicas = 1,
        Metric = new MetricInfo
        {
            Name = "qps",
            Levels = [long.MaxValue],
            PerPodTargetUsage = long.MaxValue,
            MetricType = MetricType.ExternalPerPodMetric,
            ExpectedUsage = long.MaxValue,
            Selector = LabelValueSelector(),
        },
    }.RunTest();

    [Fact]
    public void TestReplicaCalcExternalMetricUsageOverflow() => new ReplicaCalcTestCase
    {
        CurrentReplicas = 3,
        ExpectedReplicas = 3,
        Metric = new MetricInfo
        {
            Name = "qps",
            Levels = [(long.MaxValue / 2) + 1, (long.MaxValue / 2) + 1], // Their sum overflows int64...
            TargetUsage = long.MaxValue,
            MetricType = MetricType.ExternalMetric,
            Selector = LabelValueSelector(),
            ExpectedUsage = long.MaxValue, // ...and is capped.
        },
    }.RunTest();

    [Fact]
    public void TestReplicaCalcScaleUpCM() => new ReplicaCalcTestCase
    {
        CurrentReplicas = 3,
        ExpectedReplicas = 4,
        Metric = new MetricInfo
        {
            Name = "qps",
            Levels = [20000, 10000, 30000],
            TargetUsage = 15000,
            ExpectedUsage = 20000,
            MetricType = MetricType.PodMetric,
        },
    }.RunTest();

    [Fact]
    public void TestReplicaCalcScaleUpCMUnreadyHotCpuNoLessScale() => new ReplicaCalcTestCase
    {
        CurrentReplicas = 3,
        ExpectedReplicas = 6,
        PodReadiness = [True, True, False],
        PodStartTime = [CoolCpuCreationTime(), CoolCpuCreationTime(), HotCpuCreationTime()],
        Metric = new MetricInfo
        {
            Name = "qps",
            Levels = [50000, 10000, 30000],
            TargetUsage = 15000,
            ExpectedUsage = 30000,
            MetricType = MetricType.PodMetric,
        },
    }.RunTest();

    [Fact]
    public void TestReplicaCalcScaleUpCMUnreadyHotCpuScaleWouldScaleDown() => new ReplicaCalcTestCase
    {
        CurrentReplicas = 3,
        ExpectedReplicas = 7,
        PodReadiness = [False, True, False],
        PodStartTime = [HotCpuCreationTime(), CoolCpuCreationTime(), HotCpuCreationTime()],
        Metric = new MetricInfo
        {
            Name = "qps",
            Levels = [50000, 15000, 30000],
            TargetUsage = 15000,
            ExpectedUsage = 31666,
            MetricType = MetricType.PodMetric,
        },
    }.RunTest();

    [Fact]
    public void TestReplicaCalcScaleUpCMObject() => new ReplicaCalcTestCase
    {
        CurrentReplicas = 3,
        ExpectedReplicas = 4,
        Metric = new MetricInfo
        {
            Name = "qps",
            Levels = [20000],
            TargetUsage = 15000,
            ExpectedUsage = 20000,
            SingleObject = SomeDeployment(),
        },
    }.RunTest();

    [Fact]
    public void TestReplicaCalcScaleUpCMPerPodObject() => new ReplicaCalcTestCase
    {
        CurrentReplicas = 3,
        ExpectedReplicas = 4,
        Metric = new MetricInfo
        {
            MetricType = MetricType.ObjectPerPodMetric,
            Name = "qps",
            Levels = [20000],
            PerPodTargetUsage = 5000,
            ExpectedUsage = 6667,
            SingleObject = SomeDeployment(),
        },
    }.RunTest();

    [Fact]
    public void TestReplicaCalcScaleUpCMObjectIgnoresUnreadyPods() => new ReplicaCalcTestCase
    {
        CurrentReplicas = 3,
        ExpectedReplicas = 5, // Counting the unready pods would give 15.
        PodReadiness = [False, True, False],
        Metric = new MetricInfo
        {
            Name = "qps",
            Levels = [50000],
            TargetUsage = 10000,
            ExpectedUsage = 50000,
            SingleObject = SomeDeployment(),
        },
    }.RunTest();

    /// <summary>Despite its name, upstream runs this one as a Pods metric (a single pod).</summary>
    [Fact]
    public void TestReplicaCalcScaleUpCMExternal() => new ReplicaCalcTestCase
    {
        CurrentReplicas = 1,
        ExpectedReplicas = 2,
        Metric = new MetricInfo
        {
            Name = "qps",
            Levels = [8600],
            TargetUsage = 4400,
            ExpectedUsage = 8600,
            Selector = LabelValueSelector(),
            MetricType = MetricType.PodMetric,
        },
    }.RunTest();

    [Fact]
    public void TestReplicaCalcScaleUpCMExternalIgnoresUnreadyPods() => new ReplicaCalcTestCase
    {
        CurrentReplicas = 3,
        ExpectedReplicas = 2, // Counting the unready pods would give 6.
        PodReadiness = [False, True, False],
        Metric = new MetricInfo
        {
            Name = "qps",
            Levels = [8600],
            TargetUsage = 4400,
            ExpectedUsage = 8600,
            Selector = LabelValueSelector(),
            MetricType = MetricType.ExternalMetric,
        },
    }.RunTest();

    [Fact]
    public void TestReplicaCalcScaleUpCMExternalNoLabels() => new ReplicaCalcTestCase
    {
        CurrentReplicas = 1,
        ExpectedReplicas = 2,
        Metric = new MetricInfo
        {
            Name = "qps",
            Levels = [8600],
            TargetUsage = 4400,
            ExpectedUsage = 8600,
            MetricType = MetricType.PodMetric,
        },
    }.RunTest();

    [Fact]
    public void TestReplicaCalcScaleUpPerPodCMExternal() => new ReplicaCalcTestCase
    {
        CurrentReplicas = 3,
        ExpectedReplicas = 4,
        Metric = new MetricInfo
        {
            Name = "qps",
            Levels = [8600],
            PerPodTargetUsage = 2150,
            ExpectedUsage = 2867,
            Selector = LabelValueSelector(),
            MetricType = MetricType.ExternalPerPodMetric,
        },
    }.RunTest();

    [Fact]
    public void TestReplicaCalcScaleDownCM() => new ReplicaCalcTestCase
    {
        CurrentReplicas = 5,
        ExpectedReplicas = 3,
        Metric = new MetricInfo
        {
            Name = "qps",
            Levels = [12000, 12000, 12000, 12000, 12000],
            TargetUsage = 20000,
            ExpectedUsage = 12000,
            MetricType = MetricType.PodMetric,
        },
    }.RunTest();

    [Fact]
    public void TestReplicaCalcScaleDownPerPodCMObject() => new ReplicaCalcTestCase
    {
        CurrentReplicas = 5,
        ExpectedReplicas = 3,
        Metric = new MetricInfo
        {
            Name = "qps",
            Levels = [6000],
            PerPodTargetUsage = 2000,
            ExpectedUsage = 1200,
            SingleObject = SomeDeployment(),
            MetricType = MetricType.ObjectPerPodMetric,
        },
    }.RunTest();

    [Fact]
    public void TestReplicaCalcScaleDownCMObject() => new ReplicaCalcTestCase
    {
        CurrentReplicas = 5,
        ExpectedReplicas = 3,
        Metric = new MetricInfo
        {
            Name = "qps",
            Levels = [12000],
            TargetUsage = 20000,
            ExpectedUsage = 12000,
            SingleObject = SomeDeployment(),
        },
    }.RunTest();

    [Fact]
    public void TestReplicaCalcScaleDownCMExternal() => new ReplicaCalcTestCase
    {
        CurrentReplicas = 5,
        ExpectedReplicas = 3,
        Metric = new MetricInfo
        {
            Name = "qps",
            Levels = [8600],
            TargetUsage = 14334,
            ExpectedUsage = 8600,
            Selector = LabelValueSelector(),
            MetricType = MetricType.ExternalMetric,
        },
    }.RunTest();

    [Fact]
    public void TestReplicaCalcScaleDownPerPodCMExternal() => new ReplicaCalcTestCase
    {
        CurrentReplicas = 5,
        ExpectedReplicas = 3,
        Metric = new MetricInfo
        {
            Name = "qps",
            Levels = [8600],
            PerPodTargetUsage = 2867,
            ExpectedUsage = 1720,
            Selector = LabelValueSelector(),
            MetricType = MetricType.ExternalPerPodMetric,
        },
    }.RunTest();

    [Fact]
    public void TestReplicaCalcToleranceCM() => new ReplicaCalcTestCase
    {
        CurrentReplicas = 3,
        ExpectedReplicas = 3,
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
    public void TestReplicaCalcToleranceCMObject() => new ReplicaCalcTestCase
    {
        CurrentReplicas = 3,
        ExpectedReplicas = 3,
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
    public void TestReplicaCalcTolerancePerPodCMObject() => new ReplicaCalcTestCase
    {
        CurrentReplicas = 4,
        ExpectedReplicas = 4,
        Metric = new MetricInfo
        {
            MetricType = MetricType.ObjectPerPodMetric,
            Name = "qps",
            Levels = [20166],
            PerPodTargetUsage = 5000,
            ExpectedUsage = 5042,
            SingleObject = SomeDeployment(),
        },
    }.RunTest();

    [Fact]
    public void TestReplicaCalcToleranceCMExternal() => new ReplicaCalcTestCase
    {
        CurrentReplicas = 3,
        ExpectedReplicas = 3,
        Metric = new MetricInfo
        {
            Name = "qps",
            Levels = [8600],
            TargetUsage = 8888,
            ExpectedUsage = 8600,
            Selector = LabelValueSelector(),
            MetricType = MetricType.ExternalMetric,
        },
    }.RunTest();

    [Fact]
    public void TestReplicaCalcTolerancePerPodCMExternal() => new ReplicaCalcTestCase
    {
        CurrentReplicas = 3,
        ExpectedReplicas = 3,
        Metric = new MetricInfo
        {
            Name = "qps",
            Levels = [8600],
            PerPodTargetUsage = 2900,
            ExpectedUsage = 2867,
            Selector = LabelValueSelector(),
            MetricType = MetricType.ExternalPerPodMetric,
        },
    }.RunTest();

    [Fact]
    public void TestPlainMetricReplicaCalcMissingMetricsNoChangeEq() => new ReplicaCalcTestCase
    {
        CurrentReplicas = 5,
        ExpectedReplicas = 5,
        Metric = new MetricInfo
        {
            Name = "qps",
            Levels = [20000, 19000, 21000],
            TargetUsage = 20000,
            ExpectedUsage = 20000,
            MetricType = MetricType.PodMetric,
        },
    }.RunTest();

    [Fact]
    public void TestReplicaCalcDuringRollingUpdateWithMaxSurgeCM() => new ReplicaCalcTestCase
    {
        CurrentReplicas = 2,
        ExpectedReplicas = 2,
        PodPhase = [Running, Running, Running],
        Metric = new MetricInfo
        {
            Name = "qps",
            Levels = [10000, 10000],
            TargetUsage = 17000,
            ExpectedUsage = 10000,
            MetricType = MetricType.PodMetric,
        },
    }.RunTest();
}
