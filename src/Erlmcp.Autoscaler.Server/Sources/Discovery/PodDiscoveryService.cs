using System.Diagnostics.Metrics;
using System.Net;
using Erlmcp.Autoscaler.Server.Observability;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Erlmcp.Autoscaler.Server.Sources.Discovery;

/// <summary>
/// Keeps <see cref="KubernetesPodDirectory"/> in step with the API server, as client-go's reflector does: list the
/// erlmcp pods, then watch from the list's resourceVersion (with bookmarks). When the watch ends or drops it is
/// opened again from the last resourceVersion seen, after a backoff if it failed; when the server says that version
/// is gone (410, as an HTTP status or an ERROR event), and every <see cref="PodDiscoverySettings.ResyncPeriod"/>,
/// the whole list is read again, which also reconciles deletions a dropped watch missed.
/// </summary>
public sealed partial class PodDiscoveryService : BackgroundService
{
    private static readonly Counter<long> Relists = ServerTelemetry.Meter.CreateCounter<long>(
        "erlmcp_autoscaler_discovery_relists_total", description: "Full pod lists after the first, by reason (gone, resync, list_failed).");

    private static readonly Counter<long> WatchRestarts = ServerTelemetry.Meter.CreateCounter<long>(
        "erlmcp_autoscaler_discovery_watch_restarts_total", description: "Pod watches opened again from the last resourceVersion, by reason (closed, failed).");

    private readonly IKubernetes client;
    private readonly KubernetesPodDirectory directory;
    private readonly PodDiscoverySettings settings;
    private readonly TimeProvider time;
    private readonly ILogger<PodDiscoveryService> logger;
    private readonly string selector;

    public PodDiscoveryService(
        IKubernetes client, KubernetesPodDirectory directory, PodDiscoverySettings settings, TimeProvider time, ILogger<PodDiscoveryService> logger)
    {
        ArgumentNullException.ThrowIfNull(settings);
        this.client = client;
        this.directory = directory;
        this.settings = settings;
        this.time = time;
        this.logger = logger;
        selector = settings.Selector.ToString();
    }

    /// <summary>Why a watch ended.</summary>
    private enum WatchEnd
    {
        /// <summary>The server closed it: watch again from the last version.</summary>
        Closed,

        /// <summary>It failed (connection lost, a non-410 error): watch again after a backoff.</summary>
        Failed,

        /// <summary>The version it started from is too old: list again.</summary>
        Gone,

        /// <summary>The resync period is over: list again.</summary>
        ResyncDue,
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var backoff = new Backoff(settings.InitialBackoff, settings.MaxBackoff);
        while (!stoppingToken.IsCancellationRequested)
        {
            string resourceVersion;
            try
            {
                resourceVersion = await ListAsync(stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested && e is not OperationCanceledException)
            {
                var wait = backoff.Next();
                Relisting(settings.Namespace, "list_failed", e.Message, wait);
                Relists.Add(1, new KeyValuePair<string, object?>("reason", "list_failed"));
                await Task.Delay(wait, time, stoppingToken);
                continue;
            }

            backoff.Reset();
            var reason = await WatchUntilRelistAsync(resourceVersion, backoff, stoppingToken);
            Relisting(settings.Namespace, reason, "-", TimeSpan.Zero);
            Relists.Add(1, new KeyValuePair<string, object?>("reason", reason));
        }
    }

    /// <summary>Lists the pods into the directory; returns the list's resourceVersion.</summary>
    private async Task<string> ListAsync(CancellationToken cancellationToken)
    {
        var list = await client.CoreV1.ListNamespacedPodAsync(settings.Namespace, labelSelector: selector, cancellationToken: cancellationToken);
        var removed = directory.Replace(list.Items);
        Listed(settings.Namespace, list.Items.Count, removed, list.Metadata.ResourceVersion);
        return list.Metadata.ResourceVersion;
    }

    /// <summary>
    /// Watches (again and again) until a relist is needed; returns why, as the relist reason. A watch that ended
    /// is opened again after a backoff, which restarts from the initial wait once a watch delivered events, so that
    /// a server closing every watch at once is not hammered.
    /// </summary>
    private async Task<string> WatchUntilRelistAsync(string resourceVersion, Backoff backoff, CancellationToken stoppingToken)
    {
        var resyncAt = time.GetUtcNow() + settings.ResyncPeriod;
        while (true)
        {
            var (end, lastVersion, delivered) = await WatchOnceAsync(resourceVersion, resyncAt - time.GetUtcNow(), stoppingToken);
            resourceVersion = lastVersion;
            if (end is WatchEnd.Gone or WatchEnd.ResyncDue)
            {
                return end == WatchEnd.Gone ? "gone" : "resync";
            }

            if (delivered)
            {
                backoff.Reset();
            }

            var reason = end == WatchEnd.Failed ? "failed" : "closed";
            var wait = backoff.Next();
            WatchRestarting(settings.Namespace, reason, resourceVersion, wait);
            WatchRestarts.Add(1, new KeyValuePair<string, object?>("reason", reason));
            await Task.Delay(wait, time, stoppingToken);
        }
    }

    private async Task<(WatchEnd End, string ResourceVersion, bool Delivered)> WatchOnceAsync(string resourceVersion, TimeSpan untilResync, CancellationToken stoppingToken)
    {
        if (untilResync <= TimeSpan.Zero)
        {
            return (WatchEnd.ResyncDue, resourceVersion, false);
        }

        using var resync = new CancellationTokenSource(untilResync, time);
        using var watch = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, resync.Token);
        V1Status? error = null;
        var delivered = false;
        var events = client.CoreV1.WatchListNamespacedPodAsync(
            settings.Namespace,
            allowWatchBookmarks: true,
            labelSelector: selector,
            resourceVersion: resourceVersion,
            onError: e =>
            {
                // KubernetesClient reports an ERROR event here and goes on reading; the API server closes the
                // stream after one, but do not rely on it.
                if (e is KubernetesException { Status: { } status })
                {
                    error = status;
                    watch.Cancel();
                }
                else
                {
                    EventUnreadable(settings.Namespace, e.Message);
                }
            },
            cancellationToken: watch.Token);
        try
        {
            await foreach (var (type, pod) in events)
            {
                resourceVersion = pod.Metadata?.ResourceVersion ?? resourceVersion;
                delivered = true;
                if (type is WatchEventType.Added or WatchEventType.Modified or WatchEventType.Deleted)
                {
                    directory.Apply(type, pod);
                }
            }

            return (WatchEnd.Closed, resourceVersion, delivered);
        }
        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
        {
            return error switch
            {
                { Code: (int)HttpStatusCode.Gone } => (WatchEnd.Gone, resourceVersion, delivered),
                not null => Failed(resourceVersion, delivered, $"{error.Code} {error.Reason}: {error.Message}"),
                _ => (WatchEnd.ResyncDue, resourceVersion, delivered),
            };
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Gone)
        {
            return (WatchEnd.Gone, resourceVersion, delivered);
        }
        catch (Exception e) when (!stoppingToken.IsCancellationRequested && e is not OperationCanceledException)
        {
            return Failed(resourceVersion, delivered, e.Message);
        }
    }

    private (WatchEnd, string, bool) Failed(string resourceVersion, bool delivered, string why)
    {
        WatchFailed(settings.Namespace, resourceVersion, why);
        return (WatchEnd.Failed, resourceVersion, delivered);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Listed {Count} erlmcp pods in {Namespace} ({Removed} no longer there) at resourceVersion {ResourceVersion}")]
    private partial void Listed(string @namespace, int count, int removed, string resourceVersion);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Listing the pods of {Namespace} again ({Reason}: {Error}) after {Wait}")]
    private partial void Relisting(string @namespace, string reason, string error, TimeSpan wait);

    [LoggerMessage(Level = LogLevel.Information, Message = "Watching the pods of {Namespace} again ({Reason}) from resourceVersion {ResourceVersion} after {Wait}")]
    private partial void WatchRestarting(string @namespace, string reason, string resourceVersion, TimeSpan wait);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The pod watch of {Namespace} failed at resourceVersion {ResourceVersion}: {Error}")]
    private partial void WatchFailed(string @namespace, string resourceVersion, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Skipped a pod watch event of {Namespace} that does not read: {Error}")]
    private partial void EventUnreadable(string @namespace, string error);
}
