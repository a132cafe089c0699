using Erlmcp.Autoscaler.Simulation.Model;
using Erlmcp.Autoscaler.Simulation.Output.Report;
using Erlmcp.Autoscaler.Simulation.Scenarios;
using Erlmcp.Autoscaler.Simulation.Strategies;

namespace Erlmcp.Autoscaler.Simulation.Output;

/// <summary>What a run wrote, the samples its report drew, and the gaps its trace had.</summary>
public sealed record SimulationResult(SimulationSummary Summary, ReportCollector Series, IReadOnlyList<string> TraceWarnings, string OutputDirectory)
{
    public const string SummaryFile = "summary.json";
    public const string TimeseriesFile = "timeseries.csv";
    public const string DecisionsFile = "decisions.csv";
    public const string ReportFile = "report.html";
}

/// <summary>Runs a scenario and writes summary.json, timeseries.csv, decisions.csv and report.html into a directory.</summary>
public static class SimulationRunner
{
    public static SimulationResult Run(
        Scenario scenario, string outputDirectory, IProgress<double>? progress = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        var trace = scenario.Trace.Load(scenario.Seed);
        Directory.CreateDirectory(outputDirectory);
        using var timeseries = Writer(Path.Combine(outputDirectory, SimulationResult.TimeseriesFile));
        using var decisions = Writer(Path.Combine(outputDirectory, SimulationResult.DecisionsFile));
        var summary = new SummaryCollector();
        var report = new ReportCollector(scenario.SampleInterval);
        List<SimulationObserver> observers =
        [
            summary,
            report,
            new TimeseriesWriter(timeseries, scenario.SampleInterval),
            new DecisionsWriter(decisions),
        ];
        if (progress is not null)
        {
            observers.Add(new ProgressObserver(progress));
        }

        ClusterSimulation.Create(scenario, trace.Trace, ScalingStrategies.Create(scenario), observers).Run(cancellation);
        File.WriteAllText(Path.Combine(outputDirectory, SimulationResult.SummaryFile), SummaryJson.Serialize(summary.Summary!) + "\n");
        using (var html = Writer(Path.Combine(outputDirectory, SimulationResult.ReportFile)))
        {
            HtmlReport.Write(html, summary.Summary!, report);
        }

        return new SimulationResult(summary.Summary!, report, trace.Warnings, outputDirectory);
    }

    // Unix line ends everywhere, so outputs compare byte for byte across machines.
    private static StreamWriter Writer(string path) =>
        new(path, append: false, new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 1 << 16) { NewLine = "\n" };
}
