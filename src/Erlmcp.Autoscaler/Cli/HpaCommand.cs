using System.CommandLine;
using Erlmcp.Autoscaler.Core.Hpa;
using Erlmcp.Autoscaler.Explain;
using Erlmcp.Autoscaler.Simulation.Manifests;

namespace Erlmcp.Autoscaler.Cli;

/// <summary><c>hpa explain</c>: what the Kubernetes HPA controller would decide for one sync, and why.</summary>
internal static class HpaCommand
{
    public static Command Create(TextWriter output)
    {
        var hpa = new Command("hpa", "Work with HorizontalPodAutoscaler manifests through the Kubernetes HPA algorithm.");
        hpa.Subcommands.Add(CreateExplain(output));
        return hpa;
    }

    private static Command CreateExplain(TextWriter output)
    {
        var hpaFile = new Option<FileInfo>("--hpa")
        {
            Description = "An autoscaling/v2 HorizontalPodAutoscaler manifest (YAML).",
            Required = true,
        };
        var metricsFile = new Option<FileInfo>("--metrics")
        {
            Description = "What the HPA observes: time, the target's scale, the pods, their usage and metrics (YAML; see examples/hpa/metrics.yaml).",
            Required = true,
        };
        var historyFile = new Option<FileInfo?>("--history")
        {
            Description = "The controller's memory of this HPA: recent recommendations and scale events (YAML; see examples/hpa/history.yaml). Without it, this is the controller's first sync of the HPA: the current replica count counts as a recommendation, which holds back a scale-down for the stabilization window.",
        };
        var tolerance = new Option<double>("--tolerance")
        {
            Description = "The cluster-wide tolerance, kube-controller-manager's --horizontal-pod-autoscaler-tolerance.",
            DefaultValueFactory = _ => 0.1,
        };
        var legacyTolerance = new Option<bool>("--legacy-tolerance")
        {
            Description = "Apply the tolerance as Kubernetes 1.32 and earlier did (|1 - ratio| <= tolerance, no per-direction tolerance) instead of the inclusive per-direction rule of 1.33+.",
        };
        var cpuInitialization = new Option<string>("--cpu-initialization-period")
        {
            Description = "kube-controller-manager's --horizontal-pod-autoscaler-cpu-initialization-period.",
            DefaultValueFactory = _ => "5m",
        };
        var readinessDelay = new Option<string>("--initial-readiness-delay")
        {
            Description = "kube-controller-manager's --horizontal-pod-autoscaler-initial-readiness-delay.",
            DefaultValueFactory = _ => "30s",
        };
        var downscaleStabilization = new Option<string>("--downscale-stabilization")
        {
            Description = "kube-controller-manager's --horizontal-pod-autoscaler-downscale-stabilization (used when the HPA has no behavior).",
            DefaultValueFactory = _ => "5m",
        };
        var format = new Option<string>("--output", "-o")
        {
            Description = "Output format.",
            DefaultValueFactory = _ => "text",
        };
        format.AcceptOnlyFromAmong("text", "json");

        var explain = new Command("explain", "Explain what the Kubernetes HPA controller would decide for one sync: each metric's proposal, stabilization, the policy limit that applied, the final replicas and the conditions.")
        {
            hpaFile, metricsFile, historyFile, tolerance, legacyTolerance, cpuInitialization, readinessDelay, downscaleStabilization, format,
        };
        explain.SetAction(parse =>
        {
            var options = new HpaControllerOptions
            {
                Tolerance = parse.GetValue(tolerance),
                ToleranceRule = parse.GetValue(legacyTolerance) ? ToleranceRule.Legacy : ToleranceRule.Inclusive,
                ConfigurableTolerance = !parse.GetValue(legacyTolerance),
                CpuInitializationPeriod = FlagDuration(parse.GetValue(cpuInitialization)!, "--cpu-initialization-period"),
                DelayOfInitialReadinessStatus = FlagDuration(parse.GetValue(readinessDelay)!, "--initial-readiness-delay"),
                DownscaleStabilisationWindow = FlagDuration(parse.GetValue(downscaleStabilization)!, "--downscale-stabilization"),
            };
            var explanation = HpaExplainer.Explain(
                HpaManifestReader.ReadFile(parse.GetValue(hpaFile)!.FullName),
                HpaObservationReader.ReadFile(parse.GetValue(metricsFile)!.FullName),
                parse.GetValue(historyFile) is { } history ? HpaHistoryReader.ReadFile(history.FullName) : null,
                options);
            output.Write(parse.GetValue(format) == "json" ? explanation.ToJson() : explanation.ToText());
            return 0;
        });
        return explain;
    }

    private static TimeSpan FlagDuration(string text, string flag) =>
        GoDuration.TryParse(text, out var value)
            ? value
            : throw new InputException($"{flag}: \"{text}\" is not a duration (for example 30s, 5m)");
}
