using System.Text.Json;

namespace Erlmcp.Autoscaler.Tests;

public class SimulateCommandTests
{
    private const string ShortScenario = "name: short\ntrace: {synthetic: {days: 1}}\nduration: 30m\n";

    [Fact]
    public void Simulate_writes_the_four_files_and_prints_a_table()
    {
        var scenario = CliRunner.TempFile("s.yaml", ShortScenario);
        var outDir = Path.Combine(Path.GetDirectoryName(scenario)!, "out");
        var result = CliRunner.Run("simulate", "--scenario", scenario, "--out", outDir);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("", result.Error);
        Assert.Contains("short (baseline, seed 1): 0.5 h from 2026-01-05T00:00:00Z", result.Output);
        Assert.Matches(@"pod-hours\s+│\s+[0-9.]+", result.Output);
        Assert.EndsWith($"wrote {Path.Combine(outDir, "summary.json")}, timeseries.csv, decisions.csv, report.html\n", result.Output);
        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "summary.json")));
        Assert.Equal(1800, summary.RootElement.GetProperty("durationSeconds").GetDouble());
        Assert.Equal(181, File.ReadLines(Path.Combine(outDir, "timeseries.csv")).Count() - 1);
        Assert.Equal(120, File.ReadLines(Path.Combine(outDir, "decisions.csv")).Count(l => l.Contains(",hpa-sync,", StringComparison.Ordinal)));
        var report = File.ReadAllText(Path.Combine(outDir, "report.html"));
        Assert.StartsWith("<!DOCTYPE html>", report, StringComparison.Ordinal);
        Assert.Contains("<h1>short (baseline, seed 1): 0.5 h from 2026-01-05T00:00:00Z</h1>", report, StringComparison.Ordinal);
    }

    [Fact]
    public void The_seed_flag_replaces_the_scenarios_seed()
    {
        var scenario = CliRunner.TempFile("s.yaml", ShortScenario);
        var outDir = Path.Combine(Path.GetDirectoryName(scenario)!, "out");
        var result = CliRunner.Run("simulate", "--scenario", scenario, "--out", outDir, "--seed", "7");

        Assert.Equal(0, result.ExitCode);
        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "summary.json")));
        Assert.Equal(7UL, summary.RootElement.GetProperty("seed").GetUInt64());
    }

    [Fact]
    public void The_strategy_flag_replaces_the_scenarios_strategy()
    {
        var scenario = CliRunner.TempFile("s.yaml", ShortScenario);
        var outDir = Path.Combine(Path.GetDirectoryName(scenario)!, "out");
        var result = CliRunner.Run("simulate", "--scenario", scenario, "--out", outDir, "--strategy", "coordinator");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("short (coordinator, seed 1): 0.5 h from 2026-01-05T00:00:00Z", result.Output);
        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "summary.json")));
        Assert.Equal("coordinator", summary.RootElement.GetProperty("strategy").GetString());
    }

    [Fact]
    public void An_unknown_strategy_is_a_usage_error()
    {
        var result = CliRunner.Run("simulate", "--strategy", "hybrid");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("hybrid", result.Error);
    }

    [Fact]
    public void A_bad_scenario_field_is_reported_where_it_is()
    {
        var scenario = CliRunner.TempFile("s.yaml", "trace: {synthetic: {}}\nloadBalancing: sticky\n");
        var result = CliRunner.Run("simulate", "--scenario", scenario, "--out", Path.GetTempPath());

        Assert.Equal(2, result.ExitCode);
        Assert.Equal($"error: {scenario}:2:16: loadBalancing: \"sticky\" is not one of \"least-connections\", \"random\", \"round-robin\"\n", result.Error.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Trace_import_converts_the_world_cup_file_with_its_gaps_reported()
    {
        var outFile = CliRunner.TempFile("opened.csv", "");
        var input = RepositoryPaths.Shared("traces", "worldcup98", "requests-per-minute.csv");
        var result = CliRunner.Run("trace", "import", "--from", "worldcup98", "--in", input, "--out", outFile, "--scale", "0.05");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal($"wrote {outFile}: 125310 rows of 1m from 1998-04-30T21:30:00Z, 67640205 sessions opened\n", result.Output);
        var warnings = result.Error.ReplaceLineEndings("\n").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(7, warnings.Length);
        Assert.Equal($"warning: {input}:10434: gap: 1 missing interval(s) of 1m before this row, replayed as no sessions opened", warnings[0]);
        Assert.Equal(["ts,opened", "1998-04-30T21:30:00Z,0", "1998-04-30T21:31:00Z,1"], File.ReadLines(outFile).Take(3));
    }

    [Fact]
    public void Trace_import_refuses_a_file_with_bad_rows_and_lists_them()
    {
        var input = CliRunner.TempFile("wc.csv", "period,count\n1998-05-01 00:00:00,5\n1998-05-01 00:01:00,x\n1998-05-01 00:01:00,4\n");
        var result = CliRunner.Run("trace", "import", "--from", "worldcup98", "--in", input, "--out", input + ".out");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal(
            $"error: {input}: 1 bad row(s):\n{input}:3: count: \"x\" is not a non-negative integer\n",
            result.Error.ReplaceLineEndings("\n"));
        Assert.False(File.Exists(input + ".out"));
    }

    [Fact]
    public void Trace_import_rejects_a_bad_scale()
    {
        var input = CliRunner.TempFile("wc.csv", "period,count\n1998-05-01 00:00:00,5\n");
        var result = CliRunner.Run("trace", "import", "--from", "worldcup98", "--in", input, "--out", input + ".out", "--scale", "0");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("error: --scale: must be greater than 0, got 0\n", result.Error.ReplaceLineEndings("\n"));
    }
}
