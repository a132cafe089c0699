using Erlmcp.Autoscaler.Core.Hpa;
using static Erlmcp.Autoscaler.Core.Tests.Hpa.ReplicaCalcTestCase;

namespace Erlmcp.Autoscaler.Core.Tests.Hpa;

/// <summary>Upstream TestGroupPods, TestCalculateRequests and TestCalculatePodRequestsFromContainers_NonExistentContainer.</summary>
public sealed class PodGroupingAndRequestsTests
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    private static readonly Dictionary<string, GroupPodsCase> GroupPodsCases = new()
    {
        ["void"] = new([], [], "cpu", 0, [], [], []),
        ["count in a ready pod - memory"] = new(
            [Pod("bentham", PodPhase.Succeeded)],
            new() { ["bentham"] = new PodMetric(1, Now, Minute) },
            "memory",
            1,
            [],
            [],
            []),
        ["unready a pod without ready condition - CPU"] = new(
            [Pod("lucretius", PodPhase.Succeeded, startTime: Now)],
            new() { ["lucretius"] = Value(1) },
            "cpu",
            0,
            ["lucretius"],
            [],
            []),
        ["count in a ready pod with fresh metrics during initialization period - CPU"] = new(
            [Pod("bentham", PodPhase.Succeeded, startTime: Now - Minute, ready: new(ConditionStatus.True, Now - TimeSpan.FromSeconds(30)))],
            new() { ["bentham"] = new PodMetric(1, Now, TimeSpan.FromSeconds(30)) },
            "cpu",
            1,
            [],
            [],
            []),
        ["unready a ready pod without fresh metrics during initialization period - CPU"] = new(
            [Pod("bentham", PodPhase.Succeeded, startTime: Now - Minute, ready: new(ConditionStatus.True, Now - TimeSpan.FromSeconds(30)))],
            new() { ["bentham"] = new PodMetric(1, Now, TimeSpan.FromSeconds(60)) },
            "cpu",
            0,
            ["bentham"],
            [],
            []),
        ["unready an unready pod during initialization period - CPU"] = new(
            [Pod("lucretius", PodPhase.Succeeded, startTime: Now - (10 * Minute), ready: new(ConditionStatus.False, Now - (9 * Minute) - TimeSpan.FromSeconds(54)))],
            new() { ["lucretius"] = Value(1) },
            "cpu",
            0,
            ["lucretius"],
            [],
            []),
        ["count in a ready pod without fresh metrics after initialization period - CPU"] = new(
            [Pod("bentham", PodPhase.Succeeded, startTime: Now - (3 * Minute), ready: new(ConditionStatus.True, Now - (3 * Minute)))],
            new() { ["bentham"] = new PodMetric(1, Now - (2 * Minute), Minute) },
            "cpu",
            1,
            [],
            [],
            []),
        ["count in an unready pod that was ready after initialization period - CPU"] = new(
            [Pod("lucretius", PodPhase.Succeeded, startTime: Now - (10 * Minute), ready: new(ConditionStatus.False, Now - (9 * Minute)))],
            new() { ["lucretius"] = Value(1) },
            "cpu",
            1,
            [],
            [],
            []),
        ["unready pod that has never been ready after initialization period - CPU"] = new(
            [Pod("lucretius", PodPhase.Succeeded, startTime: Now - (10 * Minute), ready: new(ConditionStatus.False, Now - (9 * Minute) - TimeSpan.FromSeconds(50)))],
            new() { ["lucretius"] = Value(1) },
            "cpu",
            1,
            [],
            [],
            []),
        ["a missing pod"] = new(
            [Pod("epicurus", PodPhase.Succeeded, startTime: Now - (3 * Minute))],
            [],
            "cpu",
            0,
            [],
            ["epicurus"],
            []),
        ["several pods"] = new(
            [
                Pod("lucretius", PodPhase.Succeeded, startTime: Now),
                Pod("niccolo", PodPhase.Succeeded, startTime: Now - (3 * Minute), ready: new(ConditionStatus.True, Now - (3 * Minute))),
                Pod("epicurus", PodPhase.Succeeded, startTime: Now - (3 * Minute)),
            ],
            new() { ["lucretius"] = Value(1), ["niccolo"] = Value(1) },
            "cpu",
            1,
            ["lucretius"],
            ["epicurus"],
            []),
        ["pending pods are unreadied"] = new([Pod("unscheduled", PodPhase.Pending)], [], "cpu", 0, ["unscheduled"], [], []),
        ["ignore pods with deletion timestamps"] = new(
            [Pod("deleted", PodPhase.Pending, deletionTimestamp: DateTimeOffset.FromUnixTimeSeconds(1))],
            new() { ["deleted"] = Value(1) },
            "cpu",
            0,
            [],
            [],
            ["deleted"]),
        ["ignore pods in a failed state"] = new(
            [Pod("failed", PodPhase.Failed)],
            new() { ["failed"] = Value(1) },
            "cpu",
            0,
            [],
            [],
            ["failed"]),
    };

    private static readonly Dictionary<string, CalculateRequestsCase> CalculateRequestsCases = new()
    {
        ["void"] = new([], "", false, new Dictionary<string, long>(), null),
        ["Sum container requests if pod-level feature is disabled"] = new(
            [RequestingPod(null, ("container1", 100), ("container2", 50))], "", false, new() { ["test-pod"] = 150 }, null),
        ["Pod-level resources are enabled, but not set: fallback to sum container requests"] = new(
            [RequestingPod(null, ("container1", 100), ("container2", 50))], "", true, new() { ["test-pod"] = 150 }, null),
        ["Pod-level resources override container requests when feature enabled and pod resources specified"] = new(
            [RequestingPod(800, ("container1", 100), ("container2", 50))], "", true, new() { ["test-pod"] = 800 }, null),
        ["Fail if at least one of the containers is missing requests and pod-level feature/requests are not set"] = new(
            [RequestingPod(null, ("container1", null), ("container2", 50))],
            "",
            false,
            null,
            "missing request for cpu in container container1 of Pod test-pod"),
        ["Pod-level resources override missing container requests when feature enabled and pod resources specified"] = new(
            [RequestingPod(800, ("container1", null), ("container2", 50))], "", true, new() { ["test-pod"] = 800 }, null),
        ["Container: if a container name is specified, calculate requests only for that container"] = new(
            [RequestingPod(null, ("container1", 100), ("container2", 50))], "container1", false, new() { ["test-pod"] = 100 }, null),
        ["Container: if a container name is specified, calculate requests only for that container and ignore pod-level requests"] = new(
            [RequestingPod(800, ("container1", 100), ("container2", 50))], "container1", true, new() { ["test-pod"] = 100 }, null),

        // Upstream also lists a plain init container requesting 20m; PodInfo leaves plain init containers out, as
        // calculatePodRequestsFromContainers does.
        ["pod with restartable init containers"] = new(
            [
                new PodInfo("test-pod", PodPhase.Running, null, null,
                [
                    new ContainerInfo("container1", Cpu(100)),
                    new ContainerInfo("restartable-container1", Cpu(50), IsRestartableInit: true),
                ]),
            ],
            "",
            false,
            new() { ["test-pod"] = 150 },
            null),
    };

    public static TheoryData<string> GroupPodsCaseNames => [.. GroupPodsCases.Keys];

    public static TheoryData<string> CalculateRequestsCaseNames => [.. CalculateRequestsCases.Keys];

    [Theory]
    [MemberData(nameof(GroupPodsCaseNames))]
    public void TestGroupPods(string name)
    {
        var tc = GroupPodsCases[name];
        var groups = PodGrouping.Group(
            tc.Pods, tc.Metrics, tc.Resource, DefaultTestingCpuInitializationPeriod, DefaultTestingDelayOfInitialReadinessStatus, Now);

        Assert.Equal(tc.ExpectReadyPodCount, groups.ReadyPodCount);
        Assert.Equal(tc.ExpectUnreadyPods.Order(), groups.Unready.Order());
        Assert.Equal(tc.ExpectMissingPods.Order(), groups.Missing.Order());
        Assert.Equal(tc.ExpectIgnoredPods.Order(), groups.Ignored.Order());
    }

    [Theory]
    [MemberData(nameof(CalculateRequestsCaseNames))]
    public void TestCalculateRequests(string name)
    {
        var tc = CalculateRequestsCases[name];
        if (tc.ExpectedError is not null)
        {
            var error = Assert.Throws<ReplicaCalculationException>(
                () => PodRequests.Calculate(tc.Pods, tc.Container, "cpu", tc.EnablePodLevelResources));
            Assert.Equal(tc.ExpectedError, error.Message);
            return;
        }

        Assert.Equal(tc.ExpectedRequests, PodRequests.Calculate(tc.Pods, tc.Container, "cpu", tc.EnablePodLevelResources));
    }

    [Fact]
    public void TestCalculatePodRequestsFromContainers_NonExistentContainer()
    {
        var pod = RequestingPod(null, ("container1", 100));
        var error = Assert.Throws<ReplicaCalculationException>(
            () => PodRequests.FromContainers(pod, "non-existent-container", "cpu"));
        Assert.Equal("container non-existent-container not found in Pod test-pod", error.Message);
    }

    [Fact]
    public void Regular_containers_are_checked_before_restartable_init_containers_whatever_the_list_order()
    {
        var pod = new PodInfo("test-pod", PodPhase.Running, null, null,
        [
            new ContainerInfo("sidecar", new Dictionary<string, long>(), IsRestartableInit: true),
            new ContainerInfo("app", new Dictionary<string, long>()),
        ]);
        var error = Assert.Throws<ReplicaCalculationException>(() => PodRequests.FromContainers(pod, "", "cpu"));
        Assert.Equal("missing request for cpu in container app of Pod test-pod", error.Message);
    }

    [Fact]
    public void A_named_restartable_init_container_is_found()
    {
        var pod = new PodInfo("test-pod", PodPhase.Running, null, null,
        [
            new ContainerInfo("app", Cpu(100)),
            new ContainerInfo("sidecar", Cpu(30), IsRestartableInit: true),
        ]);
        Assert.Equal(30, PodRequests.FromContainers(pod, "sidecar", "cpu"));
    }

    [Fact]
    public void Pod_level_requests_for_another_resource_fall_back_to_the_containers_sum()
    {
        var pod = RequestingPod(null, ("container1", 100), ("container2", 50)) with
        {
            PodLevelRequestsMilli = new Dictionary<string, long> { ["memory"] = 1 << 30 },
        };
        Assert.Equal(new Dictionary<string, long> { ["test-pod"] = 150 }, PodRequests.Calculate([pod], "", "cpu", true));
    }

    [Fact]
    public void Pod_level_requests_without_the_resource_anywhere_are_an_error()
    {
        var pod = RequestingPod(null, ("container1", null)) with
        {
            PodLevelRequestsMilli = new Dictionary<string, long> { ["memory"] = 1 << 30 },
        };
        var error = Assert.Throws<ReplicaCalculationException>(() => PodRequests.Calculate([pod], "", "cpu", true));
        Assert.Equal("missing pod-level request for cpu in Pod test-pod", error.Message);
    }

    [Fact]
    public void Unsupported_pod_level_resources_do_not_count_as_pod_level_requests()
    {
        var pod = RequestingPod(null, ("container1", null)) with
        {
            PodLevelRequestsMilli = new Dictionary<string, long> { ["ephemeral-storage"] = 1000 },
        };
        var error = Assert.Throws<ReplicaCalculationException>(() => PodRequests.Calculate([pod], "", "cpu", true));
        Assert.Equal("missing request for cpu in container container1 of Pod test-pod", error.Message);
    }

    private static PodMetric Value(long value) => new(value, default, default);

    private static Dictionary<string, long> Cpu(long milli) => new() { ["cpu"] = milli };

    private static PodInfo Pod(
        string name,
        PodPhase phase,
        DateTimeOffset? startTime = null,
        PodReadyCondition? ready = null,
        DateTimeOffset? deletionTimestamp = null) =>
        new(name, phase, ready, startTime, [], deletionTimestamp);

    /// <summary>A pod named test-pod whose containers request the given CPU (null: no request), with optional pod-level CPU.</summary>
    private static PodInfo RequestingPod(long? podLevelCpu, params (string Name, long? Cpu)[] containers) =>
        new(
            "test-pod",
            PodPhase.Running,
            null,
            null,
            [.. containers.Select(c => new ContainerInfo(c.Name, c.Cpu is { } cpu ? Cpu(cpu) : new Dictionary<string, long>()))],
            PodLevelRequestsMilli: podLevelCpu is { } level ? Cpu(level) : null);

    private sealed record GroupPodsCase(
        PodInfo[] Pods,
        Dictionary<string, PodMetric> Metrics,
        string Resource,
        int ExpectReadyPodCount,
        string[] ExpectUnreadyPods,
        string[] ExpectMissingPods,
        string[] ExpectIgnoredPods);

    private sealed record CalculateRequestsCase(
        PodInfo[] Pods,
        string Container,
        bool EnablePodLevelResources,
        Dictionary<string, long>? ExpectedRequests,
        string? ExpectedError);
}
