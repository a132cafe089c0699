using System.CommandLine;
using Erlmcp.Autoscaler.Simulation.Comparison;
using Erlmcp.Autoscaler.Simulation.Manifests;
using Erlmcp.Autoscaler.Simulation.Scenarios;
using Erlmcp.Autoscaler.Simulation.Strategies;
using Spectre.Console;

namespace Erlmcp.Autoscaler.Cli;

/// <summary><c>simulate --compare a.yaml b.yaml</c> and <c>simulate --compare-strategies</c>: two runs side by side.</summary>
internal static class SimulateComparison
{
    public static (Option<FileInfo[]> Compare, Option<bool> CompareStrategies) Options()
    {
        var compare = new Option<FileInfo[]>("--compare")
        {
            Description = "Run two scenarios at once (outputs in DIR/a and DIR/b) and print them side by side with the difference; writes comparison.json.",
            Arity = new ArgumentArity(2, 2),
            AllowMultipleArgumentsPerToken = true,
        };
        var compareStrategies = new Option<bool>("--compare-strategies")
        {
            Description = "Run the scenario (--scenario, or the embedded default) with the baseline (a) and the coordinator (b) side by side.",
        };
        return (compare, compareStrategies);
    }

    /// <summary>The two labelled scenarios to compare, or null when no comparison was asked for.</summary>
    public static (string Label, Scenario Scenario)[]? Sides(
        ParseResult parse, Option<FileInfo[]> compare, Option<bool> compareStrategies, Option<FileInfo?> scenarioFile,
        Func<Scenario, Scenario> withOverrides)
    {
        var files = parse.GetValue(compare);
        var strategies = parse.GetValue(compareStrategies);
        if (files is { Length: > 0 } && strategies)
        {
            throw new InputException("--compare and --compare-strategies are exclusive: compare two scenarios, or one scenario's two strategies");
        }

        if (files is { Length: > 0 })
        {
            if (parse.GetValue(scenarioFile) is not null)
            {
                throw new InputException("--compare takes its two scenarios itself: leave out --scenario");
            }

            return [.. files.Select(f => (Path.GetFileNameWithoutExtension(f.Name), withOverrides(ScenarioReader.ReadFile(f.FullName))))];
        }

        if (!strategies)
        {
            return null;
        }

        var scenario = withOverrides(parse.GetValue(scenarioFile) is { } file ? ScenarioReader.ReadFile(file.FullName) : ScenarioReader.Default());
        return [.. ScalingStrategies.Names.Select(name => (name, scenario with { Strategy = name }))];
    }

    public static int Run(
        (string Label, Scenario Scenario)[] sides, string directory, IAnsiConsole console, TextWriter output, CancellationToken cancellation)
    {
        var comparison = ScenarioComparison.Run(sides[0], sides[1], directory, cancellation);
        console.Write(Table(comparison));
        output.WriteLine($"wrote {Path.Combine(directory, ScenarioComparison.ComparisonFile)}, {Path.Combine(directory, ScenarioComparison.ReportFile)}, {comparison.A.Directory}, {comparison.B.Directory}");
        return 0;
    }

    private static Table Table(ScenarioComparisonResult comparison)
    {
        var table = new Table
        {
            Title = new TableTitle(Markup.Escape(
                $"a: {ScenarioComparison.Describe(comparison.A)}  vs  b: {ScenarioComparison.Describe(comparison.B)}")),
        };
        table.AddColumn("measure");
        table.AddColumn(new TableColumn(Markup.Escape($"a: {comparison.A.Label}")).RightAligned());
        table.AddColumn(new TableColumn(Markup.Escape($"b: {comparison.B.Label}")).RightAligned());
        table.AddColumn(new TableColumn("b - a").RightAligned());
        foreach (var measure in comparison.Measures)
        {
            table.AddRow(Markup.Escape(measure.Measure), ScenarioComparison.Format(measure.A), ScenarioComparison.Format(measure.B), ScenarioComparison.FormatDifference(measure.Difference));
        }

        return table;
    }
}
