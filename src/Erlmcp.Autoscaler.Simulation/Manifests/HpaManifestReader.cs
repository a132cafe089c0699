using Erlmcp.Autoscaler.Core.Hpa;
using Erlmcp.Autoscaler.Core.Labels;

namespace Erlmcp.Autoscaler.Simulation.Manifests;

/// <summary>
/// Reads an autoscaling/v2 HorizontalPodAutoscaler manifest (as written for kubectl apply, or as kubectl get -o yaml
/// prints it) into the Core's <see cref="HpaSpec"/>, applying the API server's defaults and validation, with errors
/// that name the file, line and field path.
/// </summary>
public static class HpaManifestReader
{
    /// <summary>The HPA's name and namespace with its spec.</summary>
    public sealed record HpaManifest(string Name, string Namespace, HpaSpec Spec);

    public static HpaManifest ReadFile(string path) => Read(File.ReadAllText(path), path);

    public static HpaManifest Read(string yaml, string source)
    {
        var root = YamlCursor.Load(yaml, source).RejectUnknownFields("apiVersion", "kind", "metadata", "spec", "status");
        var apiVersion = root.Required("apiVersion");
        if (apiVersion.RequiredString() is not ("autoscaling/v2" or "autoscaling/v2beta2"))
        {
            throw apiVersion.Error($"\"{apiVersion.RequiredString()}\" is not supported: expected autoscaling/v2");
        }

        var kind = root.Required("kind");
        if (kind.RequiredString() != "HorizontalPodAutoscaler")
        {
            throw kind.Error($"\"{kind.RequiredString()}\" is not a HorizontalPodAutoscaler");
        }

        var metadata = root.Required("metadata");
        var spec = root.Required("spec").RejectUnknownFields("scaleTargetRef", "minReplicas", "maxReplicas", "metrics", "behavior");
        return new HpaManifest(
            metadata.Required("name").RequiredString(),
            metadata.Field("namespace").String() ?? "default",
            ReadSpec(spec));
    }

    private static HpaSpec ReadSpec(YamlCursor spec)
    {
        var minField = spec.Field("minReplicas");
        var min = minField.Int() ?? 1;
        if (min < 1)
        {
            // Scale to zero needs the HPAScaleToZero alpha gate; the HPA in erlmcp's guide never uses it.
            throw minField.Error($"must be greater than or equal to 1, got {min}");
        }

        var maxField = spec.Required("maxReplicas");
        var max = maxField.Int()!.Value;
        if (max < min)
        {
            throw maxField.Error($"must be greater than or equal to minReplicas ({min}), got {max}");
        }

        var target = spec.Required("scaleTargetRef").RejectUnknownFields("apiVersion", "kind", "name");
        var metrics = spec.Field("metrics").Items().Select(ReadMetric).ToList();
        if (metrics.Count == 0)
        {
            // autoscaling/v2 defaulting: no metrics means 80% average CPU utilization.
            metrics.Add(new MetricSpec(MetricSourceType.Resource,
                Resource: new ResourceMetricSource("cpu", new MetricTarget(MetricTargetType.Utilization, AverageUtilization: 80))));
        }

        var behavior = spec.Field("behavior").RejectUnknownFields("scaleUp", "scaleDown");
        return new HpaSpec(
            min,
            max,
            metrics,
            behavior.Exists ? new HpaBehavior(ReadRules(behavior.Field("scaleUp")), ReadRules(behavior.Field("scaleDown"))) : null,
            new CrossVersionObjectReference(
                target.Required("kind").RequiredString(),
                target.Required("name").RequiredString(),
                target.Field("apiVersion").String() ?? ""));
    }

    private static MetricSpec ReadMetric(YamlCursor metric)
    {
        metric.RejectUnknownFields("type", "resource", "containerResource", "pods", "object", "external");
        var type = metric.Required("type").Enum<MetricSourceType>();
        switch (type)
        {
            case MetricSourceType.Resource:
            {
                var source = metric.Required("resource").RejectUnknownFields("name", "target");
                return new MetricSpec(type, Resource: new ResourceMetricSource(
                    source.Required("name").RequiredString(),
                    ReadTarget(source.Required("target"), MetricTargetType.Utilization, MetricTargetType.AverageValue)));
            }

            case MetricSourceType.ContainerResource:
            {
                var source = metric.Required("containerResource").RejectUnknownFields("name", "container", "target");
                return new MetricSpec(type, ContainerResource: new ContainerResourceMetricSource(
                    source.Required("name").RequiredString(),
                    source.Required("container").RequiredString(),
                    ReadTarget(source.Required("target"), MetricTargetType.Utilization, MetricTargetType.AverageValue)));
            }

            case MetricSourceType.Pods:
            {
                var source = metric.Required("pods").RejectUnknownFields("metric", "target");
                return new MetricSpec(type, Pods: new PodsMetricSource(
                    ReadIdentifier(source.Required("metric")),
                    ReadTarget(source.Required("target"), MetricTargetType.AverageValue)));
            }

            case MetricSourceType.Object:
            {
                var source = metric.Required("object").RejectUnknownFields("describedObject", "metric", "target");
                var described = source.Required("describedObject").RejectUnknownFields("apiVersion", "kind", "name");
                return new MetricSpec(type, Object: new ObjectMetricSource(
                    new CrossVersionObjectReference(
                        described.Required("kind").RequiredString(),
                        described.Required("name").RequiredString(),
                        described.Field("apiVersion").String() ?? ""),
                    ReadIdentifier(source.Required("metric")),
                    ReadTarget(source.Required("target"), MetricTargetType.Value, MetricTargetType.AverageValue)));
            }

            default:
            {
                var source = metric.Required("external").RejectUnknownFields("metric", "target");
                return new MetricSpec(type, External: new ExternalMetricSource(
                    ReadIdentifier(source.Required("metric")),
                    ReadTarget(source.Required("target"), MetricTargetType.Value, MetricTargetType.AverageValue)));
            }
        }
    }

    private static MetricTarget ReadTarget(YamlCursor target, params MetricTargetType[] allowed)
    {
        target.RejectUnknownFields("type", "value", "averageValue", "averageUtilization");
        var typeField = target.Required("type");
        var type = typeField.Enum<MetricTargetType>();
        if (Array.IndexOf(allowed, type) < 0)
        {
            throw typeField.Error($"Unsupported value: \"{type}\": supported values: {string.Join(", ", allowed.Select(a => $"\"{a}\""))}");
        }

        switch (type)
        {
            case MetricTargetType.Utilization:
            {
                var field = target.Required("averageUtilization");
                var utilization = field.Int()!.Value;
                return utilization > 0
                    ? new MetricTarget(type, AverageUtilization: utilization)
                    : throw field.Error($"must be greater than 0, got {utilization}");
            }

            case MetricTargetType.Value:
                return new MetricTarget(type, ValueMilli: PositiveMilli(target.Required("value")));
            default:
                return new MetricTarget(type, AverageValueMilli: PositiveMilli(target.Required("averageValue")));
        }
    }

    private static long PositiveMilli(YamlCursor field)
    {
        var quantity = field.Quantity()!.Value;
        return quantity.Sign > 0 ? quantity.MilliValue() : throw field.Error($"must be positive, got {quantity}");
    }

    private static MetricIdentifier ReadIdentifier(YamlCursor identifier)
    {
        identifier.RejectUnknownFields("name", "selector");
        var selector = identifier.Field("selector");
        return new MetricIdentifier(
            identifier.Required("name").RequiredString(),
            selector.Exists ? ReadSelector(selector) : null);
    }

    private static LabelSelectorSpec ReadSelector(YamlCursor selector)
    {
        selector.RejectUnknownFields("matchLabels", "matchExpressions");
        var labels = selector.Field("matchLabels").Entries().ToDictionary(e => e.Key, e => e.Value.RequiredString());
        var expressions = selector.Field("matchExpressions").Items().Select(e =>
        {
            e.RejectUnknownFields("key", "operator", "values");
            return new LabelSelectorRequirement(
                e.Required("key").RequiredString(),
                e.Required("operator").RequiredString(),
                e.Field("values").Items().Select(v => v.RequiredString()).ToList());
        }).ToList();
        var spec = new LabelSelectorSpec(labels, expressions);
        try
        {
            // Parsed once here only to report a malformed selector where it is written.
            _ = LabelSelector.FromSpec(spec);
        }
        catch (FormatException e)
        {
            throw selector.Error(e.Message);
        }

        return spec;
    }

    private static HpaScalingRules? ReadRules(YamlCursor rules)
    {
        if (!rules.Exists)
        {
            return null;
        }

        rules.RejectUnknownFields("stabilizationWindowSeconds", "selectPolicy", "policies", "tolerance");
        var windowField = rules.Field("stabilizationWindowSeconds");
        var window = windowField.Int();
        if (window is < 0 or > 3600)
        {
            throw windowField.Error($"must be between 0 and 3600 seconds, got {window}");
        }

        var policiesField = rules.Field("policies");
        List<HpaScalingPolicy>? policies = policiesField.Exists ? policiesField.Items().Select(ReadPolicy).ToList() : null;
        if (policies is { Count: 0 })
        {
            throw policiesField.Error("must specify at least one Policy");
        }

        var toleranceField = rules.Field("tolerance");
        var tolerance = toleranceField.Quantity();
        if (tolerance is { Sign: < 0 })
        {
            throw toleranceField.Error($"must be greater than or equal to 0, got {tolerance}");
        }

        var select = rules.Field("selectPolicy");
        return new HpaScalingRules(
            window,
            select.Exists ? select.Enum<ScalingPolicySelect>() : null,
            policies,
            tolerance?.AsApproximateFloat64());
    }

    private static HpaScalingPolicy ReadPolicy(YamlCursor policy)
    {
        policy.RejectUnknownFields("type", "value", "periodSeconds");
        var valueField = policy.Required("value");
        var value = valueField.Int()!.Value;
        if (value <= 0)
        {
            throw valueField.Error($"must be greater than zero, got {value}");
        }

        var periodField = policy.Required("periodSeconds");
        var period = periodField.Int()!.Value;
        if (period is <= 0 or > 1800)
        {
            throw periodField.Error($"must be greater than zero and less than or equal to 1800, got {period}");
        }

        return new HpaScalingPolicy(policy.Required("type").Enum<ScalingPolicyType>(), value, period);
    }
}
