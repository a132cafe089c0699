using System.Text.Json;

namespace Erlmcp.Autoscaler.Tests;

public class SimulateCompareTests
{
    // Thirty synthetic minutes; "wide" starts with 20 pods, so the HPA scales it down after its 5 minute window and
    // the baseline cuts clients off, while "short" starts at what the demand needs.
    private const string Short = "name: short\ntrace: {synthetic: {days: 1}}\nduration: 30m\n";
    private const string Wide = "name: wide\ntrace: {synthetic: {days: 1}}\nduration: 30m\ninitialReplicas: 20\n";

    private static readonly string[] MeasureNames =
    [
        "pod-hours", "harm (refused and disconnected)", "connections refused at the limit", "clients disconnected by scale-down",
        "clients shed", "clients reconnected", "clients abandoned", "seconds with a pod above target", "seconds with a pod at limit",
        "peak connections on one pod", "scale-ups", "scale-downs", "reversals", "under-provisioning accuracy %",
        "under-provisioning timeshare %", "over-provisioning accuracy %", "over-provisioning timeshare %", "instability %",
    ];

    [Fact]
    public void Compare_runs_both_scenarios_into_a_and_b_and_prints_both_columns_and_the_difference()
    {
        var a = CliRunner.TempFile("short.yaml", Short);
        var b = CliRunner.TempFile("wide.yaml", Wide);
        var outDir = Path.Combine(Path.GetDirectoryName(a)!, "out");

        var result = CliRunner.Run("simulate", "--compare", a, b, "--out", outDir);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("", result.Error);
        Assert.Matches(@"│ measure\s+│\s+a: short │\s+b: wide │\s+b - a │", result.Output);
        Assert.Equal(MeasureNames, Measures(outDir).Select(m => m.GetProperty("measure").GetString()));
        foreach (var measure in Measures(outDir))
        {
            Assert.Equal(
                measure.GetProperty("b").GetDouble() - measure.GetProperty("a").GetDouble(),
                measure.GetProperty("difference").GetDouble(), 9);
        }

        // Each side wrote exactly what a plain run of its scenario writes.
        var aloneDir = Path.Combine(Path.GetDirectoryName(b)!, "alone");
        Assert.Equal(0, CliRunner.Run("simulate", "--scenario", b, "--out", aloneDir).ExitCode);
        Assert.Equal(File.ReadAllText(Path.Combine(aloneDir, "summary.json")), File.ReadAllText(Path.Combine(outDir, "b", "summary.json")));
        Assert.Equal(File.ReadAllText(Path.Combine(aloneDir, "timeseries.csv")), File.ReadAllText(Path.Combine(outDir, "b", "timeseries.csv")));
        Assert.True(File.Exists(Path.Combine(outDir, "a", "decisions.csv")));

        var podHours = Measures(outDir)[0];
        Assert.True(podHours.GetProperty("difference").GetDouble() > 0, "20 pods at the start cost more pod-hours");
        Assert.True(Measures(outDir)[3].GetProperty("b").GetDouble() > 0, "the wide baseline's scale-down cuts clients off");
        Assert.EndsWith($"wrote {Path.Combine(outDir, "comparison.json")}, {Path.Combine(outDir, "report.html")}, {Path.Combine(outDir, "a")}, {Path.Combine(outDir, "b")}\n", result.Output);
    }

    [Fact]
    public void Compare_strategies_runs_one_scenario_with_the_baseline_and_the_coordinator()
    {
        var scenario = CliRunner.TempFile("wide.yaml", Wide);
        var outDir = Path.Combine(Path.GetDirectoryName(scenario)!, "out");

        var result = CliRunner.Run("simulate", "--compare-strategies", "--scenario", scenario, "--out", outDir);

        Assert.Equal(0, result.ExitCode);
        Assert.Matches(@"│ measure\s+│\s+a: baseline │\s+b: coordinator │\s+b - a │", result.Output);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "comparison.json")));
        Assert.Equal("baseline", json.RootElement.GetProperty("a").GetProperty("strategy").GetString());
        Assert.Equal("coordinator", json.RootElement.GetProperty("b").GetProperty("strategy").GetString());
        var disconnected = Measures(outDir)[3];
        Assert.True(disconnected.GetProperty("a").GetDouble() > 0);
        Assert.Equal(0, disconnected.GetProperty("b").GetDouble());
        var report = File.ReadAllText(Path.Combine(outDir, "report.html"));
        Assert.Contains("<th>a: baseline</th><th>b: coordinator</th>", report, StringComparison.Ordinal);
        Assert.All(MeasureNames, name => Assert.Contains($"<tr><td>{System.Net.WebUtility.HtmlEncode(name)}</td>", report, StringComparison.Ordinal));
        Assert.True(File.Exists(Path.Combine(outDir, "a", "report.html")) && File.Exists(Path.Combine(outDir, "b", "report.html")));
    }

    [Fact]
    public void The_same_comparison_twice_writes_the_same_files()
    {
        var a = CliRunner.TempFile("short.yaml", Short);
        var b = CliRunner.TempFile("wide.yaml", Wide);
        var first = Path.Combine(Path.GetDirectoryName(a)!, "one");
        var second = Path.Combine(Path.GetDirectoryName(a)!, "two");

        var one = CliRunner.Run("simulate", "--compare", a, b, "--out", first);
        var two = CliRunner.Run("simulate", "--compare", a, b, "--out", second);

        Assert.Equal(one.Output.Replace(first, "DIR", StringComparison.Ordinal), two.Output.Replace(second, "DIR", StringComparison.Ordinal));
        Assert.Equal(File.ReadAllText(Path.Combine(first, "comparison.json")).Replace(first, "DIR", StringComparison.Ordinal),
            File.ReadAllText(Path.Combine(second, "comparison.json")).Replace(second, "DIR", StringComparison.Ordinal));
        Assert.Equal(File.ReadAllText(Path.Combine(first, "b", "decisions.csv")), File.ReadAllText(Path.Combine(second, "b", "decisions.csv")));
    }

    [Theory]
    [InlineData("--compare-strategies", "--compare and --compare-strategies are exclusive")]
    [InlineData("--scenario", "--compare takes its two scenarios itself")]
    public void Conflicting_flags_are_refused(string extra, string message)
    {
        var a = CliRunner.TempFile("short.yaml", Short);
        string[] args = extra == "--scenario"
            ? ["simulate", "--compare", a, a, "--scenario", a]
            : ["simulate", "--compare", a, a, extra];

        var result = CliRunner.Run(args);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.Error);
    }

    [Fact]
    public void Compare_needs_exactly_two_scenarios()
    {
        var a = CliRunner.TempFile("short.yaml", Short);

        var result = CliRunner.Run("simulate", "--compare", a);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("--compare", result.Error);
    }

    private static List<JsonElement> Measures(string outDir)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "comparison.json")));
        return [.. json.RootElement.GetProperty("measures").EnumerateArray().Select(m => m.Clone())];
    }
}
