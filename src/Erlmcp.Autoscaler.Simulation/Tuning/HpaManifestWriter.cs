using System.Globalization;
using System.Text;
using Erlmcp.Autoscaler.Core.Hpa;
using Erlmcp.Autoscaler.Simulation.Manifests;

namespace Erlmcp.Autoscaler.Simulation.Tuning;

/// <summary>Writes an HPA back out as an autoscaling/v2 manifest that kubectl applies and <see cref="HpaManifestReader"/> reads.</summary>
public static class HpaManifestWriter
{
    public static string Write(HpaManifestReader.HpaManifest manifest, string? comment = null)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        var spec = manifest.Spec;
        var yaml = new StringBuilder();
        if (comment is not null)
        {
            foreach (var line in comment.Split('\n'))
            {
                yaml.Append("# ").Append(line).Append('\n');
            }
        }

        yaml.Append("apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n");
        yaml.Append($"  name: {manifest.Name}\n");
        if (manifest.Namespace.Length > 0)
        {
            yaml.Append($"  namespace: {manifest.Namespace}\n");
        }

        yaml.Append("spec:\n");
        if (spec.ScaleTargetRef is { } target)
        {
            yaml.Append("  scaleTargetRef:\n");
            if (target.ApiVersion.Length > 0)
            {
                yaml.Append($"    apiVersion: {target.ApiVersion}\n");
            }

            yaml.Append($"    kind: {target.Kind}\n    name: {target.Name}\n");
        }

        if (spec.MinReplicas is { } min)
        {
            yaml.Append(CultureInfo.InvariantCulture, $"  minReplicas: {min}\n");
        }

        yaml.Append(CultureInfo.InvariantCulture, $"  maxReplicas: {spec.MaxReplicas}\n  metrics:\n");
        foreach (var metric in spec.Metrics)
        {
            AppendMetric(yaml, metric);
        }

        if (spec.Behavior is { } behavior)
        {
            yaml.Append("  behavior:\n");
            AppendRules(yaml, "scaleUp", behavior.ScaleUp);
            AppendRules(yaml, "scaleDown", behavior.ScaleDown);
        }

        return yaml.ToString();
    }

    private static void AppendMetric(StringBuilder yaml, MetricSpec metric)
    {
        switch (metric.Type)
        {
            case MetricSourceType.Resource:
                yaml.Append($"  - type: Resource\n    resource:\n      name: {metric.Resource!.Name}\n");
                AppendTarget(yaml, metric.Resource.Target);
                break;
            case MetricSourceType.ContainerResource:
                yaml.Append($"  - type: ContainerResource\n    containerResource:\n      name: {metric.ContainerResource!.Name}\n      container: {metric.ContainerResource.Container}\n");
                AppendTarget(yaml, metric.ContainerResource.Target);
                break;
            case MetricSourceType.Pods:
                yaml.Append("  - type: Pods\n    pods:\n");
                AppendIdentifier(yaml, metric.Pods!.Metric);
                AppendTarget(yaml, metric.Pods.Target);
                break;
            case MetricSourceType.External:
                yaml.Append("  - type: External\n    external:\n");
                AppendIdentifier(yaml, metric.External!.Metric);
                AppendTarget(yaml, metric.External.Target);
                break;
            case MetricSourceType.Object:
                var described = metric.Object!.DescribedObject;
                yaml.Append("  - type: Object\n    object:\n      describedObject:\n");
                if (described.ApiVersion.Length > 0)
                {
                    yaml.Append($"        apiVersion: {described.ApiVersion}\n");
                }

                yaml.Append($"        kind: {described.Kind}\n        name: {described.Name}\n");
                AppendIdentifier(yaml, metric.Object.Metric);
                AppendTarget(yaml, metric.Object.Target);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(metric), metric.Type, "not a metric source type");
        }
    }

    private static void AppendIdentifier(StringBuilder yaml, MetricIdentifier metric)
    {
        yaml.Append($"      metric:\n        name: {metric.Name}\n");
        if (metric.Selector is not { } selector)
        {
            return;
        }

        if (selector.MatchLabels.Count == 0 && selector.MatchExpressions.Count == 0)
        {
            yaml.Append("        selector: {}\n");
            return;
        }

        yaml.Append("        selector:\n");
        if (selector.MatchLabels.Count > 0)
        {
            yaml.Append("          matchLabels:\n");
            foreach (var (key, value) in selector.MatchLabels)
            {
                yaml.Append($"            {key}: {Quoted(value)}\n");
            }
        }

        if (selector.MatchExpressions.Count > 0)
        {
            yaml.Append("          matchExpressions:\n");
            foreach (var requirement in selector.MatchExpressions)
            {
                yaml.Append($"          - key: {requirement.Key}\n            operator: {requirement.Operator}\n");
                if (requirement.Values.Count > 0)
                {
                    yaml.Append($"            values: [{string.Join(", ", requirement.Values.Select(Quoted))}]\n");
                }
            }
        }
    }

    // JSON strings are YAML double-quoted scalars: label values like "true" or "1" stay strings.
    private static string Quoted(string value) => System.Text.Json.JsonSerializer.Serialize(value);

    private static void AppendTarget(StringBuilder yaml, MetricTarget target)
    {
        yaml.Append($"      target:\n        type: {target.Type}\n");
        if (target.AverageUtilization is { } utilization)
        {
            yaml.Append(CultureInfo.InvariantCulture, $"        averageUtilization: {utilization}\n");
        }

        if (target.AverageValueMilli is { } average)
        {
            yaml.Append($"        averageValue: \"{Quantity(average)}\"\n");
        }

        if (target.ValueMilli is { } value)
        {
            yaml.Append($"        value: \"{Quantity(value)}\"\n");
        }
    }

    private static void AppendRules(StringBuilder yaml, string name, HpaScalingRules? rules)
    {
        if (rules is null)
        {
            return;
        }

        yaml.Append($"    {name}:\n");
        if (rules.StabilizationWindowSeconds is { } window)
        {
            yaml.Append(CultureInfo.InvariantCulture, $"      stabilizationWindowSeconds: {window}\n");
        }

        if (rules.SelectPolicy is { } select)
        {
            yaml.Append($"      selectPolicy: {select}\n");
        }

        if (rules.Tolerance is { } tolerance)
        {
            yaml.Append(CultureInfo.InvariantCulture, $"      tolerance: \"{tolerance}\"\n");
        }

        if (rules.Policies is { } policies)
        {
            yaml.Append("      policies:\n");
            foreach (var policy in policies)
            {
                yaml.Append(CultureInfo.InvariantCulture, $"      - type: {policy.Type}\n        value: {policy.Value}\n        periodSeconds: {policy.PeriodSeconds}\n");
            }
        }
    }

    // Milli-values as Kubernetes writes quantities: whole numbers plain, the rest with the m suffix.
    private static string Quantity(long milli) => milli % 1000 == 0
        ? (milli / 1000).ToString(CultureInfo.InvariantCulture)
        : milli.ToString(CultureInfo.InvariantCulture) + "m";
}
