using System.Text.Json;

namespace Erlmcp.Autoscaler.Tests;

public class TuneCommandTests
{
    // Thirty synthetic minutes that start with 20 pods, so scaling down is where cost and harm trade off.
    private const string Wide = "name: wide\ntrace: {synthetic: {days: 1}}\nduration: 30m\ninitialReplicas: 20\n";
    private const string Grid = "target: [15000, 20000]\nscaleDown: {stabilizationWindow: [1m, 10m]}\n";

    [Fact]
    public void A_two_by_two_grid_on_the_baseline_trades_pod_hours_for_disconnected_clients()
    {
        var scenario = CliRunner.TempFile("wide.yaml", Wide);
        var grid = CliRunner.TempFile("grid.yaml", Grid);
        var outDir = Path.Combine(Path.GetDirectoryName(scenario)!, "out");

        var result = CliRunner.Run("tune", "--scenario", scenario, "--grid", grid, "--out", outDir, "--max-disconnected", "50000");

        Assert.Equal(0, result.ExitCode);
        using var tune = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "tune.json")));
        var runs = tune.RootElement.GetProperty("runs").EnumerateArray().ToList();
        Assert.Equal(4, runs.Count);
        // A longer scale-down window keeps pods longer (more pod-hours) and cuts fewer clients off; a lower target
        // runs more pods and cuts fewer off: no setting beats another on both, so all four are on the frontier.
        Assert.Equal([2, 3, 0, 1], tune.RootElement.GetProperty("frontier").EnumerateArray().Select(e => e.GetInt32()));
        Assert.All(runs, r => Assert.Equal(0, r.GetProperty("refused").GetInt64()));
        Assert.True(runs[2].GetProperty("podHours").GetDouble() < runs[0].GetProperty("podHours").GetDouble());
        Assert.True(runs[2].GetProperty("disconnected").GetInt64() > 50_000);
        Assert.True(runs[3].GetProperty("disconnected").GetInt64() > 50_000);
        Assert.True(runs[0].GetProperty("disconnected").GetInt64() <= 50_000);
        // The cheapest within 50,000 disconnected clients is target 15000 with the 1 minute window.
        Assert.Equal(0, tune.RootElement.GetProperty("recommended").GetInt32());
        Assert.Contains("recommended: #0 target=15000 scaleDown.stabilizationWindow=1m\n", result.Output, StringComparison.Ordinal);
        var hpa = File.ReadAllText(Path.Combine(outDir, "recommended-hpa.yaml"));
        Assert.Contains("        averageValue: \"15000\"\n", hpa, StringComparison.Ordinal);
        Assert.Contains("    scaleDown:\n      stabilizationWindowSeconds: 60\n", hpa, StringComparison.Ordinal);
        Assert.Contains("  connectionTarget: 15000\n", File.ReadAllText(Path.Combine(outDir, "recommended-erlmcpcluster.yaml")), StringComparison.Ordinal);
        Assert.Matches(@"ran 4 settings on \d+ cores in [0-9.]+ s", result.Error);
    }

    [Fact]
    public void With_the_coordinator_one_setting_is_cheapest_and_harmless_and_alone_on_the_frontier()
    {
        var scenario = CliRunner.TempFile("wide.yaml", Wide + "strategy: coordinator\n");
        var grid = CliRunner.TempFile("grid.yaml", "target: [15000, 20000]\ncoordinator: {shedRate: [50, 500]}\n");
        var outDir = Path.Combine(Path.GetDirectoryName(scenario)!, "out");

        var result = CliRunner.Run("tune", "--scenario", scenario, "--grid", grid, "--out", outDir);

        Assert.Equal(0, result.ExitCode);
        using var tune = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "tune.json")));
        Assert.Equal([3], tune.RootElement.GetProperty("frontier").EnumerateArray().Select(e => e.GetInt32()));
        Assert.All(tune.RootElement.GetProperty("runs").EnumerateArray(), r => Assert.Equal(0, r.GetProperty("harm").GetDouble()));
        Assert.Contains("recommended: #3 target=20000 coordinator.shedRate=500\n", result.Output, StringComparison.Ordinal);
        Assert.Contains("    shedRate: 500\n", File.ReadAllText(Path.Combine(outDir, "recommended-erlmcpcluster.yaml")), StringComparison.Ordinal);
    }

    [Fact]
    public void The_same_tuning_twice_writes_the_same_tune_json()
    {
        var scenario = CliRunner.TempFile("wide.yaml", Wide);
        var grid = CliRunner.TempFile("grid.yaml", Grid);
        var first = Path.Combine(Path.GetDirectoryName(scenario)!, "one");
        var second = Path.Combine(Path.GetDirectoryName(scenario)!, "two");

        CliRunner.Run("tune", "--scenario", scenario, "--grid", grid, "--out", first, "--max-disconnected", "50000");
        CliRunner.Run("tune", "--scenario", scenario, "--grid", grid, "--out", second, "--max-disconnected", "50000");

        Assert.Equal(File.ReadAllText(Path.Combine(first, "tune.json")), File.ReadAllText(Path.Combine(second, "tune.json")));
        Assert.Equal(File.ReadAllText(Path.Combine(first, "recommended-hpa.yaml")), File.ReadAllText(Path.Combine(second, "recommended-hpa.yaml")));
    }

    [Fact]
    public void No_setting_within_the_limits_is_an_error_and_writes_no_manifest()
    {
        var scenario = CliRunner.TempFile("wide.yaml", Wide);
        var grid = CliRunner.TempFile("grid.yaml", Grid);
        var outDir = Path.Combine(Path.GetDirectoryName(scenario)!, "out");

        var result = CliRunner.Run("tune", "--scenario", scenario, "--grid", grid, "--out", outDir);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("error: no setting has at most 0 refused and 0 disconnected clients", result.Error, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(outDir, "tune.json")));
        Assert.False(File.Exists(Path.Combine(outDir, "recommended-hpa.yaml")));
    }

    [Fact]
    public void A_bad_grid_field_is_a_bad_input_error_naming_it()
    {
        var scenario = CliRunner.TempFile("wide.yaml", Wide);
        var grid = CliRunner.TempFile("grid.yaml", "target: [15000]\nscaleDown: {stabilizationWindow: [soon]}\n");

        var result = CliRunner.Run("tune", "--scenario", scenario, "--grid", grid);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("grid.yaml:2:35: scaleDown.stabilizationWindow[0]: \"soon\" is not a duration", result.Error, StringComparison.Ordinal);
    }
}
