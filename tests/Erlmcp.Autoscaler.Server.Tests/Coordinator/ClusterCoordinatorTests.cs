using Erlmcp.Autoscaler.Core.Scaling;
using Erlmcp.Autoscaler.Server.Coordinator;
using Erlmcp.Autoscaler.Server.Tests.Coordinator.Fakes;

namespace Erlmcp.Autoscaler.Server.Tests.Coordinator;

/// <summary>
/// The coordinator's loop over a cluster in memory that behaves as the StatefulSet controller and the agents do,
/// stepped one second at a time on a fake clock. Each test uses its own cluster name, so the metrics it reads are
/// its own.
/// </summary>
public sealed class ClusterCoordinatorTests
{
    private static readonly string[] ScaleDownFrom6To3 =
    [
        "begin_drain erlmcp-5", "begin_drain erlmcp-4", "begin_drain erlmcp-3",
        "shed erlmcp-5 8000", "leave_cluster erlmcp-5",
        "shed erlmcp-4 8000", "scale 5", "leave_cluster erlmcp-4",
        "shed erlmcp-3 8000", "scale 4", "leave_cluster erlmcp-3",
        "scale 3",
    ];

    [Fact]
    public async Task Scale_up_4_to_6_adds_pods_joins_them_through_the_seed_and_rebalances_onto_them()
    {
        var scenario = new CoordinatorScenario("up-4-6", replicas: 4, connectionsPerPod: 12_000);
        using var metrics = new MetricCapture(CoordinatorMetrics.ClusterTag, "up-4-6");
        scenario.Resources.SetDesiredReplicas(6);

        await scenario.StepUntilAsync(_ => scenario.Resources.Ordinals.Count == 6);
        // New pods are not ready: the coordinator waits for them, and calls nothing.
        await scenario.StepAsync();
        Assert.Equal(["scale 6"], scenario.Journal.Calls);
        scenario.Resources.MakeReady(4);
        scenario.Resources.MakeReady(5);
        var last = await scenario.StepUntilSteadyAsync();

        // 48,000 clients over 6 pods is 8,000 each: each old pod sheds to 8,333 and its clients land on the new ones.
        Assert.Equal(
            ["scale 6", "join_cluster erlmcp-4 [erlmcp-0]", "join_cluster erlmcp-5 [erlmcp-0]",
             "shed erlmcp-0 3667", "shed erlmcp-1 3667", "shed erlmcp-2 3667", "shed erlmcp-3 3667"],
            scenario.Journal.Calls);
        Assert.Equal([8333L, 8333, 8333, 8333, 7334, 7334], Enumerable.Range(0, 6).Select(o => scenario.Agents.Connections(scenario.Resources.NodeName(o))));
        Assert.Equal(0, scenario.Agents.LostClients);
        Assert.All(Enumerable.Range(0, 6), o => Assert.Equal(5, scenario.Agents.Peers(scenario.Resources.NodeName(o)).Count));
        Assert.Equal(4, metrics.Sum("erlmcp_autoscaler_sheds_total", ("purpose", "rebalance")));
        Assert.Equal(0, metrics.Sum("erlmcp_autoscaler_sheds_total", ("purpose", "drain")));

        var status = scenario.Resources.Status;
        Assert.Equal(6, status.Replicas);
        Assert.Equal(InMemoryClusterResources.Selector, status.Selector);
        Assert.Equal(PlanPhase.Steady, status.Phase);
        Assert.Equal(last.Step.NewPlan, status.Plan);
        Assert.Equal(2, status.ObservedGeneration);
        Assert.Equal(
            [.. Enumerable.Range(0, 6).Select(o => new PodSummary($"erlmcp-{o}", o, true, o < 4 ? 8333 : 7334, NodeState.Serving, null))],
            status.Pods);
        Assert.Equal([("Progressing", false, "Steady"), ("Stalled", false, "NotStalled")], status.Conditions.Select(c => (c.Type, c.Status, c.Reason)));
        AssertEveryCallWasPersistedFirst(scenario.Journal);
    }

    [Fact]
    public async Task Scale_down_6_to_3_drains_sheds_and_removes_one_pod_at_a_time_lowering_replicas_only_after_leave()
    {
        var scenario = new CoordinatorScenario("down-6-3", replicas: 6, connectionsPerPod: 8_000);
        using var metrics = new MetricCapture(CoordinatorMetrics.ClusterTag, "down-6-3");
        scenario.Resources.SetDesiredReplicas(3);

        await scenario.StepUntilSteadyAsync();

        Assert.Equal(ScaleDownFrom6To3, scenario.Journal.Calls);
        // Every client of the pods that went reconnected to one that stays; none was on a pod when it was deleted.
        Assert.Equal(0, scenario.Agents.LostClients);
        Assert.Equal([16_000L, 16_000, 16_000], Enumerable.Range(0, 3).Select(o => scenario.Agents.Connections(scenario.Resources.NodeName(o))));
        Assert.Equal([0, 1, 2], scenario.Resources.Ordinals);
        Assert.Equal(3, scenario.Resources.Status.Replicas);
        Assert.Equal(PlanPhase.Steady, scenario.Resources.Status.Phase);
        Assert.Equal(3, metrics.Sum("erlmcp_autoscaler_sheds_total", ("purpose", "drain")));
        Assert.Equal(
            ["BeginDrain", "BeginDrain", "BeginDrain", "ConditionProgressing", "ConditionStalled", "Shed", "LeaveCluster", "Shed", "ScaleStatefulSet",
             "LeaveCluster", "Shed", "ScaleStatefulSet", "LeaveCluster", "ScaleStatefulSet", "ConditionProgressing"],
            scenario.Resources.Events.Select(e => e.Reason));
        Assert.DoesNotContain(scenario.Resources.Events, e => e.Severity == EventSeverity.Warning);
        AssertEveryCallWasPersistedFirst(scenario.Journal);
    }

    [Fact]
    public async Task A_drain_past_its_deadline_is_counted_once_reported_and_held()
    {
        var spec = CoordinatorScenario.DefaultSpec with
        {
            Drain = CoordinatorScenario.DefaultSpec.Drain with { ShedRatePerSecond = 10, Deadline = TimeSpan.FromSeconds(30), DeadlinePolicy = DeadlinePolicy.HoldAndReport },
        };
        var scenario = new CoordinatorScenario("deadline", replicas: 4, connectionsPerPod: 8_000, spec);
        using var metrics = new MetricCapture(CoordinatorMetrics.ClusterTag, "deadline");
        scenario.Resources.SetDesiredReplicas(3);

        await scenario.StepUntilAsync(r => r.Step.NewPlan.Pods.Any(p => p.Drain is { DeadlineExceeded: true }));
        for (var i = 0; i < 10; i++)
        {
            await scenario.StepAsync();
        }

        Assert.Equal(1, metrics.Sum("erlmcp_autoscaler_drain_deadline_exceeded_total"));
        var warning = Assert.Single(scenario.Resources.Events, e => e.Severity == EventSeverity.Warning);
        Assert.Equal("DrainDeadlineExceeded", warning.Reason);
        // HoldAndReport: the pod keeps its clients and stays in the StatefulSet.
        Assert.Equal(4, scenario.Resources.Replicas);
        Assert.Equal(0, scenario.Agents.LostClients);
        Assert.Contains(scenario.Resources.Status.Conditions, c => c is { Type: "Stalled", Status: true, Reason: "DrainDeadlineExceeded" });
    }

    [Fact]
    public async Task The_plan_is_written_to_status_before_the_step_acts()
    {
        var scenario = new CoordinatorScenario("plan-first", replicas: 6, connectionsPerPod: 100);
        scenario.Resources.SetDesiredReplicas(5);

        var first = await scenario.StepAsync();

        Assert.Equal([new BeginDrain(5, TimeSpan.FromSeconds(5))], first.Step.Actions.OfType<NodeAction>());
        var entries = scenario.Journal.Entries;
        Assert.Equal(["status", "begin_drain erlmcp-5"], entries.Select(e => e.Text));
        var written = entries[0].Plan!;
        Assert.Equal(PlanPhase.ScalingDown, written.Phase);
        Assert.Equal(5, written.Target);
        Assert.Equal([new IssuedAction(ActionKind.BeginDrain, 5, scenario.Time.GetUtcNow(), 1, false)], written.Issued);
        Assert.Equal(scenario.Time.GetUtcNow(), written.Pods.Single(p => p.Ordinal == 5).Drain!.BegunAt);
    }

    [Fact]
    public async Task A_new_coordinator_resumes_a_drain_from_status_without_beginning_it_again()
    {
        var scenario = new CoordinatorScenario("resume", replicas: 6, connectionsPerPod: 8_000);
        scenario.Resources.SetDesiredReplicas(3);
        await scenario.StepUntilAsync(_ => scenario.Journal.Calls.Contains("shed erlmcp-5 8000"));
        var begunAt = scenario.Coordinator.Plan!.Pods.Single(p => p.Ordinal == 5).Drain!.BegunAt;

        // The leader is gone mid-drain; another starts over the same cluster with nothing but what status holds.
        scenario.Coordinator = scenario.NewCoordinator();
        var resumed = await scenario.StepAsync();

        Assert.Equal(begunAt, resumed.Step.NewPlan.Pods.Single(p => p.Ordinal == 5).Drain!.BegunAt);
        await scenario.StepUntilSteadyAsync();
        Assert.Equal(ScaleDownFrom6To3, scenario.Journal.Calls);
        Assert.Equal(0, scenario.Agents.LostClients);
    }

    [Fact]
    public async Task A_failed_node_call_is_reported_and_counted_without_stopping_the_others_and_is_retried()
    {
        var scenario = new CoordinatorScenario("node-failure", replicas: 6, connectionsPerPod: 1_000);
        using var metrics = new MetricCapture("call", "begin_drain");
        var failing = (scenario.Resources.NodeName(5), "begin_drain");
        scenario.Agents.Failing.Add(failing);
        scenario.Resources.SetDesiredReplicas(4);

        var first = await scenario.StepAsync();

        Assert.Equal([new BeginDrain(5, TimeSpan.FromSeconds(5)), new BeginDrain(4, TimeSpan.FromSeconds(5))], first.Outcomes.Select(o => o.Action).OfType<NodeAction>());
        var failure = Assert.IsType<NodeAdminException>(first.Outcomes.Single(o => o.Action is BeginDrain { Pod: 5 }).Failure);
        Assert.Contains("begin_drain on node 'erlmcp@erlmcp-5.erlmcp-headless.erlmcp.svc.cluster.local'", failure.Message, StringComparison.Ordinal);
        Assert.Null(first.Outcomes.Single(o => o.Action is BeginDrain { Pod: 4 }).Failure);
        Assert.Equal(["begin_drain erlmcp-4"], scenario.Journal.Calls);
        var warning = Assert.Single(scenario.Resources.Events, e => e.Severity == EventSeverity.Warning);
        Assert.Equal("ActionFailed", warning.Reason);
        Assert.StartsWith("begin_drain on erlmcp-5 (health-check wait 5 s) failed: ", warning.Message, StringComparison.Ordinal);
        Assert.Equal(1, metrics.Sum("erlmcp_autoscaler_node_call_failures_total"));

        scenario.Agents.Failing.Remove(failing);
        await scenario.StepUntilSteadyAsync();

        Assert.Equal(
            ["begin_drain erlmcp-4", "begin_drain erlmcp-5", "shed erlmcp-5 1000", "leave_cluster erlmcp-5",
             "shed erlmcp-4 1000", "scale 5", "leave_cluster erlmcp-4", "scale 4"],
            scenario.Journal.Calls);
        Assert.Equal(0, scenario.Agents.LostClients);
    }

    [Fact]
    public async Task A_status_write_that_loses_a_race_is_redone_from_a_fresh_read_before_any_action()
    {
        var scenario = new CoordinatorScenario("conflict", replicas: 4, connectionsPerPod: 100);
        scenario.Resources.SetDesiredReplicas(6);
        // The HPA changes its mind between the coordinator's read and its write.
        scenario.Resources.BeforeNextStatusWrite(() => scenario.Resources.SetDesiredReplicas(5));

        var step = await scenario.StepAsync();

        Assert.Equal(1, scenario.Resources.Conflicts);
        Assert.Equal(["status", "scale 5"], scenario.Journal.Entries.Select(e => e.Text));
        Assert.Equal(5, step.Step.NewPlan.Target);
        Assert.Equal(3, scenario.Resources.Status.ObservedGeneration);
    }

    [Fact]
    public async Task A_status_that_keeps_changing_fails_the_step_without_acting_and_the_loop_goes_on()
    {
        var scenario = new CoordinatorScenario("conflicts", replicas: 4, connectionsPerPod: 100);
        scenario.Resources.SetDesiredReplicas(6);
        var attempts = 0;
        void ChangeAgain()
        {
            scenario.Resources.Touch();
            if (++attempts < scenario.Coordinator.Settings.ConflictAttempts)
            {
                scenario.Resources.BeforeNextStatusWrite(ChangeAgain);
            }
        }

        scenario.Resources.BeforeNextStatusWrite(ChangeAgain);

        await Assert.ThrowsAsync<ClusterConflictException>(() => scenario.StepAsync());
        Assert.Equal(3, scenario.Resources.Conflicts);
        Assert.Empty(scenario.Journal.Entries);
        Assert.Null(scenario.Coordinator.Plan);

        await scenario.StepAsync();
        Assert.Equal(["status", "scale 6"], scenario.Journal.Entries.Select(e => e.Text));
    }

    [Fact]
    public async Task RunAsync_steps_on_every_tick_and_on_a_wake_up_and_keeps_going_after_a_failed_step()
    {
        var scenario = new CoordinatorScenario("run", replicas: 4, connectionsPerPod: 100);
        using var stop = new CancellationTokenSource();
        scenario.Resources.SetDesiredReplicas(5);
        scenario.Resources.BeforeNextStatusWrite(() => throw new HttpRequestException("the API server is away"));

        var run = scenario.Coordinator.RunAsync(stop.Token);
        // The first step failed on its status write; the next tick's step scales.
        Assert.Empty(scenario.Journal.Calls);
        scenario.Time.Advance(scenario.Coordinator.Settings.Tick);
        await WaitForAsync(() => scenario.Journal.Calls.Count == 1);
        Assert.Equal(["scale 5"], scenario.Journal.Calls);

        scenario.Resources.MakeReady(4);
        scenario.Coordinator.WakeUp();
        await WaitForAsync(() => scenario.Journal.Calls.Count == 2);
        Assert.Equal(["scale 5", "join_cluster erlmcp-4 [erlmcp-0]"], scenario.Journal.Calls);

        await stop.CancelAsync();
        await run;
    }

    [Fact]
    public async Task The_gauges_report_the_last_step_of_the_cluster_until_the_coordinator_stops()
    {
        var scenario = new CoordinatorScenario("gauges", replicas: 3, connectionsPerPod: 700);
        using var metrics = new MetricCapture(CoordinatorMetrics.ClusterTag, "gauges");
        scenario.Resources.SetDesiredReplicas(4);

        await scenario.StepAsync();
        await scenario.StepAsync();
        scenario.Time.Advance(TimeSpan.FromSeconds(3));

        Assert.Equal(4, metrics.Observe("erlmcp_autoscaler_desired_replicas").Single().Value);
        Assert.Equal(4, metrics.Observe("erlmcp_autoscaler_statefulset_replicas").Single().Value);
        var phases = metrics.Observe("erlmcp_autoscaler_plan_phase");
        Assert.Equal(Enum.GetNames<PlanPhase>(), phases.Select(m => m.Tags["phase"]));
        Assert.Equal(["ScalingUp"], phases.Where(m => m.Value == 1).Select(m => m.Tags["phase"]));
        // In ScalingUp since the first step, 4 s ago.
        Assert.Equal(4, metrics.Observe("erlmcp_autoscaler_plan_phase_seconds").Single().Value);
        Assert.Equal(
            [("erlmcp-0", 700.0), ("erlmcp-1", 700.0), ("erlmcp-2", 700.0), ("erlmcp-3", 0.0)],
            metrics.Observe("erlmcp_autoscaler_pod_connections").Select(m => (m.Tags["pod"], m.Value)).Order());

        // A coordinator whose loop ends (leadership lost) withdraws its cluster.
        await scenario.Coordinator.RunAsync(new CancellationToken(canceled: true));
        Assert.Empty(metrics.Observe("erlmcp_autoscaler_desired_replicas"));
    }

    /// <summary>
    /// Every call in the journal is recorded in the plan written just before it, in the same step: what a new leader
    /// reads always knows what was asked.
    /// </summary>
    private static void AssertEveryCallWasPersistedFirst(CallJournal journal)
    {
        PlanState? written = null;
        var writtenAt = DateTimeOffset.MinValue;
        foreach (var entry in journal.Entries)
        {
            if (entry.Plan is { } plan)
            {
                (written, writtenAt) = (plan, entry.At);
                continue;
            }

            Assert.True(written is not null && writtenAt == entry.At, $"{entry.Text} at {entry.At} without a status written in its step");
            var words = entry.Text.Split(' ');
            var pod = words.Length > 1 && words[1].StartsWith("erlmcp-", StringComparison.Ordinal) ? int.Parse(words[1]["erlmcp-".Length..], System.Globalization.CultureInfo.InvariantCulture) : -1;
            var recorded = words[0] switch
            {
                "scale" => written!.StatefulSetChange == new ReplicasChange(int.Parse(words[1], System.Globalization.CultureInfo.InvariantCulture), entry.At, 1),
                "shed" => written!.Sheds.Any(s => s.Pod == pod && s.Count == long.Parse(words[2], System.Globalization.CultureInfo.InvariantCulture) && s.IssuedAt == entry.At),
                "join_cluster" => written!.Issued.Any(i => i is { Kind: ActionKind.JoinCluster } && i.Pod == pod && i.At == entry.At),
                "begin_drain" => written!.Issued.Any(i => i is { Kind: ActionKind.BeginDrain } && i.Pod == pod && i.At == entry.At),
                "leave_cluster" => written!.Issued.Any(i => i is { Kind: ActionKind.LeaveCluster } && i.Pod == pod && i.At == entry.At),
                _ => false,
            };
            Assert.True(recorded, $"{entry.Text} at {entry.At} is not in the plan written before it");
        }
    }

    /// <summary>Waits for the loop, which runs on other threads, to reach a state (the fake clock decides when it steps).</summary>
    private static async Task WaitForAsync(Func<bool> condition)
    {
        var patience = TimeSpan.FromSeconds(30);
        using var timeout = new CancellationTokenSource(patience);
        while (!condition())
        {
            await Task.Delay(10, timeout.Token);
        }
    }
}
