namespace Erlmcp.Autoscaler.Core.Hpa;

/// <summary>
/// How the selected pods count in a calculation: ready pods with a metric are counted; unready pods (pending, or for
/// CPU not yet trustworthy) and pods without a metric are handled apart; deleted and failed pods are ignored.
/// </summary>
internal sealed record PodGroups(int ReadyPodCount, HashSet<string> Unready, HashSet<string> Missing, HashSet<string> Ignored);

/// <summary>Upstream's <c>groupPods</c> in replica_calculator.go.</summary>
internal static class PodGrouping
{
    /// <summary>The resource whose samples are distrusted while a pod starts (upstream <c>v1.ResourceCPU</c>).</summary>
    public const string Cpu = "cpu";

    /// <summary>
    /// Groups <paramref name="pods"/> by readiness and by whether <paramref name="metrics"/> has a sample for them.
    /// <paramref name="resource"/> is the resource being scaled on, or empty for custom metrics: only CPU samples
    /// are checked against the pod's readiness history, because a starting pod burns CPU that says nothing of load.
    /// </summary>
    public static PodGroups Group(
        IReadOnlyList<PodInfo> pods,
        Dictionary<string, PodMetric> metrics,
        string resource,
        TimeSpan cpuInitializationPeriod,
        TimeSpan delayOfInitialReadinessStatus,
        DateTimeOffset now)
    {
        var unready = new HashSet<string>();
        var missing = new HashSet<string>();
        var ignored = new HashSet<string>();
        var readyPodCount = 0;
        var isCpu = resource == Cpu;
        for (var i = 0; i < pods.Count; i++)
        {
            var pod = pods[i];
            if (pod.DeletionTimestamp is not null || pod.Phase == PodPhase.Failed)
            {
                ignored.Add(pod.Name);
                continue;
            }

            if (pod.Phase == PodPhase.Pending)
            {
                unready.Add(pod.Name);
                continue;
            }

            if (!metrics.TryGetValue(pod.Name, out var metric))
            {
                missing.Add(pod.Name);
                continue;
            }

            if (isCpu && IsCpuSampleUnready(pod, metric, cpuInitializationPeriod, delayOfInitialReadinessStatus, now))
            {
                unready.Add(pod.Name);
                continue;
            }

            readyPodCount++;
        }

        return new PodGroups(readyPodCount, unready, missing, ignored);
    }

    private static bool IsCpuSampleUnready(
        PodInfo pod, PodMetric metric, TimeSpan cpuInitializationPeriod, TimeSpan delayOfInitialReadinessStatus, DateTimeOffset now)
    {
        if (pod.Ready is not { } condition || pod.StartTime is not { } startTime)
        {
            return true;
        }

        if (startTime + cpuInitializationPeriod > now)
        {
            // Still within the initialization period: distrust the sample if the pod is unready, or if a whole metric
            // window has not passed since its last readiness transition.
            return condition.Status == ConditionStatus.False
                || metric.Timestamp < condition.LastTransitionTime + metric.Window;
        }

        // After the initialization period, distrust only a pod that is unready and has never been ready: its last
        // transition came within the initial readiness delay after it started.
        return condition.Status == ConditionStatus.False
            && startTime + delayOfInitialReadinessStatus > condition.LastTransitionTime;
    }
}
