using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Erlmcp.Autoscaler.Core.Hpa;
using Erlmcp.Autoscaler.Core.Quantities;
using Erlmcp.Autoscaler.Simulation.Manifests;

namespace Erlmcp.Autoscaler.Explain;

/// <summary>One HPA sync, evaluated by the Core's <see cref="HorizontalController"/>, with what it needs to be told.</summary>
public sealed record HpaExplanation(HpaManifestReader.HpaManifest Hpa, HpaObservation Observation, HpaEvaluation Evaluation)
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter() },
    };

    public string ToText()
    {
        var text = new StringBuilder();
        var spec = Hpa.Spec;
        var target = spec.ScaleTargetRef is { } t ? $"{t.Kind}/{t.Name}" : "its target";
        Line(text, $"HPA {Hpa.Namespace}/{Hpa.Name} scaling {target} at {Observation.Now:yyyy-MM-ddTHH:mm:ssZ}");
        Line(text, $"current replicas {Evaluation.CurrentReplicas} (min {spec.MinReplicas ?? 1}, max {spec.MaxReplicas}), " +
                   $"{Observation.Pods.Count} pods observed");
        text.AppendLine();

        if (Evaluation.Proposals.Count > 0)
        {
            Line(text, "metrics (each proposes a replica count; the largest wins):");
            for (var i = 0; i < Evaluation.Proposals.Count; i++)
            {
                var proposal = Evaluation.Proposals[i];
                var metricSpec = spec.Metrics[i];
                var decides = proposal.Succeeded && proposal.MetricName == Evaluation.Metric ? "  <- decides" : "";
                var outcome = proposal.Failure is { } failure
                    ? $"failed: {failure.Error}"
                    : $"current {Current(metricSpec)}, target {Target(metricSpec.Type, Source(metricSpec).Target)} -> {proposal.Replicas} replicas{decides}";
                Line(text, $"  {i + 1}. {Describe(metricSpec)}: {outcome}");
            }

            text.AppendLine();
        }

        if (Evaluation.Normalization is { } normalization)
        {
            Line(text, $"normalization of the recommendation {normalization.PrenormalizedReplicas}:");
            foreach (var step in normalization.ToString().Split('\n'))
            {
                Line(text, $"  {step}");
            }

            text.AppendLine();
        }

        Line(text, Evaluation.Rescale
            ? $"decision: scale from {Evaluation.CurrentReplicas} to {Evaluation.DesiredReplicas} ({Evaluation.RescaleReason})"
            : $"decision: keep {Evaluation.CurrentReplicas} replicas");
        if (Evaluation.Error is { } error)
        {
            Line(text, $"error: {error}");
        }

        text.AppendLine();
        Line(text, "conditions:");
        foreach (var condition in Evaluation.Conditions)
        {
            Line(text, $"  {condition.Type,-15} {condition.Status,-5} {condition.Reason}: {condition.Message}");
        }

        return text.ToString();
    }

    public string ToJson() => JsonSerializer.Serialize(
        new
        {
            hpa = new { name = Hpa.Name, @namespace = Hpa.Namespace },
            time = Observation.Now,
            currentReplicas = Evaluation.CurrentReplicas,
            desiredReplicas = Evaluation.DesiredReplicas,
            rescale = Evaluation.Rescale,
            rescaleReason = Evaluation.RescaleReason,
            metric = Evaluation.Metric,
            error = Evaluation.Error,
            proposals = Evaluation.Proposals.Select(p => new
            {
                type = p.Type,
                replicas = p.Failure is null ? p.Replicas : (int?)null,
                metric = p.Failure is null ? p.MetricName : null,
                error = p.Failure?.Error,
            }),
            currentMetrics = Evaluation.CurrentMetrics,
            normalization = Evaluation.Normalization?.ToString().Split('\n'),
            conditions = Evaluation.Conditions,
        },
        Json) + "\n";

    private string Current(MetricSpec metric)
    {
        var name = Source(metric).Name;
        var status = Evaluation.CurrentMetrics.FirstOrDefault(s => s.Type == metric.Type && s.Name == name)?.Current;
        return status switch
        {
            { AverageUtilization: { } utilization } => $"{utilization}%"
                + (status.AverageValueMilli is { } average ? $" ({Quantity.FromMilli(average)} average)" : ""),
            { AverageValueMilli: { } average } => $"{Quantity.FromMilli(average)} average",
            { ValueMilli: { } value } => Quantity.FromMilli(value).ToString(),
            _ => "unknown",
        };
    }

    private static string Target(MetricSourceType type, MetricTarget target) => target.Type switch
    {
        MetricTargetType.Utilization => $"{target.AverageUtilization}%",
        MetricTargetType.AverageValue => $"{Quantity.FromMilli(target.AverageValueMilli!.Value)} average"
            + (type == MetricSourceType.Pods ? " per pod" : ""),
        _ => Quantity.FromMilli(target.ValueMilli!.Value).ToString(),
    };

    // The name and target of whichever source the spec sets: what every line of the explanation is built from.
    private static (string Name, MetricTarget Target) Source(MetricSpec metric) => metric.Type switch
    {
        MetricSourceType.Resource => (metric.Resource!.Name, metric.Resource.Target),
        MetricSourceType.ContainerResource => (metric.ContainerResource!.Name, metric.ContainerResource.Target),
        MetricSourceType.Pods => (metric.Pods!.Metric.Name, metric.Pods.Target),
        MetricSourceType.Object => (metric.Object!.Metric.Name, metric.Object.Target),
        _ => (metric.External!.Metric.Name, metric.External.Target),
    };

    private static string Describe(MetricSpec metric) => metric.Type switch
    {
        MetricSourceType.ContainerResource => $"ContainerResource {metric.ContainerResource!.Name} of container {metric.ContainerResource.Container}",
        MetricSourceType.Object => $"Object {metric.Object!.Metric.Name} of {metric.Object.DescribedObject.Kind}/{metric.Object.DescribedObject.Name}",
        _ => $"{metric.Type} {Source(metric).Name}",
    };

    private static void Line(StringBuilder text, string line) => text.AppendLine(line);
}

/// <summary>Runs one HPA sync through the Core, exactly as the controller would, for <c>hpa explain</c>.</summary>
public static class HpaExplainer
{
    public static HpaExplanation Explain(
        HpaManifestReader.HpaManifest hpa, HpaObservation observation, HpaHistory? history, HpaControllerOptions options)
    {
        var evaluation = new HorizontalController(options).Evaluate(
            hpa.Spec, observation.Scale, observation.Pods, observation.Metrics, history, [], observation.Now);
        return new HpaExplanation(hpa, observation, evaluation);
    }
}
