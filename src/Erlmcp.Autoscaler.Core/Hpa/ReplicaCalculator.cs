using System.Text;
using Erlmcp.Autoscaler.Core.Labels;

namespace Erlmcp.Autoscaler.Core.Hpa;

/// <summary>
/// Proposes a replica count for one metric of one autoscaler: a port of upstream's ReplicaCalculator
/// (pkg/controller/podautoscaler/replica_calculator.go, Kubernetes 1.33+ with per-direction tolerances).
/// An instance is one evaluation: the metrics client, the pods the target's selector selects (upstream's
/// <c>podLister.List(selector)</c>) and the time of the evaluation (upstream's <c>time.Now()</c>).
/// Failures throw <see cref="ReplicaCalculationException"/> with upstream's error text.
/// </summary>
public sealed class ReplicaCalculator
{
    private const string NoPods = "no pods returned by selector while calculating replica count";

    private readonly IMetricsClient _metrics;
    private readonly IReadOnlyList<PodInfo> _pods;
    private readonly TimeSpan _cpuInitializationPeriod;
    private readonly TimeSpan _delayOfInitialReadinessStatus;
    private readonly DateTimeOffset _now;
    private readonly bool _podLevelResourcesEnabled;

    /// <param name="metrics">The metrics of this autoscaler's namespace and target.</param>
    /// <param name="pods">The pods the scale target's selector selects, in any phase.</param>
    /// <param name="cpuInitializationPeriod">
    /// <c>--horizontal-pod-autoscaler-cpu-initialization-period</c> (default 5 minutes): how long after it starts a
    /// pod's CPU samples are only trusted once it is ready and a whole metric window has passed since.
    /// </param>
    /// <param name="delayOfInitialReadinessStatus">
    /// <c>--horizontal-pod-autoscaler-initial-readiness-delay</c> (default 30 seconds): a readiness transition this
    /// soon after start is taken as the pod's initial status, not as the pod having been ready.
    /// </param>
    /// <param name="now">The time of the evaluation.</param>
    /// <param name="podLevelResourcesEnabled">The PodLevelResources feature gate (beta and on by default since 1.34).</param>
    public ReplicaCalculator(
        IMetricsClient metrics,
        IReadOnlyList<PodInfo> pods,
        TimeSpan cpuInitializationPeriod,
        TimeSpan delayOfInitialReadinessStatus,
        DateTimeOffset now,
        bool podLevelResourcesEnabled = true)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentNullException.ThrowIfNull(pods);
        _metrics = metrics;
        _pods = pods;
        _cpuInitializationPeriod = cpuInitializationPeriod;
        _delayOfInitialReadinessStatus = delayOfInitialReadinessStatus;
        _now = now;
        _podLevelResourcesEnabled = podLevelResourcesEnabled;
    }

    /// <summary>The autoscaler's namespace; only written into error texts, where upstream names it.</summary>
    public string Namespace { get; init; } = "";

    /// <summary>
    /// The count for a target utilization (percent of the pods' requests) of <paramref name="resource"/>, summed over
    /// each pod's containers or taken from one <paramref name="container"/> (a ContainerResource metric).
    /// </summary>
    public ResourceReplicas GetResourceReplicas(
        int currentReplicas, int targetUtilization, string resource, Tolerances tolerances, string container)
    {
        var fetch = _metrics.GetResourceMetric(resource, container);
        if (fetch.Failed)
        {
            throw new ReplicaCalculationException($"unable to get metrics for resource {resource}: {fetch.Error}");
        }

        RequirePods();
        var metrics = CopyOf(fetch.Value);
        var groups = GroupTrustedSamples(metrics, resource);
        var requests = PodRequests.Calculate(_pods, container, resource, _podLevelResourcesEnabled);
        var (usageRatio, utilization, rawUtilization) =
            UsageRatios.ResourceUtilizationRatio(metrics, requests, targetUtilization);

        var scaleUpWithUnready = groups.Unready.Count > 0 && usageRatio > 1.0;
        if (!scaleUpWithUnready && groups.Missing.Count == 0)
        {
            var replicas = tolerances.IsWithin(usageRatio)
                ? currentReplicas
                : CeilToReplicas(usageRatio * groups.ReadyPodCount);
            return new ResourceReplicas(replicas, utilization, rawUtilization, fetch.Timestamp);
        }

        if (groups.Missing.Count > 0)
        {
            if (usageRatio < 1.0)
            {
                // On a scale-down, a pod without a sample counts as using all of its request, or the target
                // utilization when that is above 100%.
                long fallbackUtilization = Math.Max(100, targetUtilization);
                foreach (var podName in groups.Missing)
                {
                    metrics[podName] = Sample(unchecked(requests[podName] * fallbackUtilization / 100));
                }
            }
            else if (usageRatio > 1.0)
            {
                // On a scale-up, it counts as using nothing.
                SetSamples(metrics, groups.Missing, 0);
            }
        }

        if (scaleUpWithUnready)
        {
            // On a scale-up, unready pods count as using nothing.
            SetSamples(metrics, groups.Unready, 0);
        }

        var (newUsageRatio, _, _) = UsageRatios.ResourceUtilizationRatio(metrics, requests, targetUtilization);
        var proposal = ProposeWithFillIns(currentReplicas, usageRatio, newUsageRatio, metrics.Count, tolerances);
        return new ResourceReplicas(proposal, utilization, rawUtilization, fetch.Timestamp);
    }

    /// <summary>The count for a target average value (milli-units) of <paramref name="resource"/> per pod.</summary>
    public MetricReplicas GetRawResourceReplicas(
        int currentReplicas, long targetUsage, string resource, Tolerances tolerances, string container)
    {
        var fetch = _metrics.GetResourceMetric(resource, container);
        if (fetch.Failed)
        {
            throw new ReplicaCalculationException($"unable to get metrics for resource {resource}: {fetch.Error}");
        }

        var (replicas, usage) = CalcPlainMetricReplicas(fetch.Value, currentReplicas, targetUsage, tolerances, resource);
        return new MetricReplicas(replicas, usage, fetch.Timestamp);
    }

    /// <summary>The count for a target average value (milli-units) of a per-pod custom metric (a Pods metric).</summary>
    public MetricReplicas GetMetricReplicas(
        int currentReplicas, long targetUsage, string metricName, Tolerances tolerances, LabelSelectorSpec? metricSelector)
    {
        var fetch = _metrics.GetRawMetric(metricName, metricSelector);
        if (fetch.Failed)
        {
            throw new ReplicaCalculationException($"unable to get metric {metricName}: {fetch.Error}");
        }

        var (replicas, usage) = CalcPlainMetricReplicas(fetch.Value, currentReplicas, targetUsage, tolerances, "");
        return new MetricReplicas(replicas, usage, fetch.Timestamp);
    }

    /// <summary>
    /// The count for a target value (milli-units) of a metric describing one object. The timestamp is always
    /// <c>default</c>: upstream drops the object metric's timestamp on this path and returns the zero time.
    /// </summary>
    public MetricReplicas GetObjectMetricReplicas(
        int currentReplicas,
        long targetUsage,
        string metricName,
        Tolerances tolerances,
        CrossVersionObjectReference objectRef,
        LabelSelectorSpec? metricSelector)
    {
        var fetch = FetchObjectMetric(metricName, objectRef, metricSelector);

        var usage = fetch.Value;
        var usageRatio = (double)usage / targetUsage;
        return new MetricReplicas(ReplicasForUsageRatio(currentReplicas, usageRatio, tolerances), usage, default);
    }

    /// <summary>
    /// The count for a target average value per pod (milli-units) of a metric describing one object, against
    /// the <paramref name="statusReplicas"/> it is shared among. The usage reported is that average.
    /// </summary>
    public MetricReplicas GetObjectPerPodMetricReplicas(
        int statusReplicas,
        long targetAverageUsage,
        string metricName,
        Tolerances tolerances,
        CrossVersionObjectReference objectRef,
        LabelSelectorSpec? metricSelector)
    {
        var fetch = FetchObjectMetric(metricName, objectRef, metricSelector);

        var usage = fetch.Value;
        var replicas = statusReplicas;
        var usageRatio = usage / ((double)targetAverageUsage * replicas);
        if (!tolerances.IsWithin(usageRatio))
        {
            replicas = CeilToReplicas((double)usage / targetAverageUsage);
        }

        return new MetricReplicas(replicas, CeilToInt64((double)usage / statusReplicas), fetch.Timestamp);
    }

    /// <summary>
    /// The count for a target total value (milli-units) of an external metric, summed over its matching series
    /// (capped at <see cref="long.MaxValue"/>). The timestamp is always <c>default</c>, as upstream returns it.
    /// </summary>
    public MetricReplicas GetExternalMetricReplicas(
        int currentReplicas, long targetUsage, string metricName, Tolerances tolerances, LabelSelectorSpec? metricSelector)
    {
        var fetch = FetchExternalMetric(metricName, metricSelector);

        long usage = 0;
        var values = fetch.Value ?? [];
        for (var i = 0; i < values.Count; i++)
        {
            var value = values[i];
            if (value > 0 && usage > long.MaxValue - value)
            {
                usage = long.MaxValue;
                break;
            }

            usage = unchecked(usage + value);
        }

        var usageRatio = (double)usage / targetUsage;
        return new MetricReplicas(ReplicasForUsageRatio(currentReplicas, usageRatio, tolerances), usage, default);
    }

    /// <summary>
    /// The count for a target average value per pod (milli-units) of an external metric, summed over its matching
    /// series and shared among <paramref name="statusReplicas"/>. The usage reported is that average.
    /// </summary>
    public MetricReplicas GetExternalPerPodMetricReplicas(
        int statusReplicas, long targetUsagePerPod, string metricName, Tolerances tolerances, LabelSelectorSpec? metricSelector)
    {
        var fetch = FetchExternalMetric(metricName, metricSelector);

        long usage = 0;
        var values = fetch.Value ?? [];
        for (var i = 0; i < values.Count; i++)
        {
            usage = unchecked(usage + values[i]);
            if (usage < 0)
            {
                // Upstream's overflow test: it also caps a sum that negative values made negative.
                usage = long.MaxValue;
                break;
            }
        }

        var replicas = statusReplicas;
        var usageRatio = usage / ((double)targetUsagePerPod * replicas);
        if (!tolerances.IsWithin(usageRatio))
        {
            replicas = CeilToReplicas((double)usage / targetUsagePerPod);
        }

        var averageUsage = (double)usage >= long.MaxValue ? long.MaxValue : CeilToInt64((double)usage / statusReplicas);
        return new MetricReplicas(replicas, averageUsage, fetch.Timestamp);
    }

    /// <summary>calcPlainMetricReplicas: the count for a target average value over the pods' samples.</summary>
    private (int Replicas, long Usage) CalcPlainMetricReplicas(
        IReadOnlyDictionary<string, PodMetric>? fetched,
        int currentReplicas,
        long targetUsage,
        Tolerances tolerances,
        string resource)
    {
        RequirePods();
        var metrics = CopyOf(fetched);
        var groups = GroupTrustedSamples(metrics, resource);
        var (usageRatio, usage) = UsageRatios.MetricUsageRatio(metrics, targetUsage);

        var scaleUpWithUnready = groups.Unready.Count > 0 && usageRatio > 1.0;
        if (!scaleUpWithUnready && groups.Missing.Count == 0)
        {
            var replicas = tolerances.IsWithin(usageRatio)
                ? currentReplicas
                : CeilToReplicas(usageRatio * groups.ReadyPodCount);
            return (replicas, usage);
        }

        if (groups.Missing.Count > 0)
        {
            if (usageRatio < 1.0)
            {
                // On a scale-down, a pod without a sample counts as using exactly the target.
                SetSamples(metrics, groups.Missing, targetUsage);
            }
            else if (usageRatio > 1.0)
            {
                // On a scale-up, it counts as using nothing.
                SetSamples(metrics, groups.Missing, 0);
            }
        }

        if (scaleUpWithUnready)
        {
            SetSamples(metrics, groups.Unready, 0);
        }

        var (newUsageRatio, _) = UsageRatios.MetricUsageRatio(metrics, targetUsage);
        return (ProposeWithFillIns(currentReplicas, usageRatio, newUsageRatio, metrics.Count, tolerances), usage);
    }

    /// <summary>
    /// Groups the pods, then drops the samples of ignored and unready pods (removeMetricsForPods), so that only
    /// trusted samples are left in <paramref name="metrics"/>.
    /// </summary>
    private PodGroups GroupTrustedSamples(Dictionary<string, PodMetric> metrics, string resource)
    {
        var groups = PodGrouping.Group(
            _pods, metrics, resource, _cpuInitializationPeriod, _delayOfInitialReadinessStatus, _now);
        foreach (var podName in groups.Ignored)
        {
            metrics.Remove(podName);
        }

        foreach (var podName in groups.Unready)
        {
            metrics.Remove(podName);
        }

        if (metrics.Count == 0)
        {
            throw new ReplicaCalculationException("did not receive metrics for targeted pods (pods might be unready)");
        }

        return groups;
    }

    /// <summary>
    /// The proposal once missing and unready pods have been filled in: keep the count when the change is within
    /// tolerance, or when the fill-ins reverse the direction of the ratio or of the count.
    /// </summary>
    private static int ProposeWithFillIns(
        int currentReplicas, double usageRatio, double newUsageRatio, int sampleCount, Tolerances tolerances)
    {
        if (tolerances.IsWithin(newUsageRatio)
            || (usageRatio < 1.0 && newUsageRatio > 1.0)
            || (usageRatio > 1.0 && newUsageRatio < 1.0))
        {
            return currentReplicas;
        }

        // The count considered is however many pods factored into the ratio.
        var newReplicas = CeilToReplicas(newUsageRatio * sampleCount);
        if ((newUsageRatio < 1.0 && newReplicas > currentReplicas)
            || (newUsageRatio > 1.0 && newReplicas < currentReplicas))
        {
            return currentReplicas;
        }

        return newReplicas;
    }

    /// <summary>
    /// getUsageRatioReplicaCount: the ratio applied to the ready pods, or with no current replicas to the ratio alone
    /// (scaling from zero ignores both the tolerance and the pods).
    /// </summary>
    private int ReplicasForUsageRatio(int currentReplicas, double usageRatio, Tolerances tolerances)
    {
        if (currentReplicas == 0)
        {
            return CeilToReplicas(usageRatio);
        }

        if (tolerances.IsWithin(usageRatio))
        {
            return currentReplicas;
        }

        return CeilToReplicas(usageRatio * ReadyPodCount());
    }

    /// <summary>getReadyPodsCount: running pods whose Ready condition is True.</summary>
    private int ReadyPodCount()
    {
        if (_pods.Count == 0)
        {
            throw new ReplicaCalculationException($"unable to calculate ready pods: {NoPods}");
        }

        var ready = 0;
        for (var i = 0; i < _pods.Count; i++)
        {
            if (_pods[i] is { Phase: PodPhase.Running, IsReady: true })
            {
                ready++;
            }
        }

        return ready;
    }

    private void RequirePods()
    {
        if (_pods.Count == 0)
        {
            throw new ReplicaCalculationException(NoPods);
        }
    }

    /// <summary>The client's samples are the caller's; the calculation removes and fills in samples on a copy.</summary>
    private static Dictionary<string, PodMetric> CopyOf(IReadOnlyDictionary<string, PodMetric>? fetched) =>
        fetched switch
        {
            null => [],
            Dictionary<string, PodMetric> dictionary => new Dictionary<string, PodMetric>(dictionary),
            _ => new Dictionary<string, PodMetric>(fetched),
        };

    private static PodMetric Sample(long valueMilli) => new(valueMilli, default, default);

    private static void SetSamples(Dictionary<string, PodMetric> metrics, HashSet<string> podNames, long valueMilli)
    {
        foreach (var podName in podNames)
        {
            metrics[podName] = Sample(valueMilli);
        }
    }

    /// <summary>
    /// Go's <c>int32(math.Ceil(x))</c>, saturated. Go leaves out-of-range conversions to the platform (amd64 yields
    /// math.MinInt32, a negative count); upstream caps at math.MaxInt32 where it guards against overflow (object and
    /// external metrics), and this applies the same cap everywhere.
    /// </summary>
    private static int CeilToReplicas(double value) => value switch
    {
        double.NaN => 0,
        >= int.MaxValue => int.MaxValue,
        <= int.MinValue => int.MinValue,
        _ => (int)Math.Ceiling(value),
    };

    /// <summary>Go's <c>int64(math.Ceil(x))</c>, saturated like <see cref="CeilToReplicas"/>.</summary>
    private static long CeilToInt64(double value) => value switch
    {
        double.NaN => 0,
        >= long.MaxValue => long.MaxValue,
        <= long.MinValue => long.MinValue,
        _ => (long)Math.Ceiling(value),
    };

    /// <summary>
    /// Upstream's text, including its argument order: "unable to get metric %s: %v on %s %s/%s" is given the name,
    /// the kind, the namespace, the object name and the error, so the error ends up after the object name.
    /// </summary>
    // The error texts keep upstream's argument order, misplaced as it is ("Kind on namespace name/error").
    private MetricFetch<long> FetchObjectMetric(string metricName, CrossVersionObjectReference objectRef, LabelSelectorSpec? metricSelector)
    {
        ArgumentNullException.ThrowIfNull(objectRef);
        var fetch = _metrics.GetObjectMetric(metricName, objectRef, metricSelector);
        return fetch.Failed
            ? throw new ReplicaCalculationException($"unable to get metric {metricName}: {objectRef.Kind} on {Namespace} {objectRef.Name}/{fetch.Error}")
            : fetch;
    }

    private MetricFetch<IReadOnlyList<long>> FetchExternalMetric(string metricName, LabelSelectorSpec? metricSelector)
    {
        var fetch = _metrics.GetExternalMetric(metricName, metricSelector);
        return fetch.Failed
            ? throw new ReplicaCalculationException($"unable to get external metric {Namespace}/{metricName}/{DescribeSelector(metricSelector)}: {fetch.Error}")
            : fetch;
    }

    /// <summary>How Go prints a <c>*metav1.LabelSelector</c> with <c>%+v</c> (its generated String method).</summary>
    private static string DescribeSelector(LabelSelectorSpec? selector)
    {
        if (selector is null)
        {
            return "nil";
        }

        var text = new StringBuilder("&LabelSelector{MatchLabels:map[string]string{");
        foreach (var key in selector.MatchLabels.Keys.Order(StringComparer.Ordinal))
        {
            text.Append(key).Append(": ").Append(selector.MatchLabels[key]).Append(',');
        }

        text.Append("},MatchExpressions:[]LabelSelectorRequirement{");
        foreach (var requirement in selector.MatchExpressions)
        {
            text.Append("LabelSelectorRequirement{Key:").Append(requirement.Key)
                .Append(",Operator:").Append(requirement.Operator)
                .Append(",Values:[").AppendJoin(' ', requirement.Values).Append("],},");
        }

        return text.Append("},}").ToString();
    }
}
