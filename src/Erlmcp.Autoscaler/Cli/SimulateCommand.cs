using System.CommandLine;
using System.Globalization;
using Erlmcp.Autoscaler.Simulation.Output;
using Erlmcp.Autoscaler.Simulation.Scenarios;
using Spectre.Console;

namespace Erlmcp.Autoscaler.Cli;

/// <summary><c>simulate</c>: replays a scenario through the Core's HPA and writes summary.json, timeseries.csv, decisions.csv.</summary>
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
            Description = "The directory to write summary.json, timeseries.csv and decisions.csv to (created if missing).",
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
        strategy.AcceptOnlyFromAmong("baseline", "coordinator");
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
            output.WriteLine($"wrote {Path.Combine(directory, SimulationResult.SummaryFile)}, {SimulationResult.TimeseriesFile}, {SimulationResult.DecisionsFile}");
            return Task.FromResult(0);
        });
        return command;
    }

    private static Table SummaryTable(SimulationSummary summary)
    {
        static string N(double value) => value.ToString("#,0.##", CultureInfo.InvariantCulture);
        var table = new Table { Title = new TableTitle($"{summary.Scenario} ({summary.Strategy}, seed {summary.Seed}): {N(summary.DurationSeconds / 3600)} h from {summary.Start}") };
        table.AddColumn("measure");
        table.AddColumn(new TableColumn("value").RightAligned());
        var clients = summary.Clients;
        var capacity = summary.TimeToCapacity;
        var elasticity = summary.Elasticity;
        var scaling = summary.Scaling;
        (string, string)[] rows =
        [
            ("pod-hours", N(summary.PodHours)),
            ("connections refused at the limit", N(clients.RefusedAtLimit)),
            ("clients disconnected by scale-down", N(clients.ForciblyDisconnected)),
            ("clients shed / reconnected", $"{N(clients.Shed)} / {N(clients.Reconnected)}"),
            ("time with a pod above target / at limit", $"{N(summary.Time.AnyPodAboveTargetSeconds)} s / {N(summary.Time.AnyPodAtLimitSeconds)} s"),
            ("peak connections on one pod", N(summary.Pods.Count == 0 ? 0 : summary.Pods.Max(p => p.PeakConnections))),
            ("load steps / time to capacity p50, max", $"{capacity.LoadSteps} / {(capacity.P50Seconds is { } p50 ? N(p50) : "-")} s, {(capacity.MaxSeconds is { } max ? N(max) : "-")} s"),
            ("scale-ups / scale-downs / reversals", $"{scaling.ScaleUps} / {scaling.ScaleDowns} / {scaling.Reversals}"),
            ("under-provisioning accuracy / timeshare", $"{N(elasticity.UnderProvisioningAccuracyPercent)} % / {N(elasticity.UnderProvisioningTimesharePercent)} %"),
            ("over-provisioning accuracy / timeshare", $"{N(elasticity.OverProvisioningAccuracyPercent)} % / {N(elasticity.OverProvisioningTimesharePercent)} %"),
            ("instability / jitter", $"{N(elasticity.InstabilityPercent)} % / {N(elasticity.JitterPerHour)} per h"),
        ];
        foreach (var (measure, value) in rows)
        {
            table.AddRow(Markup.Escape(measure), Markup.Escape(value));
        }

        return table;
    }
}
