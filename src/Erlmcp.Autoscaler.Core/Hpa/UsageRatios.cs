namespace Erlmcp.Autoscaler.Core.Hpa;

/// <summary>
/// Ratios of current to target usage: upstream's metrics/utilization.go. Sums are int64 and wrap on overflow as in
/// Go; the divisions truncate as Go's integer divisions do.
/// </summary>
internal static class UsageRatios
{
    /// <summary>
    /// GetResourceUtilizationRatio: the utilization of the pods that have both a metric and a request (others are
    /// extraneous metrics), as a ratio to <paramref name="targetUtilization"/>, the utilization in percent, and the
    /// average raw usage per counted pod.
    /// </summary>
    public static (double Ratio, int Utilization, long RawAverage) ResourceUtilizationRatio(
        Dictionary<string, PodMetric> metrics, Dictionary<string, long> requests, int targetUtilization)
    {
        long metricsTotal = 0;
        long requestsTotal = 0;
        var entries = 0;
        foreach (var (podName, metric) in metrics)
        {
            if (!requests.TryGetValue(podName, out var request))
            {
                // Missing requests are checked elsewhere, so a metric without a request is an extraneous metric.
                continue;
            }

            metricsTotal = unchecked(metricsTotal + metric.ValueMilli);
            requestsTotal = unchecked(requestsTotal + request);
            entries++;
        }

        // When the requests and the metrics are disjoint sets of pods, there is nothing to divide by.
        if (requestsTotal == 0)
        {
            throw new ReplicaCalculationException("no metrics returned matched known pods");
        }

        var utilization = unchecked((int)(metricsTotal * 100 / requestsTotal));
        return ((double)utilization / targetUtilization, utilization, metricsTotal / entries);
    }

    /// <summary>
    /// GetMetricUsageRatio: the average of <paramref name="metrics"/> (which must not be empty) as a ratio to
    /// <paramref name="targetUsage"/>, and that average.
    /// </summary>
    public static (double Ratio, long Usage) MetricUsageRatio(Dictionary<string, PodMetric> metrics, long targetUsage)
    {
        long metricsTotal = 0;
        foreach (var metric in metrics.Values)
        {
            metricsTotal = unchecked(metricsTotal + metric.ValueMilli);
        }

        var usage = metricsTotal / metrics.Count;
        return ((double)usage / targetUsage, usage);
    }
}
