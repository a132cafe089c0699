using Erlmcp.Autoscaler.Simulation.Manifests;
using Erlmcp.Autoscaler.Simulation.Metrics;
using Erlmcp.Autoscaler.Simulation.Model;
using Erlmcp.Autoscaler.Simulation.Scenarios;

namespace Erlmcp.Autoscaler.Simulation.Tests;

public class ScenarioReaderTests
{
    [Fact]
    public void The_embedded_default_is_a_synthetic_day_through_the_guides_hpa()
    {
        var scenario = ScenarioReader.Default();
        Assert.Equal("default", scenario.Name);
        Assert.IsType<SyntheticTraceSource>(scenario.Trace);
        Assert.Equal(TimeSpan.FromSeconds(1), scenario.Step);
        Assert.Equal(4, scenario.Hpa.Spec.MinReplicas);
        Assert.Equal(20, scenario.Hpa.Spec.MaxReplicas);
        Assert.Equal(3, scenario.Hpa.Spec.Metrics.Count);
        Assert.Equal(20_000, scenario.ConnectionTarget);
        Assert.Equal(25_000, scenario.Pods.ConnectionLimit);
        Assert.Equal(2000, scenario.Pods.CpuRequestMilli);
        Assert.Equal(4L * 1024 * 1024 * 1024 * 1000, scenario.Pods.MemoryRequestMilli);
        Assert.Equal(0.04, scenario.Metrics.Usage.CpuPerConnectionMilli, 9);
        Assert.Equal(ConnectionsPipeline.Push, scenario.Metrics.Connections);
        Assert.Equal(TimeSpan.FromSeconds(15), scenario.HpaSyncPeriod);
        Assert.Equal(new SessionLength(SessionLengthModel.Exponential, TimeSpan.FromMinutes(30)), scenario.Sessions);
        Assert.Equal("baseline", scenario.Strategy);
    }

    [Fact]
    public void A_minimal_scenario_takes_the_defaults_and_resolves_paths_beside_it()
    {
        var dir = TestFiles.Directory();
        TestFiles.WriteIn(dir, "load.csv", "ts,connections\n0,1000\n60,2000\n");
        TestFiles.WriteIn(dir, "hpa.yaml", """
            apiVersion: autoscaling/v2
            kind: HorizontalPodAutoscaler
            metadata: {name: erlmcp}
            spec:
              scaleTargetRef: {kind: StatefulSet, name: erlmcp}
              minReplicas: 2
              maxReplicas: 6
              metrics:
              - type: Pods
                pods:
                  metric: {name: erlmcp_connections}
                  target: {type: AverageValue, averageValue: "15000"}
            """);
        var path = TestFiles.WriteIn(dir, "s.yaml", """
            trace: {file: load.csv, format: connections}
            hpa: {manifest: hpa.yaml}
            metrics:
              connections: {pipeline: prometheus, scrapeInterval: 15s, queryDelay: 45s}
            """);
        var scenario = ScenarioReader.ReadFile(path);
        Assert.Equal("s", scenario.Name);
        var trace = Assert.IsType<FileTraceSource>(scenario.Trace);
        Assert.Equal(Path.Combine(dir, "load.csv"), trace.Path);
        Assert.Equal(15_000, scenario.ConnectionTarget);
        Assert.Equal(6, scenario.Hpa.Spec.MaxReplicas);
        Assert.Equal(ConnectionsPipeline.Prometheus, scenario.Metrics.Connections);
        Assert.Equal(TimeSpan.FromSeconds(45), scenario.Metrics.QueryDelay);
        Assert.Equal(1UL, scenario.Seed);
        Assert.Equal(LoadBalancingPolicy.LeastConnections, scenario.LoadBalancing);
    }

    [Theory]
    [InlineData("trace: {synthetic: {}}\nstep: fast", "s.yaml:2:7: step: \"fast\" is not a duration (for example 30s, 5m, 1h30m)")]
    [InlineData("trace: {synthetic: {}}\nstep: 0s", "s.yaml:2:7: step: must be longer than 0, got 0s")]
    [InlineData("trace: {synthetic: {}}\nstpe: 1s", "s.yaml:2:1: unknown field \"stpe\" (known: name, seed, step, start, duration, trace, sessions, pods, loadBalancing, hpa, metrics, strategy, coordinator, initialReplicas, output, summary)")]
    [InlineData("seed: 1", "s.yaml:1:1: required field \"trace\" is missing")]
    [InlineData("trace: {}", "s.yaml:1:8: trace: give exactly one of \"file\" (a trace file) and \"synthetic\" (a generated trace)")]
    [InlineData("trace: {synthetic: {days: 0}}", "s.yaml:1:27: trace.synthetic.days: must be within (0, 3660], got 0")]
    [InlineData("trace: {synthetic: {}, format: opened}", "s.yaml:1:32: trace.format: applies to a trace file only")]
    [InlineData("trace: {file: missing.csv, format: opened}", "s.yaml:1:15: trace.file: no such file: {dir}/missing.csv")]
    [InlineData("trace: {synthetic: {}, scale: -2}", "s.yaml:1:31: trace.scale: must be greater than 0, got -2")]
    [InlineData("trace: {synthetic: {}}\nsessions: {length: {model: fixed, mean: 5m}}", "s.yaml:2:41: sessions.length.mean: a fixed session length takes \"length\", not \"mean\"")]
    [InlineData("trace: {synthetic: {}}\nsessions: {reconnect: {jitter: 1}}", "s.yaml:2:32: sessions.reconnect.jitter: must be within [0, 1), got 1")]
    [InlineData("trace: {synthetic: {}}\nsessions: {reconnect: {initialDelay: 10s, maxDelay: 5s}}", "s.yaml:2:53: sessions.reconnect.maxDelay: must be at least initialDelay (10s), got 5s")]
    [InlineData("trace: {synthetic: {}}\npods: {limit: 0}", "s.yaml:2:15: pods.limit: must be between 1 and 100000000 connections, got 0")]
    [InlineData("trace: {synthetic: {}}\npods: {requests: {cpu: 2 cores}}", "s.yaml:2:24: pods.requests.cpu: invalid quantity \"2 cores\": quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$' (unexpected ' ' at position 1)")]
    [InlineData("trace: {synthetic: {}}\nloadBalancing: fastest", "s.yaml:2:16: loadBalancing: \"fastest\" is not one of \"least-connections\", \"random\", \"round-robin\"")]
    [InlineData("trace: {synthetic: {}}\nstrategy: hybrid", "s.yaml:2:11: strategy: \"hybrid\" is not one of \"baseline\", \"coordinator\"")]
    [InlineData("trace: {synthetic: {}}\ncoordinator: {drain: {deadlinePolicy: Never}}", "s.yaml:2:39: coordinator.drain.deadlinePolicy: \"Never\" is not one of \"HoldAndReport\", \"Force\"")]
    [InlineData("trace: {synthetic: {}}\ncoordinator: {rebalance: {shedRate: 0}}", "s.yaml:2:37: coordinator.rebalance.shedRate: must be within [1, 1000000], got 0")]
    [InlineData("trace: {synthetic: {}}\ninitialReplicas: 30", "s.yaml:2:18: initialReplicas: must be within the HPA's minReplicas and maxReplicas (4..20), got 30")]
    [InlineData("trace: {synthetic: {}}\nmetrics: {connections: {pipeline: push, queryDelay: 5s}}", "s.yaml:2:53: metrics.connections.queryDelay: applies to the prometheus pipeline only")]
    [InlineData("trace: {synthetic: {}}\noutput: {sampleInterval: 100ms}", "s.yaml:2:26: output.sampleInterval: must be at least the step (1s), got 100ms")]
    [InlineData("trace: {synthetic: {}}\nhpa: {manifest: nope.yaml}", "s.yaml:2:17: hpa.manifest: no such file: {dir}/nope.yaml")]
    public void Bad_fields_are_reported_with_file_line_column_and_path(string yaml, string expected)
    {
        var dir = TestFiles.Directory();
        var error = Assert.Throws<InputException>(() => ScenarioReader.Read(yaml, "s.yaml", dir));
        Assert.Equal(expected.Replace("{dir}", dir, StringComparison.Ordinal), error.Message);
    }

    [Fact]
    public void A_bad_hpa_manifest_is_reported_in_its_own_file()
    {
        var dir = TestFiles.Directory();
        TestFiles.WriteIn(dir, "hpa.yaml", "apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: {name: x}\nspec:\n  scaleTargetRef: {kind: StatefulSet, name: erlmcp}\n  maxReplicas: 0\n");
        var error = Assert.Throws<InputException>(() => ScenarioReader.Read("trace: {synthetic: {}}\nhpa: {manifest: hpa.yaml}", "s.yaml", dir));
        Assert.Equal($"{Path.Combine(dir, "hpa.yaml")}:6:16: spec.maxReplicas: must be greater than or equal to minReplicas (1), got 0", error.Message);
    }

    [Fact]
    public void Without_a_connections_metric_the_target_must_be_given()
    {
        var dir = TestFiles.Directory();
        TestFiles.WriteIn(dir, "hpa.yaml", "apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: {name: x}\nspec:\n  scaleTargetRef: {kind: StatefulSet, name: erlmcp}\n  maxReplicas: 5\n");
        var error = Assert.Throws<InputException>(() => ScenarioReader.Read("trace: {synthetic: {}}\nhpa: {manifest: hpa.yaml}", "s.yaml", dir));
        Assert.Equal("s.yaml:1:1: pods.target: required: the HPA has no Pods metric erlmcp_connections with an averageValue target to take the connections target from", error.Message);
        var scenario = ScenarioReader.Read("trace: {synthetic: {}}\nhpa: {manifest: hpa.yaml}\npods: {target: 12000}", "s.yaml", dir);
        Assert.Equal(12_000, scenario.ConnectionTarget);
    }
}
