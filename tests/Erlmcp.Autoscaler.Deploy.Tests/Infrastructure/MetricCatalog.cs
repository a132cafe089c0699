namespace Erlmcp.Autoscaler.Deploy.Tests.Infrastructure;

/// <summary>
/// The server's own metrics as exported on /metrics: the project's list (COMMON.md, "Metric names as exported"),
/// kept here as the test table the alerts and the dashboard are checked against.
/// </summary>
internal static class MetricCatalog
{
    public enum MetricType
    {
        Gauge,
        Counter,
        Histogram,
    }

    public sealed record Metric(string Name, MetricType Type, IReadOnlyList<string> Labels);

    public static readonly IReadOnlyList<Metric> Metrics =
    [
        new("erlmcp_autoscaler_source_freshness_seconds", MetricType.Gauge, ["source"]),
        new("erlmcp_autoscaler_store_pods", MetricType.Gauge, []),
        new("erlmcp_autoscaler_store_fresh_pods", MetricType.Gauge, []),
        new("erlmcp_autoscaler_source_pods", MetricType.Gauge, ["source", "state"]),
        new("http_requests_received_total", MetricType.Counter, ["code", "method", "controller", "action", "endpoint"]),
        new("http_request_duration_seconds", MetricType.Histogram, ["code", "method", "controller", "action", "endpoint"]),
        new("erlmcp_autoscaler_auth_decisions_total", MetricType.Counter, ["decision", "method"]),
        new("erlmcp_autoscaler_discovery_relists_total", MetricType.Counter, []),
        new("erlmcp_autoscaler_discovery_watch_restarts_total", MetricType.Counter, []),
        new("erlmcp_autoscaler_leader", MetricType.Gauge, []),
        new("erlmcp_autoscaler_desired_replicas", MetricType.Gauge, ["cluster"]),
        new("erlmcp_autoscaler_statefulset_replicas", MetricType.Gauge, ["cluster"]),
        new("erlmcp_autoscaler_plan_phase", MetricType.Gauge, ["cluster", "phase"]),
        new("erlmcp_autoscaler_plan_phase_seconds", MetricType.Gauge, ["cluster"]),
        new("erlmcp_autoscaler_pod_connections", MetricType.Gauge, ["cluster", "pod"]),
        new("erlmcp_autoscaler_sheds_total", MetricType.Counter, ["cluster", "purpose"]),
        new("erlmcp_autoscaler_drain_deadline_exceeded_total", MetricType.Counter, ["cluster"]),
        new("erlmcp_autoscaler_node_call_failures_total", MetricType.Counter, ["call"]),
    ];

    /// <summary>Labels Prometheus adds to every scraped series (target labels of a ServiceMonitor).</summary>
    public static readonly IReadOnlyList<string> TargetLabels = ["instance", "job", "namespace", "pod", "service", "container", "endpoint"];

    /// <summary>The exported series name to its metric: a histogram exports _bucket (with le), _sum and _count.</summary>
    public static (Metric Metric, IReadOnlyList<string> SeriesLabels)? Find(string series)
    {
        foreach (var metric in Metrics)
        {
            if (series == metric.Name && metric.Type != MetricType.Histogram)
            {
                return (metric, metric.Labels);
            }

            if (metric.Type == MetricType.Histogram)
            {
                if (series == $"{metric.Name}_bucket")
                {
                    return (metric, [.. metric.Labels, "le"]);
                }

                if (series == $"{metric.Name}_sum" || series == $"{metric.Name}_count")
                {
                    return (metric, metric.Labels);
                }
            }
        }

        return null;
    }
}
