using Erlmcp.Autoscaler.Simulation.Output;
using Erlmcp.Autoscaler.Simulation.Scenarios;
using Erlmcp.Autoscaler.Simulation.Tuning;

namespace Erlmcp.Autoscaler.Simulation.Tests.Tuning;

public class TuningRunnerTests
{
    [Fact]
    public void Each_parallel_run_equals_a_lone_run_of_its_setting()
    {
        var scenario = ScenarioReader.Read(
            "name: wide\ntrace: {synthetic: {days: 1}}\nduration: 20m\ninitialReplicas: 12\n", "wide.yaml", TestFiles.Directory());
        var grid = TuningGridReader.Read("target: [15000, 20000]\nscaleDown: {stabilizationWindow: [1m, 10m]}", "grid.yaml");

        var result = TuningRunner.Run(scenario, grid, new HarmLimits(0, long.MaxValue));

        Assert.Equal([0, 1, 2, 3], result.Runs.Select(r => r.Index));
        foreach (var run in result.Runs)
        {
            var alone = SimulationRunner.Run(TuningGrid.Apply(scenario, run.Setting), TestFiles.Directory());
            Assert.Equal(SummaryJson.Serialize(alone.Summary), SummaryJson.Serialize(run.Summary));
        }

        var cheapest = result.Runs.MinBy(r => r.PodHours)!;
        Assert.Same(cheapest, result.Recommended);
        Assert.Contains(cheapest.Index, result.Frontier);
    }
}
