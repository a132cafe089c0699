using BenchmarkDotNet.Attributes;
using Erlmcp.Autoscaler.Simulation.Model;
using Erlmcp.Autoscaler.Simulation.Output;
using Erlmcp.Autoscaler.Simulation.Scenarios;
using Erlmcp.Autoscaler.Simulation.Strategies;
using Erlmcp.Autoscaler.Simulation.Traces;

namespace Erlmcp.Autoscaler.Benchmarks;

/// <summary>
/// One simulated day of the default scenario (synthetic diurnal load with flash crowds, up to 20 pods, the guide's
/// HPA synced every 15 s) at one-second steps: 86,400 steps and 5,760 syncs, measured with the summary only and
/// with every output written (to nowhere). The whole 88-day World Cup run is timed by bench/simulate-worldcup.sh.
/// </summary>
[MemoryDiagnoser]
public class SimulationBenchmarks
{
    private Scenario _scenario = null!;
    private LoadTrace _trace = null!;

    [GlobalSetup]
    public void Setup()
    {
        _scenario = ScenarioReader.Default();
        _trace = _scenario.Trace.Load(_scenario.Seed).Trace;
    }

    [Benchmark]
    public SimulationSummary OneDaySummaryOnly()
    {
        var summary = new SummaryCollector();
        ClusterSimulation.Create(_scenario, _trace, new BaselineStrategy(), [summary]).Run();
        return summary.Summary!;
    }

    [Benchmark]
    public SimulationSummary OneDayAllOutputs()
    {
        var summary = new SummaryCollector();
        ClusterSimulation.Create(
            _scenario,
            _trace,
            new BaselineStrategy(),
            [summary, new TimeseriesWriter(TextWriter.Null, _scenario.SampleInterval), new DecisionsWriter(TextWriter.Null)]).Run();
        return summary.Summary!;
    }
}
