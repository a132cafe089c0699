using System.Globalization;
using System.Text.Json;
using Erlmcp.Autoscaler.Simulation.Output;
using Erlmcp.Autoscaler.Simulation.Scenarios;

namespace Erlmcp.Autoscaler.Simulation.Comparison;

/// <summary>One measure of two runs, and how much the second differs (b - a).</summary>
public sealed record ComparedMeasure(string Measure, double A, double B, double Difference);

/// <summary>One side of a comparison: its label and where its outputs went.</summary>
public sealed record ComparedRun(string Label, string Directory, SimulationSummary Summary);

/// <summary>Two runs side by side (comparison.json).</summary>
public sealed record ScenarioComparisonResult(ComparedRun A, ComparedRun B, IReadOnlyList<ComparedMeasure> Measures);

/// <summary>
/// Runs two scenarios at once, each into its own subdirectory (<c>a/</c>, <c>b/</c>), and lines up what they cost and
/// what they did to clients.
/// </summary>
public static class ScenarioComparison
{
    public const string ComparisonFile = "comparison.json";

    /// <summary>One page: the comparison table and both sides' charts on shared axes.</summary>
    public const string ReportFile = "report.html";

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
    };

    public static ScenarioComparisonResult Run(
        (string Label, Scenario Scenario) a, (string Label, Scenario Scenario) b, string outputDirectory, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(a.Scenario);
        ArgumentNullException.ThrowIfNull(b.Scenario);
        var directoryA = Path.Combine(outputDirectory, "a");
        var directoryB = Path.Combine(outputDirectory, "b");
        SimulationResult? resultA = null, resultB = null;
        Parallel.Invoke(
            new ParallelOptions { CancellationToken = cancellation },
            () => resultA = SimulationRunner.Run(a.Scenario, directoryA, cancellation: cancellation),
            () => resultB = SimulationRunner.Run(b.Scenario, directoryB, cancellation: cancellation));
        var comparison = new ScenarioComparisonResult(
            new ComparedRun(a.Label, directoryA, resultA!.Summary),
            new ComparedRun(b.Label, directoryB, resultB!.Summary),
            Compare(resultA.Summary, resultB.Summary));
        File.WriteAllText(Path.Combine(outputDirectory, ComparisonFile), Serialize(comparison) + "\n");
        using (var html = new StreamWriter(Path.Combine(outputDirectory, ReportFile), append: false, new System.Text.UTF8Encoding(false)) { NewLine = "\n" })
        {
            ComparisonReport.Write(html, comparison, resultA.Series, resultB!.Series);
        }

        return comparison;
    }

    /// <summary>The measures the comparison table shows, in its order.</summary>
    public static IReadOnlyList<ComparedMeasure> Compare(SimulationSummary a, SimulationSummary b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        return Measures.Select(m => new ComparedMeasure(m.Name, m.Of(a), m.Of(b), m.Of(b) - m.Of(a))).ToList();
    }

    /// <summary>A measure's value as the comparison table shows it.</summary>
    public static string Format(double value) => value.ToString("#,0.##", CultureInfo.InvariantCulture);

    /// <summary>A difference as the comparison table shows it: signed, 0 when none.</summary>
    public static string FormatDifference(double value) => value.ToString("+#,0.##;-#,0.##;0", CultureInfo.InvariantCulture);

    /// <summary>Which scenario a side ran, with which strategy and seed.</summary>
    public static string Describe(ComparedRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return $"{run.Summary.Scenario} ({run.Summary.Strategy}, seed {run.Summary.Seed})";
    }

    public static string Serialize(ScenarioComparisonResult comparison) => JsonSerializer.Serialize(
        new
        {
            a = new { comparison.A.Label, comparison.A.Directory, comparison.A.Summary.Scenario, comparison.A.Summary.Strategy, comparison.A.Summary.Seed },
            b = new { comparison.B.Label, comparison.B.Directory, comparison.B.Summary.Scenario, comparison.B.Summary.Strategy, comparison.B.Summary.Seed },
            comparison.Measures,
        },
        Json);

    private static readonly (string Name, Func<SimulationSummary, double> Of)[] Measures =
    [
        ("pod-hours", s => s.PodHours),
        ("harm (refused and disconnected)", Harm),
        ("connections refused at the limit", s => s.Clients.RefusedAtLimit),
        ("clients disconnected by scale-down", s => s.Clients.ForciblyDisconnected),
        ("clients shed", s => s.Clients.Shed),
        ("clients reconnected", s => s.Clients.Reconnected),
        ("clients abandoned", s => s.Clients.Abandoned),
        ("seconds with a pod above target", s => s.Time.AnyPodAboveTargetSeconds),
        ("seconds with a pod at limit", s => s.Time.AnyPodAtLimitSeconds),
        ("peak connections on one pod", s => s.Pods.Count == 0 ? 0 : s.Pods.Max(p => p.PeakConnections)),
        ("scale-ups", s => s.Scaling.ScaleUps),
        ("scale-downs", s => s.Scaling.ScaleDowns),
        ("reversals", s => s.Scaling.Reversals),
        ("under-provisioning accuracy %", s => s.Elasticity.UnderProvisioningAccuracyPercent),
        ("under-provisioning timeshare %", s => s.Elasticity.UnderProvisioningTimesharePercent),
        ("over-provisioning accuracy %", s => s.Elasticity.OverProvisioningAccuracyPercent),
        ("over-provisioning timeshare %", s => s.Elasticity.OverProvisioningTimesharePercent),
        ("instability %", s => s.Elasticity.InstabilityPercent),
    ];

    /// <summary>What a run did to clients: connection attempts refused at the limit plus clients cut off by a scale-down.</summary>
    public static double Harm(SimulationSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        return summary.Clients.RefusedAtLimit + summary.Clients.ForciblyDisconnected;
    }
}
