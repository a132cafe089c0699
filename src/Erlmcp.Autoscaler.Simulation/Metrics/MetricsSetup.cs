namespace Erlmcp.Autoscaler.Simulation.Metrics;

/// <summary>How a pod's connection count reaches the HPA.</summary>
public enum ConnectionsPipeline
{
    /// <summary>Our metrics API: each node pushes its count; the HPA reads the latest, one step old at most.</summary>
    Push,

    /// <summary>A Prometheus scrape chain: scraped every interval, visible to the adapter's query only after a delay.</summary>
    Prometheus,
}

/// <summary>
/// A pod's CPU and memory as a base plus a cost per connection, so the HPA's resource metrics follow its clients.
/// All values in milli-units (millicores; milli-bytes, as the metrics APIs' quantities give them).
/// </summary>
public sealed record ResourceUsageModel(double CpuBaseMilli, double CpuPerConnectionMilli, double MemoryBaseMilli, double MemoryPerConnectionMilli)
{
    public long CpuMilli(long connections) => (long)Math.Round(CpuBaseMilli + CpuPerConnectionMilli * connections);

    public long MemoryMilli(long connections) => (long)Math.Round(MemoryBaseMilli + MemoryPerConnectionMilli * connections);
}

/// <summary>The metrics the simulated HPA reads, and their lag.</summary>
/// <param name="Connections">The connections pipeline.</param>
/// <param name="ScrapeInterval">Prometheus's scrape interval.</param>
/// <param name="QueryDelay">How old a scrape must be before the adapter's query sees it (Prometheus only).</param>
/// <param name="ResourceResolution">metrics-server's <c>--metric-resolution</c>: CPU and memory are sampled this
/// often, and a new pod has none until one whole resolution after it started.</param>
/// <param name="ConnectionsMetric">The per-pod custom metric's name.</param>
/// <param name="Usage">CPU and memory from connections.</param>
public sealed record MetricsSetup(
    ConnectionsPipeline Connections,
    TimeSpan ScrapeInterval,
    TimeSpan QueryDelay,
    TimeSpan ResourceResolution,
    string ConnectionsMetric,
    ResourceUsageModel Usage);
