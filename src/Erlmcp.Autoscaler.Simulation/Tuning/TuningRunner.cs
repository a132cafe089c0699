using Erlmcp.Autoscaler.Simulation.Comparison;
using Erlmcp.Autoscaler.Simulation.Model;
using Erlmcp.Autoscaler.Simulation.Output;
using Erlmcp.Autoscaler.Simulation.Scenarios;
using Erlmcp.Autoscaler.Simulation.Strategies;

namespace Erlmcp.Autoscaler.Simulation.Tuning;

/// <summary>The most harm a recommended setting may do.</summary>
public sealed record HarmLimits(long MaxRefused, long MaxDisconnected);

/// <summary>One setting's run: what it cost (pod-hours) and what it did to clients.</summary>
public sealed record TuningRun(int Index, TuningSetting Setting, Scenario Scenario, SimulationSummary Summary)
{
    public double PodHours => Summary.PodHours;

    public double Harm => ScenarioComparison.Harm(Summary);

    public bool Meets(HarmLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        return Summary.Clients.RefusedAtLimit <= limits.MaxRefused && Summary.Clients.ForciblyDisconnected <= limits.MaxDisconnected;
    }
}

/// <summary>Every run of the grid, its Pareto frontier (indices into <see cref="Runs"/>, cheapest first), and the recommendation.</summary>
public sealed record TuningResult(IReadOnlyList<TuningRun> Runs, IReadOnlyList<int> Frontier, HarmLimits Limits, TuningRun? Recommended);

/// <summary>Runs every setting of a grid on a scenario, in parallel on all cores, and picks the cheapest that meets the limits.</summary>
public static class TuningRunner
{
    public static TuningResult Run(
        Scenario scenario, TuningGrid grid, HarmLimits limits, IProgress<int>? completed = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(grid);
        // Applied up front, so a grid the scenario cannot take (no connections metric) fails before any run.
        var scenarios = grid.Settings().Select(setting => (Setting: setting, Scenario: TuningGrid.Apply(scenario, setting))).ToList();
        var trace = scenario.Trace.Load(scenario.Seed).Trace;
        var runs = new TuningRun[scenarios.Count];
        var done = 0;
        Parallel.For(
            0,
            scenarios.Count,
            new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = cancellation },
            i =>
            {
                var (setting, tuned) = scenarios[i];
                var summary = new SummaryCollector();
                ClusterSimulation.Create(tuned, trace, ScalingStrategies.Create(tuned), [summary]).Run(cancellation);
                runs[i] = new TuningRun(i, setting, tuned, summary.Summary!);
                completed?.Report(Interlocked.Increment(ref done));
            });
        var frontier = ParetoFrontier.Of([.. runs.Select(r => (r.PodHours, r.Harm))]);
        var recommended = runs.Where(r => r.Meets(limits))
            .OrderBy(r => r.PodHours).ThenBy(r => r.Harm).ThenBy(r => r.Index)
            .FirstOrDefault();
        return new TuningResult(runs, frontier, limits, recommended);
    }
}
