using System.Diagnostics.Metrics;
using Erlmcp.Autoscaler.Core.Connections;
using Erlmcp.Autoscaler.Server.Observability;

namespace Erlmcp.Autoscaler.Server.Sources.Prometheus;

/// <summary>
/// Source 2: every <see cref="PrometheusSourceSettings.Interval"/>, scrapes each pod of the directory that has an IP
/// and records its connection count in the store. A failed scrape records nothing, so the pod's value ages until
/// the store stops serving it; it is counted by reason and logged.
/// </summary>
public sealed partial class PrometheusSource : BackgroundService
{
    private static readonly Counter<long> ScrapeErrorCount = ServerTelemetry.Meter.CreateCounter<long>(
        "erlmcp_autoscaler_prometheus_scrape_errors_total",
        description: "Pod scrapes that recorded no value, by reason (timeout, connection, http_status, body_too_large, metric_missing, invalid_value).");

    private static readonly Counter<long> BadLineCount = ServerTelemetry.Meter.CreateCounter<long>(
        "erlmcp_autoscaler_prometheus_bad_lines_total", description: "Lines of scraped metrics text that did not parse (skipped, not fatal).");

    private readonly IPodDirectory directory;
    private readonly PrometheusScraper scraper;
    private readonly ConnectionStore store;
    private readonly PrometheusSourceSettings settings;
    private readonly TimeProvider time;
    private readonly ILogger<PrometheusSource> logger;

    public PrometheusSource(
        IPodDirectory directory, PrometheusScraper scraper, ConnectionStore store, PrometheusSourceSettings settings, TimeProvider time, ILogger<PrometheusSource> logger)
    {
        this.directory = directory;
        this.scraper = scraper;
        this.store = store;
        this.settings = settings;
        this.time = time;
        this.logger = logger;
    }

    /// <summary>Scrapes every pod of the directory now that has an IP, at most the configured number at once.</summary>
    /// <returns>Each pod scraped with what its scrape gave, by pod.</returns>
    public async Task<IReadOnlyList<(PodReference Pod, ScrapeResult Result)>> ScrapeAllAsync(CancellationToken cancellationToken)
    {
        var pods = directory.Current.Pods.Where(pod => pod.PodIp is not null).ToArray();
        var results = new (PodReference, ScrapeResult)[pods.Length];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, pods.Length),
            new ParallelOptions { MaxDegreeOfParallelism = settings.MaxConcurrentScrapes, CancellationToken = cancellationToken },
            async (index, token) =>
            {
                var pod = pods[index];
                var result = await scraper.ScrapeAsync(pod.PodIp!, token);
                Report(pod, result);
                results[index] = (pod.Reference, result);
            });
        return results;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(settings.Interval, time);
        do
        {
            await ScrapeAllAsync(stoppingToken);
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private void Report(DiscoveredPod pod, ScrapeResult result)
    {
        if (result.Parse is { ErrorCount: > 0 } parse)
        {
            BadLineCount.Add(parse.ErrorCount);
            BadLines(pod.Reference.ToString(), parse.ErrorCount, string.Join("; ", parse.Errors.Take(3)));
        }

        if (result.Observation is { } observation)
        {
            // A pod deleted while it was scraped must not come back into the store.
            if (Contains(directory.Current.Pods, pod.Reference))
            {
                store.Record(pod.Reference, observation);
            }

            return;
        }

        var reason = ScrapeErrors.Reason(result.Error!.Value);
        ScrapeErrorCount.Add(1, new KeyValuePair<string, object?>("reason", reason));
        ScrapeFailed(pod.Reference.ToString(), reason, result.Message!);
    }

    /// <summary>Binary search of the directory's pods, which are ordered by reference.</summary>
    private static bool Contains(IReadOnlyList<DiscoveredPod> pods, PodReference reference)
    {
        int low = 0, high = pods.Count - 1;
        while (low <= high)
        {
            var middle = low + ((high - low) / 2);
            var order = pods[middle].Reference.CompareTo(reference);
            if (order == 0)
            {
                return true;
            }

            if (order < 0)
            {
                low = middle + 1;
            }
            else
            {
                high = middle - 1;
            }
        }

        return false;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Scraping {Pod} recorded nothing ({Reason}): {Error}")]
    private partial void ScrapeFailed(string pod, string reason, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Pod} sent {Count} bad metrics lines (skipped): {Errors}")]
    private partial void BadLines(string pod, int count, string errors);
}
