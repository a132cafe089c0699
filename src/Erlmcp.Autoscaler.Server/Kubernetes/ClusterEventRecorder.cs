using System.Globalization;
using System.Net;
using System.Text.Json;
using Erlmcp.Autoscaler.Core.Scaling;
using Erlmcp.Autoscaler.Server.Coordinator;
using Erlmcp.Autoscaler.Server.Kubernetes.ErlmcpClusters;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Erlmcp.Autoscaler.Server.Kubernetes;

/// <summary>
/// Records events.k8s.io/v1 Events about an ErlmcpCluster. As client-go's event recorder does, the same event (same
/// cluster, type, reason and note) seen again within <see cref="SeriesWindow"/> of its last occurrence does not make a
/// new Event: the existing one's <c>series</c> (count, lastObservedTime) is updated, so a repeated wait does not flood
/// the namespace.
/// </summary>
internal sealed class ClusterEventRecorder
{
    public const string ReportingController = "erlmcp.io/autoscaler";

    /// <summary>client-go's window for isomorphic events (finishTime in tools/events).</summary>
    public static readonly TimeSpan SeriesWindow = TimeSpan.FromMinutes(6);

    private readonly IKubernetes client;
    private readonly string reportingInstance;
    private readonly TimeProvider time;
    private readonly Dictionary<SeriesKey, Recorded> recorded = [];
    private readonly Lock gate = new();

    public ClusterEventRecorder(IKubernetes client, string reportingInstance, TimeProvider time)
    {
        ArgumentException.ThrowIfNullOrEmpty(reportingInstance);
        this.client = client;
        this.reportingInstance = reportingInstance;
        this.time = time ?? throw new ArgumentNullException(nameof(time));
    }

    public async Task RecordAsync(ErlmcpClusterSnapshot cluster, EventSeverity severity, string reason, string message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        var now = time.GetUtcNow();
        var key = new SeriesKey(cluster.Namespace, cluster.Uid, severity, reason, message);
        Recorded? previous;
        lock (gate)
        {
            Forget(now);
            previous = recorded.GetValueOrDefault(key);
        }

        if (previous is not null)
        {
            var count = previous.Count + 1;
            if (await PatchSeriesAsync(cluster.Namespace, previous.Name, count, now, cancellationToken).ConfigureAwait(false))
            {
                Remember(key, previous with { Count = count, LastObservedAt = now });
                return;
            }
        }

        var name = string.Create(CultureInfo.InvariantCulture, $"{cluster.Name}.{(now - DateTimeOffset.UnixEpoch).Ticks * 100:x}");
        var created = new Eventsv1Event
        {
            ApiVersion = "events.k8s.io/v1",
            Kind = "Event",
            Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = cluster.Namespace },
            EventTime = now.UtcDateTime,
            ReportingController = ReportingController,
            ReportingInstance = reportingInstance,
            // The planner's reason names what it did (BeginDrain, ScaleUpRolledBack): it is the action as well.
            Action = reason,
            Reason = reason,
            Note = message,
            Type = severity.ToString(),
            Regarding = new V1ObjectReference
            {
                ApiVersion = ErlmcpCluster.ApiVersionText,
                Kind = ErlmcpCluster.KindName,
                NamespaceProperty = cluster.Namespace,
                Name = cluster.Name,
                Uid = cluster.Uid,
            },
        };
        await client.EventsV1.CreateNamespacedEventAsync(created, cluster.Namespace, cancellationToken: cancellationToken).ConfigureAwait(false);
        Remember(key, new Recorded(name, 1, now));
    }

    /// <summary>Sets the Event's series; false when it is gone (expired or deleted), so that a new one is created.</summary>
    private async Task<bool> PatchSeriesAsync(string namespaceName, string name, int count, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var series = JsonSerializer.Serialize(new { series = new { count, lastObservedTime = MicroTime(now) } });
        try
        {
            await client.EventsV1.PatchNamespacedEventAsync(new V1Patch(series, V1Patch.PatchType.MergePatch), name, namespaceName, cancellationToken: cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }
    }

    /// <summary>metav1.MicroTime's wire form: RFC 3339 with microseconds.</summary>
    private static string MicroTime(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    private void Remember(SeriesKey key, Recorded value)
    {
        lock (gate)
        {
            recorded[key] = value;
        }
    }

    private void Forget(DateTimeOffset now)
    {
        foreach (var (key, value) in recorded.Where(pair => now - pair.Value.LastObservedAt > SeriesWindow).ToList())
        {
            recorded.Remove(key);
        }
    }

    private sealed record SeriesKey(string Namespace, string Uid, EventSeverity Severity, string Reason, string Note);

    private sealed record Recorded(string Name, int Count, DateTimeOffset LastObservedAt);
}
