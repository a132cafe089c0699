using System.Globalization;
using System.Text.Json;
using Erlmcp.Autoscaler.Simulation.Manifests;
using Erlmcp.Autoscaler.Simulation.Strategies;

namespace Erlmcp.Autoscaler.Simulation.Tuning;

/// <summary>Writes a tuning's files: tune.json (every run), and the recommended HPA manifest and ErlmcpCluster spec.</summary>
public static class TuningOutput
{
    public const string TuneFile = "tune.json";
    public const string HpaFile = "recommended-hpa.yaml";
    public const string ClusterFile = "recommended-erlmcpcluster.yaml";

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Writes the files into <paramref name="directory"/> and returns their paths (no manifests without a recommendation).</summary>
    public static IReadOnlyList<string> Write(TuningResult result, string directory)
    {
        ArgumentNullException.ThrowIfNull(result);
        Directory.CreateDirectory(directory);
        List<string> written = [Path.Combine(directory, TuneFile)];
        File.WriteAllText(written[0], Serialize(result) + "\n");
        if (result.Recommended is { } best)
        {
            var why = $"Recommended by erlmcp-autoscaler tune: {best.Setting}\n" +
                $"the cheapest of {result.Runs.Count} settings with at most {result.Limits.MaxRefused} refused and {result.Limits.MaxDisconnected} disconnected clients\n" +
                $"on scenario {best.Summary.Scenario} (seed {best.Summary.Seed}): {N(best.PodHours)} pod-hours, {N(best.Summary.Clients.RefusedAtLimit)} refused, {N(best.Summary.Clients.ForciblyDisconnected)} disconnected.";
            written.Add(Path.Combine(directory, HpaFile));
            File.WriteAllText(written[^1], HpaManifestWriter.Write(best.Scenario.Hpa, why) + ControllerNote(best));
            written.Add(Path.Combine(directory, ClusterFile));
            File.WriteAllText(written[^1], ClusterSpecSnippet(best, why));
        }

        return written;
    }

    public static string Serialize(TuningResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var frontier = result.Frontier.ToHashSet();
        return JsonSerializer.Serialize(
            new
            {
                limits = result.Limits,
                recommended = result.Recommended?.Index,
                frontier = result.Frontier,
                runs = result.Runs.Select(r => new
                {
                    index = r.Index,
                    setting = r.Setting.Values.ToDictionary(v => v.Axis.Path, v => v.Axis.Format(v.Value)),
                    podHours = r.PodHours,
                    refused = r.Summary.Clients.RefusedAtLimit,
                    disconnected = r.Summary.Clients.ForciblyDisconnected,
                    harm = r.Harm,
                    onFrontier = frontier.Contains(r.Index),
                    meetsLimits = r.Meets(result.Limits),
                    summary = r.Summary,
                }),
            },
            Json);
    }

    // The tolerance is a kube-controller-manager flag, not part of the manifest: say so where it would be missed.
    private static string ControllerNote(TuningRun run) =>
        run.Setting.Values.Any(v => v.Axis.Setting == TunableSetting.Tolerance)
            ? $"# kube-controller-manager: --horizontal-pod-autoscaler-tolerance={run.Scenario.Controller.Tolerance.ToString(CultureInfo.InvariantCulture)}\n"
            : "";

    /// <summary>The coordinator's settings of the recommended run, as the spec of an ErlmcpCluster.</summary>
    private static string ClusterSpecSnippet(TuningRun run, string why)
    {
        var spec = ScalingStrategies.CoordinatorSpec(run.Scenario);
        static string D(TimeSpan value) => GoDuration.Format(value);
        var comment = string.Concat(why.Split('\n').Select(line => $"# {line}\n"));
        return comment + string.Create(CultureInfo.InvariantCulture, $"""
            spec:
              minReplicas: {spec.MinReplicas}
              maxReplicas: {spec.MaxReplicas}
              connectionLimit: {spec.ConnectionLimit}
              connectionTarget: {spec.ConnectionTarget}
              drain:
                healthCheckWait: {D(spec.Drain.HealthCheckWait)}
                shedRate: {spec.Drain.ShedRatePerSecond}
                deadline: {D(spec.Drain.Deadline)}
                deadlinePolicy: {spec.Drain.DeadlinePolicy}
              rebalance:
                absoluteThreshold: {spec.Rebalance.AbsoluteThreshold}
                relativeThreshold: {spec.Rebalance.RelativeThreshold}
                shedRate: {spec.Rebalance.ShedRatePerSecond}
                cooldown: {D(spec.Rebalance.Cooldown)}
              join:
                timeout: {D(spec.Join.Timeout)}

            """);
    }

    private static string N(double value) => value.ToString("#,0.##", CultureInfo.InvariantCulture);
}
