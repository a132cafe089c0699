using Erlmcp.Autoscaler.Core.Hpa;
using Erlmcp.Autoscaler.Simulation.Model;
using Erlmcp.Autoscaler.Simulation.Output;
using Erlmcp.Autoscaler.Simulation.Scenarios;
using Erlmcp.Autoscaler.Simulation.Strategies;

namespace Erlmcp.Autoscaler.Simulation.Tests;

/// <summary>Runs with known answers, worked out by hand from the guide's HPA (min 4, max 20, 20,000 connections per
/// pod, scale-up by max(100%, 2 pods) per 30 s, scale-down by 50% per 60 s after a 300 s window).</summary>
public class SimulationTests
{
    [Theory]
    // 90,000 on 4 pods: ratio 22,500 / 20,000 = 1.125, beyond the 10% tolerance: ceil(4 × 1.125) = 5 at the first
    // sync, within the scale-up limit of 8. At 5 pods the ratio is 0.9, within tolerance: 5 = ceil(90000 / 20000).
    [InlineData(90_000, 4, 15, 5)]
    // 130,000 on 10 pods: ratio 0.65, ceil(10 × 0.65) = 7. The controller's first sync remembers 10 as a
    // recommendation, which holds the scale-down for the 300 s window: 10 -> 7 at 315 (50% per 60 s allows 5).
    // At 7 pods the ratio is 0.93: 7 = ceil(130000 / 20000).
    [InlineData(130_000, 10, 315, 7)]
    public void Steady_gauge_gives_steady_replicas_of_ceil_load_over_target(long load, int initial, long rescaleAt, int steady)
    {
        var run = Run(Gauge((0, load), (3600, load)), $"duration: 1h\ninitialReplicas: {initial}");
        var rescale = Assert.Single(run.Syncs, s => s.Evaluation.Rescale);
        Assert.Equal((rescaleAt * 1000, initial, steady), (rescale.ElapsedMs, rescale.Evaluation.CurrentReplicas, rescale.Evaluation.DesiredReplicas));
        Assert.All(run.Syncs.Where(s => s.ElapsedMs >= rescaleAt * 1000), s => Assert.Equal(steady, s.Evaluation.DesiredReplicas));
        Assert.Equal((long)Math.Ceiling(load / 20_000.0), steady);
        Assert.Equal(0, run.Summary.Clients.RefusedAtLimit);
        Assert.Equal(initial > steady ? (initial - steady) * load / initial : 0, run.Summary.Clients.ForciblyDisconnected, tolerance: load / 100.0);
    }

    [Fact]
    public void Steady_session_rate_gives_steady_replicas_of_ceil_rate_times_length_over_target()
    {
        // 100 sessions a second lasting 1300 s on average: 130,000 connections at steady state, 7 pods.
        var dir = TestFiles.Directory();
        TestFiles.WriteIn(dir, "opened.csv", "ts,opened\n" + string.Concat(Enumerable.Range(0, 121).Select(m => $"{m * 60},6000\n")));
        var run = RunIn(dir, "trace: {file: opened.csv, format: opened}\nduration: 2h\nsessions: {length: {model: exponential, mean: 1300s}}");
        Assert.Equal(7, run.Summary.Scaling.FewestReplicas);
        Assert.Equal(7, run.Summary.Scaling.MostReplicas);
        Assert.Equal(0, run.Summary.Scaling.ScaleUps + run.Summary.Scaling.ScaleDowns);
        Assert.InRange(run.Summary.Clients.PeakConnected, 130_000, 132_500);
        Assert.Equal(14, run.Summary.PodHours);
    }

    [Fact]
    public void A_step_load_reaches_capacity_in_the_time_the_policies_allow()
    {
        // 80,000 connections on 4 pods, then 400,000 (20 pods) from t = 100 s; the limit is out of the way so the
        // metric shows the whole load. Syncs at 105, 135, 165: the ratio asks for 20 each time, the scale-up policy
        // allows max(2 × start, start + 2) from the replicas 30 s before: 4 -> 8 at 105; 8 -> 16 at 135 (the event of
        // 105 is 30 s old, out of the period); 16 -> 20 (max) at 165. The last pods are created at 165, run at 175
        // (start delay 10 s) and are ready at 195 (readiness delay 20 s): 95 s after the step.
        var run = Run(
            Gauge((0, 80_000), (99, 80_000), (100, 400_000), (1000, 400_000)),
            "duration: 400s\ninitialReplicas: 4\npods: {limit: 1000000, startDelay: 10s, readinessDelay: 20s}");
        var rescales = run.Syncs.Where(s => s.Evaluation.Rescale).Select(s => (s.ElapsedMs / 1000, s.Evaluation.DesiredReplicas));
        Assert.Equal([(105L, 8), (135L, 16), (165L, 20)], rescales);
        Assert.Equal(1, run.Summary.TimeToCapacity.LoadSteps);
        Assert.Equal(95, run.Summary.TimeToCapacity.MaxSeconds);
        Assert.Equal(20, run.ServingAt[195]);
        Assert.Equal(16, run.ServingAt[194]);
    }

    [Fact]
    public void Scale_down_waits_its_window_and_the_baseline_drops_exactly_the_clients_of_removed_pods()
    {
        // 150,000 connections on 8 pods (18,750 each, within tolerance), then 60,000 from t = 1000 s. The last sync
        // that recommended 8 is at 990; the 300 s window holds the scale-down until 1290, when 50% per 60 s allows
        // 8 -> 4. The baseline deletes ordinals 7..4 at once with their clients, who reconnect to 0..3.
        var run = Run(
            Gauge((0, 150_000), (999, 150_000), (1000, 60_000), (2000, 60_000)),
            "duration: 1500s\ninitialReplicas: 8\nsessions: {length: {model: fixed, length: 48h}}");
        var rescales = run.Syncs.Where(s => s.Evaluation.Rescale).Select(s => (s.ElapsedMs / 1000, s.Evaluation.CurrentReplicas, s.Evaluation.DesiredReplicas));
        Assert.Equal([(1290L, 8, 4)], rescales);
        // Meanwhile each sync recommends ceil(8 × 60000 / 8 / 20000) = 3, and the window's highest holds 8.
        var held = run.Syncs.Where(s => s.ElapsedMs is > 1000_000 and < 1290_000).Select(s => s.Evaluation.Normalization!).ToList();
        Assert.Equal(19, held.Count);
        Assert.All(held, n => Assert.Equal((3, 8, 8), (n.PrenormalizedReplicas, n.Stabilization.StabilizedReplicas, n.DesiredReplicas)));

        var deletions = run.Actions.Where(a => a.Action.Kind == ScalingActionKind.DeletePod).ToList();
        Assert.Equal([7, 6, 5, 4], deletions.Select(a => a.Action.Ordinal));
        Assert.All(deletions, a => Assert.Equal(1290_000, a.ElapsedMs));
        var before = run.Syncs.Single(s => s.ElapsedMs == 1290_000).PodConnections;
        Assert.All(deletions, a => Assert.Equal(before[a.Action.Ordinal], a.Clients));
        Assert.All(deletions, a => Assert.InRange(a.Clients, 7_000, 8_000));
        var dropped = deletions.Sum(a => a.Clients);
        Assert.Equal(dropped, run.Summary.Clients.ForciblyDisconnected);

        // With sessions that outlast the run, every dropped client reconnects (to the 4 pods left).
        Assert.Equal(dropped, run.Summary.Clients.Reconnected);
        Assert.Equal(0, run.Summary.Clients.Abandoned);
        Assert.Equal(0, run.Summary.Clients.WaitingAtEnd);
    }

    [Fact]
    public void The_coordinator_drains_the_pods_that_go_and_disconnects_no_one()
    {
        // The same scale-down as the baseline's: 8 -> 4 at 1290. The planner drains 7..4 (readiness false at once),
        // waits the 30 s health-check, sheds their clients at 500/s one pod at a time, takes each out of the Erlang
        // cluster, and only then lowers the StatefulSet: every deleted pod is empty.
        var run = Run(
            Gauge((0, 150_000), (999, 150_000), (1000, 60_000), (3000, 60_000)),
            "duration: 2400s\ninitialReplicas: 8\nstrategy: coordinator\nsessions: {length: {model: fixed, length: 48h}}");
        var rescales = run.Syncs.Where(s => s.Evaluation.Rescale).Select(s => (s.ElapsedMs / 1000, s.Evaluation.DesiredReplicas));
        Assert.Equal([(1290L, 4)], rescales);

        var drains = run.Actions.Where(a => a.Action.Kind == ScalingActionKind.Drain).ToList();
        Assert.Equal([7, 6, 5, 4], drains.Select(a => a.Action.Ordinal).Order().Reverse());
        Assert.All(drains, a => Assert.Equal(1290_000, a.ElapsedMs));
        var deletions = run.Actions.Where(a => a.Action.Kind == ScalingActionKind.DeletePod).ToList();
        Assert.Equal([7, 6, 5, 4], deletions.Select(a => a.Action.Ordinal));
        Assert.All(deletions, a => Assert.Equal(0, a.Clients));
        foreach (var deletion in deletions)
        {
            var leave = Assert.Single(run.Actions, a => a.Action.Kind == ScalingActionKind.Leave && a.Action.Ordinal == deletion.Action.Ordinal);
            Assert.True(leave.ElapsedMs < deletion.ElapsedMs);
        }

        // The planner asks the first pod to shed once its listeners have stopped, 30 s after the drain (1320); the
        // job closes 500 a second from the next second on.
        var firstShed = run.Actions.First(a => a.Action.Kind == ScalingActionKind.Shed);
        Assert.Equal((1321_000L, 7, 500L), (firstShed.ElapsedMs, firstShed.Action.Ordinal, firstShed.Clients));

        Assert.Equal(0, run.Summary.Clients.ForciblyDisconnected);
        Assert.InRange(run.Summary.Clients.Shed, 25_000, 30_000);
        Assert.Equal(run.Summary.Clients.Shed, run.Summary.Clients.Reconnected);
        Assert.Equal(0, run.Summary.Clients.RefusedAtLimit);
    }

    [Fact]
    public void After_a_scale_up_the_coordinator_rebalances_where_the_baseline_leaves_new_pods_nearly_empty()
    {
        // 80,000 connections on 4 pods, 200,000 from t = 100 s: the HPA goes to 10 pods. With the baseline the new
        // pods only get the clients that replace ended sessions; the coordinator moves clients onto them until the
        // pods are within its thresholds (10% and 1,000 connections of each other).
        const string Trace = "ts,connections\n0,80000\n99,80000\n100,200000\n3600,200000\n";
        var baseline = Run(Trace, "duration: 600s\ninitialReplicas: 4\npods: {limit: 1000000}");
        var coordinator = Run(Trace, "duration: 600s\ninitialReplicas: 4\npods: {limit: 1000000}\nstrategy: coordinator");

        Assert.Equal(10, baseline.FinalConnections.Length);
        Assert.Equal(10, coordinator.FinalConnections.Length);
        Assert.True(baseline.FinalConnections.Max() > 2 * baseline.FinalConnections.Min(), string.Join(",", baseline.FinalConnections));
        var average = coordinator.FinalConnections.Average();
        Assert.All(coordinator.FinalConnections, c => Assert.InRange(c, average / 1.1 - 1_000, average * 1.1 + 1_000));
        Assert.True(coordinator.Summary.Clients.Shed > 0);
        Assert.Equal(0, coordinator.Summary.Clients.ForciblyDisconnected);
    }

    [Fact]
    public void Prometheus_lag_delays_the_scale_up_by_the_scrape_and_query_delay()
    {
        // Scrapes every 30 s, visible 60 s later: the step at 100 s is first scraped at 120 and seen from 180, so
        // the first scale-up is at the sync of 180 instead of 105.
        var run = Run(
            Gauge((0, 80_000), (99, 80_000), (100, 400_000), (1000, 400_000)),
            "duration: 300s\ninitialReplicas: 4\npods: {limit: 1000000}\nmetrics: {connections: {pipeline: prometheus, scrapeInterval: 30s, queryDelay: 60s}}\n" +
            "hpa: {manifest: connections-only.yaml}",
            ("connections-only.yaml", ConnectionsOnlyHpa));
        var first = run.Syncs.First(s => s.Evaluation.Rescale);
        Assert.Equal((180_000L, 8), (first.ElapsedMs, first.Evaluation.DesiredReplicas));
    }

    [Fact]
    public void Two_runs_of_a_scenario_write_identical_files_and_another_seed_does_not()
    {
        var scenario = ScenarioReader.Read("trace: {synthetic: {days: 1, flashCrowds: {perDay: 12}}}\nduration: 3h\nloadBalancing: random", "det.yaml", TestFiles.Directory());
        var first = SimulationRunner.Run(scenario, TestFiles.Directory());
        var second = SimulationRunner.Run(scenario, TestFiles.Directory());
        var other = SimulationRunner.Run(scenario with { Seed = 2 }, TestFiles.Directory());
        foreach (var file in new[] { SimulationResult.SummaryFile, SimulationResult.TimeseriesFile, SimulationResult.DecisionsFile, SimulationResult.ReportFile })
        {
            Assert.Equal(File.ReadAllBytes(Path.Combine(first.OutputDirectory, file)), File.ReadAllBytes(Path.Combine(second.OutputDirectory, file)));
        }

        Assert.NotEqual(File.ReadAllBytes(Path.Combine(first.OutputDirectory, SimulationResult.TimeseriesFile)), File.ReadAllBytes(Path.Combine(other.OutputDirectory, SimulationResult.TimeseriesFile)));
        Assert.True(first.Summary.Scaling.ScaleUps > 0);
    }

    private const string ConnectionsOnlyHpa = """
        apiVersion: autoscaling/v2
        kind: HorizontalPodAutoscaler
        metadata: {name: erlmcp}
        spec:
          scaleTargetRef: {kind: StatefulSet, name: erlmcp}
          minReplicas: 4
          maxReplicas: 20
          metrics:
          - type: Pods
            pods:
              metric: {name: erlmcp_connections}
              target: {type: AverageValue, averageValue: "20000"}
          behavior:
            scaleUp:
              policies: [{type: Percent, value: 100, periodSeconds: 30}, {type: Pods, value: 2, periodSeconds: 30}]
        """;

    private static string Gauge(params (int Seconds, long Connections)[] points) =>
        "ts,connections\n" + string.Concat(points.Select(p => $"{p.Seconds},{p.Connections}\n"));

    private static RunRecord Run(string gaugeCsv, string scenarioYaml, params (string Name, string Content)[] files)
    {
        var dir = TestFiles.Directory();
        TestFiles.WriteIn(dir, "gauge.csv", gaugeCsv);
        foreach (var (name, content) in files)
        {
            TestFiles.WriteIn(dir, name, content);
        }

        return RunIn(dir, "trace: {file: gauge.csv, format: connections}\n" + scenarioYaml);
    }

    private static RunRecord RunIn(string dir, string scenarioYaml)
    {
        var scenario = ScenarioReader.Read(scenarioYaml, "test.yaml", dir);
        var record = new RunRecord();
        var summary = new SummaryCollector();
        ClusterSimulation.Create(scenario, scenario.Trace.Load(scenario.Seed).Trace, ScalingStrategies.Create(scenario), [summary, record]).Run();
        record.FinalConnections = [.. record.Simulation!.Cluster.Pods.Where(p => p.State.IsServing()).Select(p => p.Connections)];
        record.Summary = summary.Summary!;
        return record;
    }

    /// <summary>Every sync (with each pod's clients just before the strategy acts), every action, serving pods per second.</summary>
    private sealed class RunRecord : SimulationObserver
    {
        public List<(long ElapsedMs, HpaEvaluation Evaluation, long[] PodConnections)> Syncs { get; } = [];

        public List<(long ElapsedMs, ScalingAction Action, long Clients)> Actions { get; } = [];

        public Dictionary<long, int> ServingAt { get; } = [];

        public SimulationSummary Summary { get; set; } = null!;

        public ClusterSimulation? Simulation { get; private set; }

        /// <summary>The clients of each serving pod at the end.</summary>
        public long[] FinalConnections { get; set; } = [];

        public override void OnStart(ClusterSimulation simulation) => Simulation = simulation;

        public override void OnHpaSync(ClusterSimulation simulation, HpaEvaluation evaluation) =>
            Syncs.Add((simulation.ElapsedMs, evaluation, [.. simulation.Cluster.Pods.Select(p => p.Connections)]));

        public override void OnAction(ClusterSimulation simulation, ScalingAction action, long clients) =>
            Actions.Add((simulation.ElapsedMs, action, clients));

        public override void OnStep(ClusterSimulation simulation)
        {
            if (simulation.ElapsedMs % 1000 == 0)
            {
                ServingAt[simulation.ElapsedMs / 1000] = simulation.Cluster.Serving;
            }
        }
    }
}
