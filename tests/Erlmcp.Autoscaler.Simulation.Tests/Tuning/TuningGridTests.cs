using Erlmcp.Autoscaler.Core.Hpa;
using Erlmcp.Autoscaler.Simulation.Manifests;
using Erlmcp.Autoscaler.Simulation.Scenarios;
using Erlmcp.Autoscaler.Simulation.Tuning;

namespace Erlmcp.Autoscaler.Simulation.Tests.Tuning;

public class TuningGridTests
{
    [Theory]
    [InlineData("targets: [1]", "grid.yaml:1:1: unknown field \"targets\" (known: target, tolerance, scaleUp, scaleDown, coordinator)")]
    [InlineData("scaleUp: {window: [1m]}", "grid.yaml:1:11: scaleUp: unknown field \"window\" (known: stabilizationWindow, podsValue, percentValue)")]
    [InlineData("target: 20000", "grid.yaml:1:9: target: expected a list, found")]
    [InlineData("target: []", "grid.yaml:1:9: target: expected a non-empty list of values")]
    [InlineData("target: [20000, twenty]", "grid.yaml:1:17: target[1]: \"twenty\" is not an integer")]
    [InlineData("target: [0]", "grid.yaml:1:10: target[0]: must be between 1 and 10000000, found 0")]
    [InlineData("tolerance: [0.1, 1.5]", "grid.yaml:1:18: tolerance[1]: must be between 0 and 1, found 1.5")]
    [InlineData("scaleDown:\n  stabilizationWindow: [5m, 2h]", "grid.yaml:2:29: scaleDown.stabilizationWindow[1]: must be between 0s and 1h, found 2h")]
    [InlineData("scaleDown:\n  stabilizationWindow: [5x]", "grid.yaml:2:25: scaleDown.stabilizationWindow[0]: \"5x\" is not a duration")]
    [InlineData("scaleUp: {stabilizationWindow: [1500ms]}", "grid.yaml:1:33: scaleUp.stabilizationWindow[0]: must be a whole number of seconds, found 1500ms")]
    [InlineData("coordinator: {shedRate: [500, 500]}", "grid.yaml:1:31: coordinator.shedRate[1]: 500 is listed twice")]
    [InlineData("coordinator: {}", "grid.yaml: no settings to tune")]
    public void Bad_grids_are_refused_with_file_line_column_and_field(string yaml, string message)
    {
        var e = Assert.Throws<InputException>(() => TuningGridReader.Read(yaml, "grid.yaml"));
        Assert.StartsWith(message, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Settings_are_the_cartesian_product_last_axis_fastest()
    {
        var grid = TuningGridReader.Read("target: [15000, 20000]\nscaleDown: {stabilizationWindow: [0s, 5m, 1h]}", "grid.yaml");

        Assert.Equal(
            [
                "target=15000 scaleDown.stabilizationWindow=0s", "target=15000 scaleDown.stabilizationWindow=5m",
                "target=15000 scaleDown.stabilizationWindow=1h", "target=20000 scaleDown.stabilizationWindow=0s",
                "target=20000 scaleDown.stabilizationWindow=5m", "target=20000 scaleDown.stabilizationWindow=1h",
            ],
            grid.Settings().Select(s => s.ToString()));
    }

    [Fact]
    public void Applying_a_setting_changes_the_hpa_the_controller_and_the_coordinator()
    {
        var scenario = ScenarioReader.Default();
        var grid = TuningGridReader.Read(
            "target: [15000]\ntolerance: [0.05]\nscaleUp: {stabilizationWindow: [30s], podsValue: [6], percentValue: [200]}\n" +
            "scaleDown: {stabilizationWindow: [10m], podsValue: [1], percentValue: [10]}\ncoordinator: {shedRate: [250]}",
            "grid.yaml");

        var tuned = TuningGrid.Apply(scenario, grid.Settings().Single());

        var spec = tuned.Hpa.Spec;
        Assert.Equal(15_000_000, spec.Metrics.Single(m => m.Type == MetricSourceType.Pods).Pods!.Target.AverageValueMilli);
        Assert.Equal(15_000, tuned.ConnectionTarget);
        Assert.Equal(0.05, tuned.Controller.Tolerance);
        Assert.Equal(30, spec.Behavior!.ScaleUp!.StabilizationWindowSeconds);
        // The guide's HPA has Percent 100 and Pods 2 per 30 s up, and only Percent 50 per 60 s down: a Pods policy is added.
        Assert.Equal(
            [new HpaScalingPolicy(ScalingPolicyType.Percent, 200, 30), new HpaScalingPolicy(ScalingPolicyType.Pods, 6, 30)],
            spec.Behavior.ScaleUp.Policies);
        Assert.Equal(600, spec.Behavior.ScaleDown!.StabilizationWindowSeconds);
        Assert.Equal(
            [new HpaScalingPolicy(ScalingPolicyType.Percent, 10, 60), new HpaScalingPolicy(ScalingPolicyType.Pods, 1, 60)],
            spec.Behavior.ScaleDown.Policies);
        Assert.Equal(250, tuned.Coordinator.Drain.ShedRatePerSecond);
        Assert.Equal(70, spec.Metrics[0].Resource!.Target.AverageUtilization);
        Assert.Equal(20_000_000, scenario.Hpa.Spec.Metrics.Single(m => m.Type == MetricSourceType.Pods).Pods!.Target.AverageValueMilli);
    }

    [Fact]
    public void The_written_manifest_reads_back_to_the_same_manifest()
    {
        var hpa = HpaManifestReader.ReadFile(TestFiles.Repository("examples", "hpa", "erlmcp-hpa.yaml"));
        var tuned = TuningGrid.Apply(
            ScenarioReader.Default() with { Hpa = hpa },
            TuningGridReader.Read("target: [17500]\nscaleDown: {podsValue: [3]}", "grid.yaml").Settings().Single()).Hpa;

        var written = HpaManifestWriter.Write(tuned, "tuned");
        var reread = HpaManifestReader.Read(written, "written.yaml");

        Assert.StartsWith("# tuned\napiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\n", written, StringComparison.Ordinal);
        Assert.Contains("        averageValue: \"17500\"\n", written, StringComparison.Ordinal);
        Assert.Equal(written, HpaManifestWriter.Write(reread, "tuned"));
        Assert.Equal(
            [new HpaScalingPolicy(ScalingPolicyType.Percent, 50, 60), new HpaScalingPolicy(ScalingPolicyType.Pods, 3, 60)],
            reread.Spec.Behavior!.ScaleDown!.Policies);
    }

    [Fact]
    public void Every_metric_source_and_selector_reads_back_the_same()
    {
        const string Manifest = """
            apiVersion: autoscaling/v2
            kind: HorizontalPodAutoscaler
            metadata:
              name: all
            spec:
              scaleTargetRef:
                apiVersion: apps/v1
                kind: StatefulSet
                name: erlmcp
              maxReplicas: 10
              metrics:
              - type: ContainerResource
                containerResource:
                  name: cpu
                  container: erlmcp
                  target:
                    type: Utilization
                    averageUtilization: 60
              - type: External
                external:
                  metric:
                    name: queue_length
                    selector:
                      matchLabels:
                        queue: "true"
                      matchExpressions:
                      - key: tier
                        operator: In
                        values: ["a", "b"]
                      - key: canary
                        operator: DoesNotExist
                  target:
                    type: Value
                    value: 1500m
              - type: Object
                object:
                  describedObject:
                    apiVersion: v1
                    kind: Service
                    name: erlmcp
                  metric:
                    name: requests
                    selector: {}
                  target:
                    type: AverageValue
                    averageValue: "2"
              behavior:
                scaleUp:
                  selectPolicy: Disabled
            """;
        var read = HpaManifestReader.Read(Manifest, "all.yaml");

        var written = HpaManifestWriter.Write(read);

        Assert.Contains("        value: \"1500m\"\n", written, StringComparison.Ordinal);
        Assert.Contains("            queue: \"true\"\n", written, StringComparison.Ordinal);
        Assert.Contains("            values: [\"a\", \"b\"]\n", written, StringComparison.Ordinal);
        Assert.Contains("        selector: {}\n", written, StringComparison.Ordinal);
        Assert.Equal(written, HpaManifestWriter.Write(HpaManifestReader.Read(written, "written.yaml")));
    }
}
