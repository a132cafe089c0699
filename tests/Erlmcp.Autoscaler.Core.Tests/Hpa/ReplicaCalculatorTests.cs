using static Erlmcp.Autoscaler.Core.Hpa.ConditionStatus;
using static Erlmcp.Autoscaler.Core.Hpa.PodPhase;
using static Erlmcp.Autoscaler.Core.Tests.Hpa.ReplicaCalcTestCase;

namespace Erlmcp.Autoscaler.Core.Tests.Hpa;

/// <summary>
/// Upstream replica_calculator_test.go, resource (CPU) cases, one test per upstream test with its name. Upstream
/// later folded these into TestReplicaCalcResourceScale's subtests with the same data. Requests are in milli-units:
/// upstream's resource.MustParse("1.0") is 1000 here.
/// </summary>
public sealed class ReplicaCalculatorTests
{
    [Fact]
    public void TestReplicaCalcDisjointResourcesMetrics() => new ReplicaCalcTestCase
    {
        CurrentReplicas = 1,
        ExpectedError = "no metrics returned matched known pods",
        Resource = new ResourceInfo
        {
            Requests = [1000],
            Levels = MakePodMetricLevels(100),
            PodNames = ["an-older-pod-name"],
            TargetUtilization = 100,
        },
    }.RunTest();

    [Fact]
    public void TestReplicaCalcScaleUp() => new ReplicaCalcTestCase
    {
        CurrentReplicas = 3,
        ExpectedReplicas = 5,
        Resource = new ResourceInfo
        {
            Requests = Requests(3, 1000),
            Levels = MakePodMetricLevels(300, 500, 700),
            TargetUtilization = 30,
            ExpectedUtilization = 50,
            ExpectedValue = NumContainersPerPod * 500,
        },
    }.RunTest();

    [Fact]
    public void TestReplicaCalcContainerScaleUp() => new ReplicaCalcTestCase
    {
        CurrentReplicas = 3,
        ExpectedReplicas = 5,
        Resource = new ResourceInfo
        {
            Requests = Requests(3, 1000),
            Levels = [[1000, 300], [1000, 500], [1000, 700]],
            TargetUtilization = 30,
            ExpectedUtilization = 50,
            ExpectedValue = 500,
        },
        Container = "container2",
    }.RunTest();

    [Fact]
    public void TestReplicaCalcScaleUpUnreadyLessScale() => new ReplicaCalcTestCase
    {
        CurrentReplicas = 3,
        ExpectedReplicas = 4,
        PodReadiness = [False, True, True],
        Resource = new ResourceInfo
        {
            Requests = Requests(3, 1000),
            Levels = MakePodMetricLevels(300, 500, 700),
            TargetUtilization = 30,
            ExpectedUtilization = 60,
            ExpectedValue = NumContainersPerPod * 600,
        },
    }.RunTest();

    [Fact]
    public void TestReplicaCalcScaleUpContainerHotCpuLessScale() => new ReplicaCalcTestCase
    {
        CurrentReplicas = 3,
        ExpectedReplicas = 4,
        PodStartTime = [HotCpuCreationTime(), CoolCpuCreationTime(), CoolCpuCreationTime()],
        Resource = new ResourceInfo
        {
            Requests = Requests(3, 1000),
            Levels = [[0, 300], [0, 500], [0, 700]],
            TargetUtilization = 30,
            ExpectedUtilization = 60,
            ExpectedValue = 600,
        },
        Container = "container2",
    }.RunTest();

    [Fact]
    public void TestReplicaCalcScaleUpHotCpuLessScale() => new ReplicaCalcTestCase
    {
        CurrentReplicas = 3,
        ExpectedReplicas = 4,
        PodStartTime = [HotCpuCreationTime(), CoolCpuCreationTime(), CoolCpuCreationTime()],
        Resource = new ResourceInfo
        {
            Requests = Requests(3, 1000),
            Levels = MakePodMetricLevels(300, 500, 700),
            TargetUtilization = 30,
            ExpectedUtilization = 60,
            ExpectedValue = NumContainersPerPod * 600,
        },
    }.RunTest();

    [Fact]
    public void TestReplicaCalcScaleUpUnreadyNoScale() => new ReplicaCalcTestCase
    {
        CurrentReplicas = 3,
        ExpectedReplicas = 3,
        PodReadiness = [True, False, False],
        Resource = new ResourceInfo
        {
            Requests = Requests(3, 1000),
            Levels = MakePodMetricLevels(400, 500, 700),
            TargetUtilization = 30,
            ExpectedUtilization = 40,
            ExpectedValue = NumContainersPerPod * 400,
        },
    }.RunTest();

    [Fact]
    public void TestReplicaCalcScaleHotCpuNoScale() => new ReplicaCalcTestCase
    {
        CurrentReplicas = 3,
        ExpectedReplicas = 3,
        PodReadiness = [True, False, False],
        PodStartTime = [CoolCpuCreationTime(), HotCpuCreationTime(), HotCpuCreationTime()],
        Resource = new ResourceInfo
        {
            Requests = Requests(3, 1000),
            Levels = MakePodMetricLevels(400, 500, 700),
            TargetUtilization = 30,
            ExpectedUtilization = 40,
            ExpectedValue = NumContainersPerPod * 400,
        },
    }.RunTest();

    [Fact]
    public void TestReplicaCalcScaleUpIgnoresFailedPods() => new ReplicaCalcTestCase
    {
        CurrentReplicas = 2,
        ExpectedReplicas = 4,
        PodReadiness = [True, True, False, False],
        PodPhase = [Running, Running, Failed, Failed],
        Resource = new ResourceInfo
        {
            Requests = Requests(4, 1000),
            Levels = MakePodMetricLevels(500, 700),
            TargetUtilization = 30,
            ExpectedUtilization = 60,
            ExpectedValue = NumContainersPerPod * 600,
        },
    }.RunTest();

    [Fact]
    public void TestReplicaCalcMissingContainerMetricScaleUpIgnoresFailedPods() => new ReplicaCalcTestCase
    {
        CurrentReplicas = 2,
        ExpectedReplicas = 4,
        PodReadiness = [True, True, False, False],
        PodPhase = [Running, Running, Failed, Failed],
        Resource = new ResourceInfo
        {
            Requests = Requests(4, 1000),
            Levels = [[1000, 500], [9000, 700], [1000], [9000]],
            TargetUtilization = 30,
            ExpectedUtilization = 60,
            ExpectedValue = 600,
        },
        Container = "container2",
    }.RunTest();

    [Fact]
    public void TestReplicaCalcScaleUpContainerIgnoresFailedPods() => new ReplicaCalcTestCase
    {
        CurrentReplicas = 2,
        ExpectedReplicas = 4,
        PodReadiness = [True, True, False, False],
        PodPhase = [Running, Running, Failed, Failed],
        Resource = new ResourceInfo
        {
            Requests = Requests(4, 1000),
            Levels = [[1000, 500], [9000, 700]],
            TargetUtilization = 30,
            ExpectedUtilization = 60,
            ExpectedValue = 600,
        },
        Container = "container2",
    }.RunTest();

    [Fact]
    public void TestReplicaCalcScaleUpIgnoresDeletionPods() => new ReplicaCalcTestCase
    {
        CurrentReplicas = 2,
        ExpectedReplicas = 4,
        PodReadiness = [True, True, False, False],
        PodPhase = [Running, Running, Running, Running],
        PodDeletionTimestamp = [false, false, true, true],
        Resource = new ResourceInfo
        {
            Requests = Requests(4, 1000),
            Levels = MakePodMetricLevels(500, 700),
            TargetUtilization = 30,
            ExpectedUtilization = 60,
            ExpectedValue = NumContainersPerPod * 600,
        },
    }.RunTest();

    [Fact]
    public void TestReplicaCalcScaleUpContainerIgnoresDeletionPods() => new ReplicaCalcTestCase
    {
        CurrentReplicas = 2,
        ExpectedReplicas = 4,
        PodReadiness = [True, True, False, False],
        PodPhase = [Running, Running, Running, Running],
        PodDeletionTimestamp = [false, false, true, true],
        Resource = new ResourceInfo
        {
            Requests = Requests(4, 1000),
            Levels = MakePodMetricLevels(500, 700), // Upstream: "this test is broken and works only because of missing metrics".
            TargetUtilization = 30,
            ExpectedUtilization = 60,
            ExpectedValue = 600,
        },
        Container = "container1",
    }.RunTest();

    [Fact]
    public void TestReplicaCalcScaleDown() => new ReplicaCalcTestCase
    {
        CurrentReplicas = 5,
        ExpectedReplicas = 3,
        Resource = new ResourceInfo
        {
            Requests = Requests(5, 1000),
            Levels = MakePodMetricLevels(100, 300, 500, 250, 250),
            TargetUtilization = 50,
            ExpectedUtilization = 28,
            ExpectedValue = NumContainersPerPod * 280,
        },
    }.RunTest();

    [Fact]
    public void TestReplicaCalcContainerScaleDown() => new ReplicaCalcTestCase
    {
        CurrentReplicas = 5,
        ExpectedReplicas = 3,
        Resource = new ResourceInfo
        {
            Requests = Requests(5, 1000),
            Levels = [[1000, 100], [1000, 300], [1000, 500], [1000, 250], [1000, 250]],
            TargetUtilization = 50,
            ExpectedUtilization = 28,
            ExpectedValue = 280,
        },
        Container = "container2",
    }.RunTest();

    [Fact]
    public void TestReplicaCalcScaleDownExcludeUnreadyPods() => new ReplicaCalcTestCase
    {
        CurrentReplicas = 5,
        ExpectedReplicas = 2,
        PodReadiness = [True, True, True, False, False],
        Resource = new ResourceInfo
        {
            Requests = Requests(5, 1000),
            Levels = MakePodMetricLevels(100, 300, 500, 250, 250),
            TargetUtilization = 50,
            ExpectedUtilization = 30,
            ExpectedValue = NumContainersPerPod * 300,
        },
    }.RunTest();

    [Fact]
    public void TestReplicaCalcScaleDownContainerExcludeUnreadyPods() => new ReplicaCalcTestCase
    {
        CurrentReplicas = 5,
        ExpectedReplicas = 2,
        PodReadiness = [True, True, True, False, False],
        Resource = new ResourceInfo
        {
            Requests = Requests(5, 1000),
            Levels = [[1000, 100], [1000, 300], [1000, 500], [1000, 250], [1000, 250]],
            TargetUtilization = 50,
            ExpectedUtilization = 30,
            ExpectedValue = 300,
        },
        Container = "container2",
    }.RunTest();

    [Fact]
    public void TestReplicaCalcScaleDownExcludeUnscheduledPods() => new ReplicaCalcTestCase
    {
        CurrentReplicas = 5,
        ExpectedReplicas = 1,
        PodReadiness = [True, False, False, False, False],
        PodPhase = [Running, Pending, Pending, Pending, Pending],
        Resource = new ResourceInfo
        {
            Requests = Requests(5, 1000),
            Levels = MakePodMetricLevels(100),
            TargetUtilization = 50,
            ExpectedUtilization = 10,
            ExpectedValue = NumContainersPerPod * 100,
        },
    }.RunTest();

    [Fact]
    public void TestReplicaCalcScaleDownContainerExcludeUnscheduledPods() => new ReplicaCalcTestCase
    {
        CurrentReplicas = 5,
        ExpectedReplicas = 1,
        PodReadiness = [True, False, False, False, False],
        PodPhase = [Running, Pending, Pending, Pending, Pending],
        Resource = new ResourceInfo
        {
            Requests = Requests(5, 1000),
            Levels = [[1000, 100], [1000, 300], [1000, 500], [1000, 250], [1000, 250]],
            TargetUtilization = 50,
            ExpectedUtilization = 10,
            ExpectedValue = 100,
        },
        Container = "container2",
    }.RunTest();

    [Fact]
    public void TestReplicaCalcScaleDownIgnoreHotCpuPods() => new ReplicaCalcTestCase
    {
        CurrentReplicas = 5,
        ExpectedReplicas = 2,
        PodStartTime = [CoolCpuCreationTime(), CoolCpuCreationTime(), CoolCpuCreationTime(), HotCpuCreationTime(), HotCpuCreationTime()],
        Resource = new ResourceInfo
        {
            Requests = Requests(5, 1000),
            Levels = MakePodMetricLevels(100, 300, 500, 250, 250),
            TargetUtilization = 50,
            ExpectedUtilization = 30,
            ExpectedValue = NumContainersPerPod * 300,
        },
    }.RunTest();

    [Fact]
    public void TestReplicaCalcScaleDownContainerIgnoreHotCpuPods() => new ReplicaCalcTestCase
    {
        CurrentReplicas = 5,
        ExpectedReplicas = 2,
        PodStartTime = [CoolCpuCreationTime(), CoolCpuCreationTime(), CoolCpuCreationTime(), HotCpuCreationTime(), HotCpuCreationTime()],
        Resource = new ResourceInfo
        {
            Requests = Requests(5, 1000),
            Levels = [[1000, 100], [1000, 300], [1000, 500], [1000, 1000], [1000, 1000]],
            TargetUtilization = 50,
            ExpectedUtilization = 30,
            ExpectedValue = 300,
        },
        Container = "container2",
    }.RunTest();

    [Fact]
    public void TestReplicaCalcScaleDownIgnoresFailedPods() => new ReplicaCalcTestCase
    {
        CurrentReplicas = 5,
        ExpectedReplicas = 3,
        PodReadiness = [True, True, True, True, True, False, False],
        PodPhase = [Running, Running, Running, Running, Running, Failed, Failed],
        Resource = new ResourceInfo
        {
            Requests = Requests(7, 1000),
            Levels = MakePodMetricLevels(100, 300, 500, 250, 250),
            TargetUtilization = 50,
            ExpectedUtilization = 28,
            ExpectedValue = NumContainersPerPod * 280,
        },
    }.RunTest();

    [Fact]
    public void TestReplicaCalcScaleDownContainerIgnoresFailedPods() => new ReplicaCalcTestCase
    {
        CurrentReplicas = 5,
        ExpectedReplicas = 3,
        PodReadiness = [True, True, True, True, True, False, False],
        PodPhase = [Running, Running, Running, Running, Running, Failed, Failed],
        Resource = new ResourceInfo
        {
            Requests = Requests(7, 1000),
            Levels = [[1000, 100], [1000, 300], [1000, 500], [1000, 250], [1000, 250]], // Upstream: "TODO: Test is broken".
            TargetUtilization = 50,
            ExpectedUtilization = 28,
            ExpectedValue = 280,
        },
        Container = "container2",
    }.RunTest();

    [Fact]
    public void TestReplicaCalcScaleDownIgnoresDeletionPods() => new ReplicaCalcTestCase
    {
        CurrentReplicas = 5,
        ExpectedReplicas = 3,
        PodReadiness = [True, True, True, True, True, False, False],
        PodPhase = [Running, Running, Running, Running, Running, Running, Running],
        PodDeletionTimestamp = [false, false, false, false, false, true, true],
        Resource = new ResourceInfo
        {
            Requests = Requests(7, 1000),
            Levels = MakePodMetricLevels(100, 300, 500, 250, 250),
            TargetUtilization = 50,
            ExpectedUtilization = 28,
            ExpectedValue = NumContainersPerPod * 280,
        },
    }.RunTest();

    /// <summary>Regression test for kubernetes/kubernetes#83561.</summary>
    [Fact]
    public void TestReplicaCalcScaleDownIgnoresDeletionPods_StillRunning() => new ReplicaCalcTestCase
    {
        CurrentReplicas = 5,
        ExpectedReplicas = 3,
        PodReadiness = [True, True, True, True, True, False, False],
        PodPhase = [Running, Running, Running, Running, Running, Running, Running],
        PodDeletionTimestamp = [false, false, false, false, false, true, true],
        Resource = new ResourceInfo
        {
            Requests = Requests(7, 1000),
            Levels = [[1000, 100], [1000, 300], [1000, 500], [1000, 250], [1000, 250]],
            TargetUtilization = 50,
            ExpectedUtilization = 28,
            ExpectedValue = 280,
        },
        Container = "container2",
    }.RunTest();

    [Fact]
    public void TestReplicaCalcTolerance() => new ReplicaCalcTestCase
    {
        CurrentReplicas = 3,
        ExpectedReplicas = 3,
        Resource = new ResourceInfo
        {
            Requests = [900, 1000, 1100],
            Levels = MakePodMetricLevels(1010, 1030, 1020),
            TargetUtilization = 100,
            ExpectedUtilization = 102,
            ExpectedValue = NumContainersPerPod * 1020,
        },
    }.RunTest();

    [Fact]
    public void TestReplicaCalcSuperfluousMetrics() => new ReplicaCalcTestCase
    {
        CurrentReplicas = 4,
        ExpectedReplicas = 24,
        Resource = new ResourceInfo
        {
            Requests = Requests(4, 1000),
            Levels = MakePodMetricLevels(4000, 9500, 3000, 7000, 3200, 2000),
            TargetUtilization = 100,
            ExpectedUtilization = 587,
            ExpectedValue = NumContainersPerPod * 5875,
        },
    }.RunTest();

    [Fact]
    public void TestReplicaCalcMissingMetrics() => new ReplicaCalcTestCase
    {
        CurrentReplicas = 4,
        ExpectedReplicas = 3,
        Resource = new ResourceInfo
        {
            Requests = Requests(4, 1000),
            Levels = MakePodMetricLevels(400, 95),
            TargetUtilization = 100,
            ExpectedUtilization = 24,
            ExpectedValue = 495, // numContainersPerPod * 247, for sufficiently large values of 247
        },
    }.RunTest();

    [Fact]
    public void TestReplicaCalcEmptyMetrics() => new ReplicaCalcTestCase
    {
        CurrentReplicas = 4,
        ExpectedError = "unable to get metrics for resource cpu: no metrics returned from resource metrics API",
        Resource = new ResourceInfo
        {
            Requests = Requests(3, 1000),
            Levels = MakePodMetricLevels(),
            TargetUtilization = 100,
        },
    }.RunTest();

    [Fact]
    public void TestReplicaCalcEmptyCPURequest() => new ReplicaCalcTestCase
    {
        CurrentReplicas = 1,
        ExpectedError = "missing request for",
        Resource = new ResourceInfo
        {
            Requests = [],
            Levels = MakePodMetricLevels(200),
            TargetUtilization = 100,
        },
    }.RunTest();

    [Fact]
    public void TestReplicaCalcMissingMetricsNoChangeEq() => new ReplicaCalcTestCase
    {
        CurrentReplicas = 2,
        ExpectedReplicas = 2,
        Resource = new ResourceInfo
        {
            Requests = Requests(2, 1000),
            Levels = MakePodMetricLevels(1000),
            TargetUtilization = 100,
            ExpectedUtilization = 100,
            ExpectedValue = NumContainersPerPod * 1000,
        },
    }.RunTest();

    [Fact]
    public void TestReplicaCalcMissingMetricsNoChangeGt() => new ReplicaCalcTestCase
    {
        CurrentReplicas = 2,
        ExpectedReplicas = 2,
        Resource = new ResourceInfo
        {
            Requests = Requests(2, 1000),
            Levels = MakePodMetricLevels(1900),
            TargetUtilization = 100,
            ExpectedUtilization = 190,
            ExpectedValue = NumContainersPerPod * 1900,
        },
    }.RunTest();

    [Fact]
    public void TestReplicaCalcMissingMetricsNoChangeLt() => new ReplicaCalcTestCase
    {
        CurrentReplicas = 2,
        ExpectedReplicas = 2,
        Resource = new ResourceInfo
        {
            Requests = Requests(2, 1000),
            Levels = MakePodMetricLevels(600),
            TargetUtilization = 100,
            ExpectedUtilization = 60,
            ExpectedValue = NumContainersPerPod * 600,
        },
    }.RunTest();

    [Fact]
    public void TestReplicaCalcMissingMetricsUnreadyChange() => new ReplicaCalcTestCase
    {
        CurrentReplicas = 3,
        ExpectedReplicas = 3,
        PodReadiness = [False, True, True],
        Resource = new ResourceInfo
        {
            Requests = Requests(3, 1000),
            Levels = MakePodMetricLevels(100, 450),
            TargetUtilization = 50,
            ExpectedUtilization = 45,
            ExpectedValue = NumContainersPerPod * 450,
        },
    }.RunTest();

    [Fact]
    public void TestReplicaCalcMissingMetricsHotCpuNoChange() => new ReplicaCalcTestCase
    {
        CurrentReplicas = 3,
        ExpectedReplicas = 3,
        PodStartTime = [HotCpuCreationTime(), CoolCpuCreationTime(), CoolCpuCreationTime()],
        Resource = new ResourceInfo
        {
            Requests = Requests(3, 1000),
            Levels = MakePodMetricLevels(100, 450),
            TargetUtilization = 50,
            ExpectedUtilization = 45,
            ExpectedValue = NumContainersPerPod * 450,
        },
    }.RunTest();

    [Fact]
    public void TestReplicaCalcMissingMetricsUnreadyScaleUp() => new ReplicaCalcTestCase
    {
        CurrentReplicas = 3,
        ExpectedReplicas = 4,
        PodReadiness = [False, True, True],
        Resource = new ResourceInfo
        {
            Requests = Requests(3, 1000),
            Levels = MakePodMetricLevels(100, 2000),
            TargetUtilization = 50,
            ExpectedUtilization = 200,
            ExpectedValue = NumContainersPerPod * 2000,
        },
    }.RunTest();

    [Fact]
    public void TestReplicaCalcMissingMetricsHotCpuScaleUp() => new ReplicaCalcTestCase
    {
        CurrentReplicas = 3,
        ExpectedReplicas = 4,
        PodReadiness = [False, True, True],
        PodStartTime = [HotCpuCreationTime(), CoolCpuCreationTime(), CoolCpuCreationTime()],
        Resource = new ResourceInfo
        {
            Requests = Requests(3, 1000),
            Levels = MakePodMetricLevels(100, 2000),
            TargetUtilization = 50,
            ExpectedUtilization = 200,
            ExpectedValue = NumContainersPerPod * 2000,
        },
    }.RunTest();

    [Fact]
    public void TestReplicaCalcMissingMetricsUnreadyScaleDown() => new ReplicaCalcTestCase
    {
        CurrentReplicas = 4,
        ExpectedReplicas = 3,
        PodReadiness = [False, True, True, True],
        Resource = new ResourceInfo
        {
            Requests = Requests(4, 1000),
            Levels = MakePodMetricLevels(100, 100, 100),
            TargetUtilization = 50,
            ExpectedUtilization = 10,
            ExpectedValue = NumContainersPerPod * 100,
        },
    }.RunTest();

    [Fact]
    public void TestReplicaCalcMissingMetricsScaleDownTargetOver100() => new ReplicaCalcTestCase
    {
        CurrentReplicas = 4,
        ExpectedReplicas = 2,
        PodReadiness = [False, True, True, True],
        Resource = new ResourceInfo
        {
            Requests = [1000, 1000, 2000, 2000],
            Levels = MakePodMetricLevels(200, 100, 100),
            TargetUtilization = 300,
            ExpectedUtilization = 6,
            ExpectedValue = NumContainersPerPod * 100,
        },
    }.RunTest();

    [Fact]
    public void TestReplicaCalcDuringRollingUpdateWithMaxSurge() => new ReplicaCalcTestCase
    {
        CurrentReplicas = 2,
        ExpectedReplicas = 2,
        PodPhase = [Running, Running, Running],
        Resource = new ResourceInfo
        {
            Requests = Requests(3, 1000),
            Levels = MakePodMetricLevels(100, 100),
            TargetUtilization = 50,
            ExpectedUtilization = 10,
            ExpectedValue = NumContainersPerPod * 100,
        },
    }.RunTest();

    /// <summary>
    /// TestComputedToleranceAlgImplementation: back-calculates a minimal percentage for downscaling from a small
    /// increase in pod utilization calibrated against the tolerance, then checks that just inside the margin nothing
    /// scales. The arithmetic follows upstream's step by step (including its int32 divisions).
    /// </summary>
    [Fact]
    public void TestReplicaCalcComputedToleranceAlgImplementation()
    {
        const int startPods = 10;

        // 150 mCPU per pod; each pod asks for twice what it needs, a 50% used/requested ratio.
        const long totalUsedCpuOfAllPods = startPods * 150;
        const int totalRequestedCpuOfAllPods = (int)(2 * totalUsedCpuOfAllPods);
        const double requestedToUsed = totalRequestedCpuOfAllPods / (int)totalUsedCpuOfAllPods;
        const int perPodRequested = totalRequestedCpuOfAllPods / startPods;

        // Force a minimal scaling event by satisfying (tolerance < 1 - resourcesUsedRatio).
        var target = Math.Abs(1 / (requestedToUsed * (1 - DefaultTestingTolerance))) + .01;
        var finalCpuPercentTarget = (int)(target * 100);
        var resourcesUsedRatio = totalUsedCpuOfAllPods / (totalRequestedCpuOfAllPods * target);
        var finalPods = (int)Math.Ceiling(resourcesUsedRatio * startPods);
        Assert.Equal((56, 9), (finalCpuPercentTarget, finalPods));

        var resource = new ResourceInfo
        {
            Levels = MakePodMetricLevels([.. Enumerable.Repeat(totalUsedCpuOfAllPods / 10, 10)]),
            Requests =
            [
                perPodRequested + 100, perPodRequested - 100, perPodRequested + 10, perPodRequested - 10, perPodRequested + 2,
                perPodRequested - 2, perPodRequested + 1, perPodRequested - 1, perPodRequested, perPodRequested,
            ],
            TargetUtilization = finalCpuPercentTarget,
            ExpectedUtilization = (int)(totalUsedCpuOfAllPods * 100) / totalRequestedCpuOfAllPods,
            ExpectedValue = NumContainersPerPod * totalUsedCpuOfAllPods / 10,
        };
        var tc = new ReplicaCalcTestCase { CurrentReplicas = startPods, ExpectedReplicas = finalPods, Resource = resource };
        tc.RunTest();

        // Now no scaling happens in a very close margin to the tolerance.
        target = Math.Abs(1 / (requestedToUsed * (1 - DefaultTestingTolerance))) + .004;
        finalCpuPercentTarget = (int)(target * 100);
        Assert.Equal(55, finalCpuPercentTarget);
        (tc with
        {
            Resource = resource with { TargetUtilization = finalCpuPercentTarget },
            ExpectedReplicas = startPods,
        }).RunTest();
    }
}
