using System.CommandLine;
using Erlmcp.Autoscaler.Simulation.Output;
using Erlmcp.Autoscaler.Simulation.Scenarios;
using Erlmcp.Autoscaler.Simulation.Strategies;
using Spectre.Console;

namespace Erlmcp.Autoscaler.Cli;

/// <summary><c>simulate</c>: replays a scenario through the Core's HPA and writes summary.json, timeseries.csv, decisions.csv, report.html.</summary>
internal static class SimulateCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var scenarioFile = new Option<FileInfo?>("--scenario")
        {
            Description = "The scenario (YAML: trace, sessions, pods, HPA manifest, metrics pipeline, strategy, seed; see src/Erlmcp.Autoscaler.Simulation/Scenarios/default-scenario.yaml). Without it: the embedded default, one synthetic day with flash crowds through the erlmcp deployment guide's HPA.",
        };
        var outDirectory = new Option<DirectoryInfo>("--out")
        {
            Description = "The directory to write summary.json, timeseries.csv, decisions.csv and report.html to (created if missing).",
            DefaultValueFactory = _ => new DirectoryInfo("simulation"),
        };
        var seed = new Option<ulong?>("--seed")
        {
            Description = "The seed of every random draw, instead of the scenario's: the same scenario and seed give the same outputs, byte for byte.",
        };
        var strategy = new Option<string?>("--strategy")
        {
            Description = "How the HPA's decision is carried out, instead of the scenario's: baseline (the HPA scales the StatefulSet; removed pods take their clients with them) or coordinator (the scale planner drains, sheds, rebalances, joins and removes pods).",
        };
        strategy.AcceptOnlyFromAmong([.. ScalingStrategies.Names]);
        var (compare, compareStrategies) = SimulateComparison.Options();
        var command = new Command("simulate", "Replay load through the Kubernetes HPA algorithm and a simulated erlmcp cluster, and report what it cost and what it did to clients.")
        {
            scenarioFile, outDirectory, seed, strategy, compare, compareStrategies,
        };
        command.SetAction((parse, cancellation) =>
        {
            Scenario WithOverrides(Scenario scenario)
            {
                if (parse.GetValue(seed) is { } overridden)
                {
                    scenario = scenario with { Seed = overridden };
                }

                return parse.GetValue(strategy) is { } chosen ? scenario with { Strategy = chosen } : scenario;
            }

            var directory = parse.GetValue(outDirectory)!.FullName;
            var terminal = ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected;
            var console = AnsiConsole.Create(new AnsiConsoleSettings
            {
                Out = new AnsiConsoleOutput(output),
                Ansi = terminal ? AnsiSupport.Detect : AnsiSupport.No,
                ColorSystem = terminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
                Interactive = terminal ? InteractionSupport.Detect : InteractionSupport.No,
            });
            if (SimulateComparison.Sides(parse, compare, compareStrategies, scenarioFile, WithOverrides) is { } sides)
            {
                return Task.FromResult(SimulateComparison.Run(sides, directory, console, output, cancellation));
            }

            var scenario = WithOverrides(parse.GetValue(scenarioFile) is { } file ? ScenarioReader.ReadFile(file.FullName) : ScenarioReader.Default());
            var result = terminal
                ? console.Progress().Start(context =>
                {
                    var task = context.AddTask($"simulating {scenario.Name}", maxValue: 1);
                    return SimulationRunner.Run(scenario, directory, new Progress<double>(done => task.Value = done), cancellation);
                })
                : SimulationRunner.Run(scenario, directory, cancellation: cancellation);
            foreach (var warning in result.TraceWarnings)
            {
                error.WriteLine($"warning: {warning}");
            }

            console.Write(SummaryTable(result.Summary));
            output.WriteLine($"wrote {Path.Combine(directory, SimulationResult.SummaryFile)}, {SimulationResult.TimeseriesFile}, {SimulationResult.DecisionsFile}, {SimulationResult.ReportFile}");
            return Task.FromResult(0);
        });
        return command;
    }

    private static Table SummaryTable(SimulationSummary summary)
    {
        var table = new Table { Title = new TableTitle(Markup.Escape(SummaryMeasures.Title(summary))) };
        table.AddColumn("measure");
        table.AddColumn(new TableColumn("value").RightAligned());
        foreach (var (measure, value) in SummaryMeasures.Rows(summary))
        {
            table.AddRow(Markup.Escape(measure), Markup.Escape(value));
        }

        return table;
    }
}
