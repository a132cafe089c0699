using Erlmcp.Autoscaler.Core.Labels;

namespace Erlmcp.Autoscaler.Core.Hpa;

/// <summary>
/// Upstream's computeReplicasForMetric and its computeStatusFor*Metric helpers: asks the replica calculator what one
/// metric of the spec proposes and builds that metric's status, or the failure with its condition and error text.
/// </summary>
/// <param name="calculator">The replica calculator over the target's pods and the metrics of this sync.</param>
/// <param name="tolerances">The tolerances of this HPA.</param>
/// <param name="specReplicas">The target's spec.replicas: the base of Resource, Pods, Object Value and External
/// Value metrics.</param>
/// <param name="statusReplicas">The target's status.replicas: the divisor of per-pod Object and External metrics.</param>
/// <param name="now">The time of this sync, the last transition time of a failure's condition.</param>
internal sealed class MetricProposer(
    ReplicaCalculator calculator, Tolerances tolerances, int specReplicas, int statusReplicas, DateTimeOffset now)
{
    public (MetricProposal Proposal, MetricStatusValue? Status) Propose(MetricSpec spec) => spec.Type switch
    {
        MetricSourceType.Object when spec.Object is { } source => ProposeObject(source),
        MetricSourceType.Pods when spec.Pods is { } source => ProposePods(source),
        MetricSourceType.Resource when spec.Resource is { } source => ProposeResource(source),
        MetricSourceType.ContainerResource when spec.ContainerResource is { } source => ProposeContainerResource(source),
        MetricSourceType.External when spec.External is { } source => ProposeExternal(source),
        MetricSourceType.Object or MetricSourceType.Pods or MetricSourceType.Resource
            or MetricSourceType.ContainerResource or MetricSourceType.External => MissingSource(spec.Type),

        // Upstream: "It shouldn't reach here as invalid metric source type is filtered out in the api-server's
        // validation"; it is a spec error, not a metrics error.
        _ => Failed(
            spec.Type,
            HpaConditionReason.InvalidMetricSourceType,
            $"unknown metric source type \"{spec.Type}\"",
            $"unknown metric source type \"{spec.Type}\"",
            isSpecError: true),
    };

    private (MetricProposal, MetricStatusValue?) ProposeObject(ObjectMetricSource source)
    {
        const MetricSourceType type = MetricSourceType.Object;
        const string reason = HpaConditionReason.FailedGetObjectMetric;
        const string prefix = "failed to get object metric value: ";
        var name = source.Metric.Name;
        if (InvalidSelector(source.Metric.Selector) is { } selectorError)
        {
            return Failed(type, reason, selectorError, prefix + selectorError);
        }

        var target = source.Target;
        if (target is { Type: MetricTargetType.Value, ValueMilli: { } value })
        {
            try
            {
                var result = calculator.GetObjectMetricReplicas(
                    specReplicas, value, name, tolerances, source.DescribedObject, source.Metric.Selector);
                var status = new MetricStatusValue(
                    type, name, new MetricValueStatus(ValueMilli: result.Usage),
                    DescribedObject: source.DescribedObject, Selector: source.Metric.Selector);
                return Proposed(type, result.ReplicaCount, $"{source.DescribedObject.Kind} metric {name}", result.Timestamp, status);
            }
            catch (ReplicaCalculationException e)
            {
                return Failed(type, reason, e.Message, prefix + e.Message);
            }
        }

        if (target is { Type: MetricTargetType.AverageValue, AverageValueMilli: { } averageValue })
        {
            try
            {
                var result = calculator.GetObjectPerPodMetricReplicas(
                    statusReplicas, averageValue, name, tolerances, source.DescribedObject, source.Metric.Selector);

                // Upstream leaves describedObject out of this status, and calls the metric "external".
                var status = new MetricStatusValue(
                    type, name, new MetricValueStatus(AverageValueMilli: result.Usage), Selector: source.Metric.Selector);
                var description = $"external metric {name}({GoSelectorText.Format(source.Metric.Selector)})";
                return Proposed(type, result.ReplicaCount, description, result.Timestamp, status);
            }
            catch (ReplicaCalculationException e)
            {
                return Failed(type, reason, e.Message, $"{prefix}failed to get {name} object metric: {e.Message}");
            }
        }

        const string neither = "invalid object metric source: neither a value target nor an average value target was set";
        return Failed(type, reason, neither, prefix + neither);
    }

    private (MetricProposal, MetricStatusValue?) ProposePods(PodsMetricSource source)
    {
        const MetricSourceType type = MetricSourceType.Pods;
        const string reason = HpaConditionReason.FailedGetPodsMetric;
        const string prefix = "failed to get pods metric value: ";
        var name = source.Metric.Name;
        if (InvalidSelector(source.Metric.Selector) is { } selectorError)
        {
            return Failed(type, reason, selectorError, prefix + selectorError);
        }

        // Upstream dereferences target.averageValue unchecked (the API requires it for Pods metrics).
        if (source.Target.AverageValueMilli is not { } averageValue)
        {
            const string missing = "invalid pods metric source: no average value target was set";
            return Failed(type, reason, missing, prefix + missing, isSpecError: true);
        }

        try
        {
            var result = calculator.GetMetricReplicas(specReplicas, averageValue, name, tolerances, source.Metric.Selector);
            var status = new MetricStatusValue(
                type, name, new MetricValueStatus(AverageValueMilli: result.Usage), Selector: source.Metric.Selector);
            return Proposed(type, result.ReplicaCount, $"pods metric {name}", result.Timestamp, status);
        }
        catch (ReplicaCalculationException e)
        {
            return Failed(type, reason, e.Message, prefix + e.Message);
        }
    }

    private (MetricProposal, MetricStatusValue?) ProposeResource(ResourceMetricSource source)
    {
        const MetricSourceType type = MetricSourceType.Resource;
        var outcome = ProposeResourceUsage(source.Target, source.Name, container: "", $"{source.Name} resource utilization (percentage of request)");
        return outcome.Failure is { } failure
            ? Failed(type, HpaConditionReason.FailedGetResourceMetric, failure, $"failed to get {source.Name} resource metric value: {failure}")
            : Proposed(type, outcome.Replicas, outcome.Description, outcome.Timestamp, new MetricStatusValue(type, source.Name, outcome.Current));
    }

    private (MetricProposal, MetricStatusValue?) ProposeContainerResource(ContainerResourceMetricSource source)
    {
        const MetricSourceType type = MetricSourceType.ContainerResource;
        var outcome = ProposeResourceUsage(
            source.Target, source.Name, source.Container, $"{source.Name} container resource utilization (percentage of request)");
        return outcome.Failure is { } failure
            ? Failed(
                type,
                HpaConditionReason.FailedGetContainerResourceMetric,
                failure,
                $"failed to get {source.Container} container metric value: {failure}")
            : Proposed(
                type,
                outcome.Replicas,
                outcome.Description,
                outcome.Timestamp,
                new MetricStatusValue(type, source.Name, outcome.Current, Container: source.Container));
    }

    // Upstream's computeStatusForResourceMetricGeneric, shared by Resource and ContainerResource metrics: an
    // averageValue target wins over an averageUtilization target, whatever target.type says.
    private ResourceUsageOutcome ProposeResourceUsage(MetricTarget target, string resource, string container, string utilizationDescription)
    {
        if (target.AverageValueMilli is { } averageValue)
        {
            try
            {
                var result = calculator.GetRawResourceReplicas(specReplicas, averageValue, resource, tolerances, container);
                return new ResourceUsageOutcome(
                    result.ReplicaCount, $"{resource} resource", result.Timestamp, new MetricValueStatus(AverageValueMilli: result.Usage), null);
            }
            catch (ReplicaCalculationException e)
            {
                return ResourceUsageOutcome.Failed($"failed to get {resource} usage: {e.Message}");
            }
        }

        if (target.AverageUtilization is not { } utilization)
        {
            return ResourceUsageOutcome.Failed(
                "invalid resource metric source: neither an average utilization target nor an average value (usage) target was set");
        }

        try
        {
            var result = calculator.GetResourceReplicas(specReplicas, utilization, resource, tolerances, container);
            var current = new MetricValueStatus(AverageValueMilli: result.RawUtilization, AverageUtilization: result.Utilization);
            return new ResourceUsageOutcome(result.ReplicaCount, utilizationDescription, result.Timestamp, current, null);
        }
        catch (ReplicaCalculationException e)
        {
            return ResourceUsageOutcome.Failed($"failed to get {resource} utilization: {e.Message}");
        }
    }

    private (MetricProposal, MetricStatusValue?) ProposeExternal(ExternalMetricSource source)
    {
        const MetricSourceType type = MetricSourceType.External;
        const string reason = HpaConditionReason.FailedGetExternalMetric;
        var name = source.Metric.Name;
        var prefix = $"failed to get {name} external metric value: ";
        var description = $"external metric {name}({GoSelectorText.Format(source.Metric.Selector)})";

        // As upstream: an averageValue target wins over a value target, whatever target.type says.
        if (source.Target.AverageValueMilli is { } averageValue)
        {
            try
            {
                var result = calculator.GetExternalPerPodMetricReplicas(statusReplicas, averageValue, name, tolerances, source.Metric.Selector);
                var status = new MetricStatusValue(
                    type, name, new MetricValueStatus(AverageValueMilli: result.Usage), Selector: source.Metric.Selector);
                return Proposed(type, result.ReplicaCount, description, result.Timestamp, status);
            }
            catch (ReplicaCalculationException e)
            {
                return Failed(type, reason, e.Message, $"{prefix}failed to get {name} external metric: {e.Message}");
            }
        }

        if (source.Target.ValueMilli is { } value)
        {
            try
            {
                var result = calculator.GetExternalMetricReplicas(specReplicas, value, name, tolerances, source.Metric.Selector);
                var status = new MetricStatusValue(
                    type, name, new MetricValueStatus(ValueMilli: result.Usage), Selector: source.Metric.Selector);
                return Proposed(type, result.ReplicaCount, description, result.Timestamp, status);
            }
            catch (ReplicaCalculationException e)
            {
                return Failed(type, reason, e.Message, $"{prefix}failed to get external metric {name}: {e.Message}");
            }
        }

        const string neither = "invalid external metric source: neither a value target nor an average value target was set";
        return Failed(type, reason, neither, prefix + neither);
    }

    // The spec names a source type but lacks that source: upstream would dereference nil; the Core reports a spec error.
    private (MetricProposal, MetricStatusValue?) MissingSource(MetricSourceType type)
    {
        var reason = type switch
        {
            MetricSourceType.Object => HpaConditionReason.FailedGetObjectMetric,
            MetricSourceType.Pods => HpaConditionReason.FailedGetPodsMetric,
            MetricSourceType.Resource => HpaConditionReason.FailedGetResourceMetric,
            MetricSourceType.ContainerResource => HpaConditionReason.FailedGetContainerResourceMetric,
            _ => HpaConditionReason.FailedGetExternalMetric,
        };
        var message = $"invalid metric spec: type {type} without its {type} source";
        return Failed(type, reason, message, message, isSpecError: true);
    }

    // metav1.LabelSelectorAsSelector, which upstream applies to Object and Pods metric selectors before fetching.
    private static string? InvalidSelector(LabelSelectorSpec? selector)
    {
        try
        {
            LabelSelector.FromSpec(selector);
            return null;
        }
        catch (LabelSelectorException e)
        {
            return e.Message;
        }
    }

    private static (MetricProposal, MetricStatusValue?) Proposed(
        MetricSourceType type, int replicas, string description, DateTimeOffset timestamp, MetricStatusValue status) =>
        (new MetricProposal(type, replicas, description, timestamp, null), status);

    // Upstream's getUnableComputeReplicaCountCondition: the condition carries the inner error, the returned error
    // the outer one.
    private (MetricProposal, MetricStatusValue?) Failed(
        MetricSourceType type, string reason, string conditionError, string error, bool isSpecError = false)
    {
        var condition = new HpaCondition(
            HpaConditionType.ScalingActive,
            ConditionStatus.False,
            reason,
            $"the HPA was unable to compute the replica count: {conditionError}",
            now);
        return (new MetricProposal(type, 0, "", default, new MetricFailure(error, condition, isSpecError)), null);
    }

    private sealed record ResourceUsageOutcome(
        int Replicas, string Description, DateTimeOffset Timestamp, MetricValueStatus Current, string? Failure)
    {
        public static ResourceUsageOutcome Failed(string failure) => new(0, "", default, new MetricValueStatus(), failure);
    }
}
