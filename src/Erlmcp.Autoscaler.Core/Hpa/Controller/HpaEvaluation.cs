using Erlmcp.Autoscaler.Core.Labels;

namespace Erlmcp.Autoscaler.Core.Hpa;

/// <summary>
/// The outcome of one sync of one HorizontalPodAutoscaler (<see cref="HorizontalController.Evaluate"/>): what upstream's
/// reconcileAutoscaler would write to the scale subresource and to the HPA status.
/// </summary>
/// <param name="CurrentReplicas">The target's spec.replicas as read from the scale subresource.</param>
/// <param name="DesiredReplicas">status.desiredReplicas: the new replica count when <paramref name="Rescale"/>, else the
/// current one. Upstream keeps the previous status.desiredReplicas when every metric failed; the Core has no previous
/// status, so it reports the current count then.</param>
/// <param name="Rescale">True when the scale subresource must be updated to <paramref name="DesiredReplicas"/>.</param>
/// <param name="RescaleReason">Why, when <paramref name="Rescale"/>: the reason of upstream's SuccessfulRescale event
/// ("cpu resource utilization (percentage of request) above target", "All metrics below target", "Current number of
/// replicas above Spec.MaxReplicas", "Current number of replicas below Spec.MinReplicas").</param>
/// <param name="Metric">The description of the metric that decided (e.g. "cpu resource utilization (percentage of
/// request)"), or null when no metric was computed.</param>
/// <param name="CurrentMetrics">status.currentMetrics: one entry per metric that could be computed, in spec order
/// (upstream leaves an empty MetricStatus in the place of a metric that failed; the Core leaves it out).</param>
/// <param name="Conditions">status.conditions after this sync (AbleToScale, ScalingActive, ScalingLimited).</param>
/// <param name="History">The autoscaler's history to pass to the next sync: the recommendation of this sync, and the
/// scale event when <paramref name="Rescale"/> and the HPA has a behavior.</param>
/// <param name="Proposals">What each metric of the spec proposed, in spec order (empty when the metrics were not
/// consulted: scaling disabled, replicas outside [min, max], invalid selector).</param>
/// <param name="Normalization">How the proposal was stabilized and limited, or null when it was not normalized.</param>
/// <param name="Error">The error upstream's reconcileAutoscaler returns (and logs), or null. It can be set while
/// <paramref name="Rescale"/> is true: some metrics failed but the others still ask to scale up.</param>
public sealed record HpaEvaluation(
    int CurrentReplicas,
    int DesiredReplicas,
    bool Rescale,
    string? RescaleReason,
    string? Metric,
    IReadOnlyList<MetricStatusValue> CurrentMetrics,
    IReadOnlyList<HpaCondition> Conditions,
    HpaHistory History,
    IReadOnlyList<MetricProposal> Proposals,
    NormalizationTrace? Normalization,
    string? Error);

/// <summary>
/// What one metric of the spec proposed: a replica count with the metric's description and timestamp, or a
/// <see cref="Failure"/>.
/// </summary>
/// <param name="Type">The metric's source type.</param>
/// <param name="Replicas">The proposed replica count (0 when the metric failed).</param>
/// <param name="MetricName">The metric's description, e.g. "pods metric qps" (empty when it failed).</param>
/// <param name="Timestamp">The metrics' timestamp (default when it failed).</param>
/// <param name="Failure">Why no count could be computed, or null.</param>
public sealed record MetricProposal(
    MetricSourceType Type,
    int Replicas,
    string MetricName,
    DateTimeOffset Timestamp,
    MetricFailure? Failure)
{
    public bool Succeeded => Failure is null;
}

/// <summary>
/// Why a metric could not propose a replica count.
/// </summary>
/// <param name="Error">The error computeReplicasForMetric returns, e.g. "failed to get cpu resource metric value:
/// failed to get cpu utilization: ...".</param>
/// <param name="Condition">The ScalingActive=False condition upstream sets when this is the first failed metric.</param>
/// <param name="IsSpecError">True when the HPA spec itself is wrong (an unknown metric source type) rather than the
/// metrics being unavailable: upstream's errSpec, reported as the "spec" error label.</param>
public sealed record MetricFailure(string Error, HpaCondition Condition, bool IsSpecError);

/// <summary>
/// One entry of status.currentMetrics (autoscaling/v2 MetricStatus), flattened like <see cref="MetricSpec"/>:
/// <see cref="Type"/> says which of the optional members are set.
/// </summary>
/// <param name="Type">The metric's source type.</param>
/// <param name="Name">The resource name (Resource, ContainerResource) or the metric name (Pods, Object, External).</param>
/// <param name="Current">The current value.</param>
/// <param name="Container">The container, for ContainerResource.</param>
/// <param name="DescribedObject">The described object, for an Object metric with a Value target. Upstream leaves it
/// unset for an Object metric with an AverageValue target, and so does the Core.</param>
/// <param name="Selector">The metric selector of a Pods, Object or External metric, as given in the spec.</param>
public sealed record MetricStatusValue(
    MetricSourceType Type,
    string Name,
    MetricValueStatus Current,
    string? Container = null,
    CrossVersionObjectReference? DescribedObject = null,
    LabelSelectorSpec? Selector = null);

/// <summary>autoscaling/v2 MetricValueStatus, quantities in milli-units.</summary>
public sealed record MetricValueStatus(long? ValueMilli = null, long? AverageValueMilli = null, int? AverageUtilization = null);
