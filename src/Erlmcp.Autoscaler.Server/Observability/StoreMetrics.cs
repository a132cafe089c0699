using Erlmcp.Autoscaler.Core.Connections;
using Prometheus;

namespace Erlmcp.Autoscaler.Server.Observability;

/// <summary>
/// The connection store as Prometheus gauges, read from a snapshot at each scrape: how many pods it holds, how many
/// are served (fresh), and per source the age of its newest value and its fresh and stale pods.
/// </summary>
internal sealed class StoreMetrics
{
    private const string SourceLabel = "source";
    private const string StateLabel = "state";

    private readonly ConnectionStore store;
    private readonly TimeProvider time;
    private readonly Gauge pods;
    private readonly Gauge freshPods;
    private readonly Gauge sourceAge;
    private readonly Gauge sourcePods;
    private readonly Lock gate = new();
    private HashSet<string> sources = new(StringComparer.Ordinal);

    public StoreMetrics(CollectorRegistry registry, ConnectionStore store, TimeProvider time)
    {
        this.store = store;
        this.time = time;
        var factory = Prometheus.Metrics.WithCustomRegistry(registry);
        pods = factory.CreateGauge("erlmcp_autoscaler_store_pods", "Pods the connection store holds, with or without a value.");
        freshPods = factory.CreateGauge("erlmcp_autoscaler_store_fresh_pods", "Pods whose latest value is within the staleness bound: the ones served.");
        sourceAge = factory.CreateGauge(
            "erlmcp_autoscaler_source_freshness_seconds", "Age of the newest value held from each source.", SourceLabel);
        sourcePods = factory.CreateGauge(
            "erlmcp_autoscaler_source_pods", "Pods whose latest value comes from each source, fresh or stale.", SourceLabel, StateLabel);
        registry.AddBeforeCollectCallback(Update);
    }

    private void Update()
    {
        var snapshot = store.Snapshot(time.GetUtcNow());
        var freshness = snapshot.Sources();
        lock (gate)
        {
            pods.Set(snapshot.Pods.Length);
            var fresh = 0;
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var source in freshness)
            {
                seen.Add(source.Source);
                fresh += source.FreshPods;
                sourceAge.WithLabels(source.Source).Set(source.Age.TotalSeconds);
                sourcePods.WithLabels(source.Source, "fresh").Set(source.FreshPods);
                sourcePods.WithLabels(source.Source, "stale").Set(source.StalePods);
            }

            freshPods.Set(fresh);
            // A source whose values are all gone (its pods were removed) stops being reported.
            foreach (var gone in sources.Except(seen))
            {
                sourceAge.RemoveLabelled(gone);
                sourcePods.RemoveLabelled(gone, "fresh");
                sourcePods.RemoveLabelled(gone, "stale");
            }

            sources = seen;
        }
    }
}
