using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Erlmcp.Autoscaler.Simulation.Scenarios;
using Erlmcp.Autoscaler.Simulation.Tuning;
using Spectre.Console;

namespace Erlmcp.Autoscaler.Cli;

/// <summary><c>tune</c>: runs a grid of HPA and coordinator settings on a scenario and recommends the cheapest harmless enough.</summary>
internal static class TuneCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var scenarioFile = new Option<FileInfo>("--scenario") { Description = "The scenario to tune on (see simulate).", Required = true };
        var gridFile = new Option<FileInfo>("--grid")
        {
            Description = "The settings to try (YAML: a list of values for target, tolerance, scaleUp.stabilizationWindow/podsValue/percentValue, scaleDown.*, coordinator.shedRate); every combination is run.",
            Required = true,
        };
        var outDirectory = new Option<DirectoryInfo>("--out")
        {
            Description = "The directory to write tune.json, recommended-hpa.yaml and recommended-erlmcpcluster.yaml to.",
            DefaultValueFactory = _ => new DirectoryInfo("tuning"),
        };
        var maxRefused = new Option<long>("--max-refused") { Description = "The most connection attempts refused at the limit a recommended setting may have.", DefaultValueFactory = _ => 0 };
        var maxDisconnected = new Option<long>("--max-disconnected") { Description = "The most clients cut off by a scale-down a recommended setting may have.", DefaultValueFactory = _ => 0 };
        var command = new Command("tune", "Run a grid of HPA and coordinator settings on a scenario in parallel, print the Pareto frontier of pod-hours against harmed clients, and write the cheapest setting within the limits as an HPA manifest and ErlmcpCluster spec.")
        {
            scenarioFile, gridFile, outDirectory, maxRefused, maxDisconnected,
        };
        command.SetAction((parse, cancellation) =>
        {
            var scenario = ScenarioReader.ReadFile(parse.GetValue(scenarioFile)!.FullName);
            var grid = TuningGridReader.ReadFile(parse.GetValue(gridFile)!.FullName);
            var limits = new HarmLimits(parse.GetValue(maxRefused), parse.GetValue(maxDisconnected));
            var directory = parse.GetValue(outDirectory)!.FullName;
            var clock = Stopwatch.StartNew();
            var result = TuningRunner.Run(scenario, grid, limits, cancellation: cancellation);
            var elapsed = clock.Elapsed;
            var written = TuningOutput.Write(result, directory);
            var console = AnsiConsole.Create(new AnsiConsoleSettings
            {
                Out = new AnsiConsoleOutput(output),
                Ansi = AnsiSupport.No,
                ColorSystem = ColorSystemSupport.NoColors,
                Interactive = InteractionSupport.No,
            });
            console.Profile.Width = 160; // settings are long; a narrower table would wrap them
            console.Write(FrontierTable(result));
            error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ran {result.Runs.Count} settings on {Environment.ProcessorCount} cores in {elapsed.TotalSeconds:0.0} s"));
            if (result.Recommended is not { } best)
            {
                error.WriteLine($"error: no setting has at most {limits.MaxRefused} refused and {limits.MaxDisconnected} disconnected clients; see {written[0]}");
                return Task.FromResult(1);
            }

            output.WriteLine($"recommended: #{best.Index} {best.Setting}");
            output.WriteLine($"wrote {string.Join(", ", written)}");
            return Task.FromResult(0);
        });
        return command;
    }

    private static Table FrontierTable(TuningResult result)
    {
        static string N(double value) => value.ToString("#,0.##", CultureInfo.InvariantCulture);
        var table = new Table { Title = new TableTitle($"Pareto frontier: {result.Frontier.Count} of {result.Runs.Count} settings, cheapest first") };
        table.AddColumn(new TableColumn("#").RightAligned());
        table.AddColumn("setting");
        table.AddColumn(new TableColumn("pod-hours").RightAligned());
        table.AddColumn(new TableColumn("refused").RightAligned());
        table.AddColumn(new TableColumn("disconnected").RightAligned());
        table.AddColumn("");
        foreach (var run in result.Frontier.Select(i => result.Runs[i]))
        {
            var mark = ReferenceEquals(run, result.Recommended) ? "recommended" : run.Meets(result.Limits) ? "" : "over limits";
            table.AddRow(
                run.Index.ToString(CultureInfo.InvariantCulture), Markup.Escape(run.Setting.ToString()), N(run.PodHours),
                N(run.Summary.Clients.RefusedAtLimit), N(run.Summary.Clients.ForciblyDisconnected), mark);
        }

        return table;
    }
}
