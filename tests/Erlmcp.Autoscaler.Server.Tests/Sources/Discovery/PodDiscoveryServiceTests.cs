using Erlmcp.Autoscaler.Core.Connections;
using Erlmcp.Autoscaler.Core.Labels;
using Erlmcp.Autoscaler.Server.Sources;
using Erlmcp.Autoscaler.Server.Sources.Discovery;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Erlmcp.Autoscaler.Server.Tests.Sources.Discovery;

/// <summary>
/// Pod discovery against a fake API server answering the real KubernetesClient (no API server runs here): the
/// list, the watch from its resourceVersion, re-watching, relisting on 410 and on resync, and what the directory
/// and the store hold after each step.
/// </summary>
public sealed class PodDiscoveryServiceTests
{
    private const string Node0 = "erlmcp@erlmcp-0.erlmcp-headless.erlmcp.svc.cluster.local";
    private const string Node1 = "erlmcp@erlmcp-1.erlmcp-headless.erlmcp.svc.cluster.local";
    private const string Node2 = "erlmcp@erlmcp-2.erlmcp-headless.erlmcp.svc.cluster.local";

    [Fact]
    public async Task Lists_then_applies_watch_events_from_the_list_version()
    {
        await using var api = await PodApi.StartAsync();
        api.SetList("10", PodApi.Pod("erlmcp-0", "8", ip: "10.0.0.10", ready: true), PodApi.Pod("erlmcp-1", "9"));
        await using var discovery = await Running.StartAsync(api);

        var listed = await discovery.VersionAsync(1);
        Assert.Equal(
            [
                $"erlmcp/erlmcp-0 ip=10.0.0.10 ready=True node={Node0} sts=erlmcp labels=app=erlmcp",
                $"erlmcp/erlmcp-1 ip=- ready=False node={Node1} sts=erlmcp labels=app=erlmcp",
            ],
            Describe(listed));
        Assert.Equal(["erlmcp/erlmcp-0 sts=erlmcp labels=app=erlmcp", "erlmcp/erlmcp-1 sts=erlmcp labels=app=erlmcp"], discovery.StoreContents());

        var watch = await api.NextWatchAsync();
        watch.Send(PodApi.Event("ADDED", PodApi.Pod("erlmcp-2", "11", labels: new() { ["app"] = "erlmcp", ["tier"] = "edge" })));
        Assert.Equal($"erlmcp/erlmcp-2 ip=- ready=False node={Node2} sts=erlmcp labels=app=erlmcp,tier=edge", Describe(await discovery.VersionAsync(2))[2]);

        watch.Send(PodApi.Event("MODIFIED", PodApi.Pod("erlmcp-1", "12", ip: "10.0.0.11", ready: true)));
        Assert.Equal($"erlmcp/erlmcp-1 ip=10.0.0.11 ready=True node={Node1} sts=erlmcp labels=app=erlmcp", Describe(await discovery.VersionAsync(3))[1]);

        // A bookmark and an event that changes nothing the directory holds leave the version; the next change is 4.
        watch.Send(PodApi.Bookmark("13"), PodApi.Event("MODIFIED", PodApi.Pod("erlmcp-1", "14", ip: "10.0.0.11", ready: true)));
        watch.Send(PodApi.Event("DELETED", PodApi.Pod("erlmcp-0", "15", ip: "10.0.0.10", ready: true)));
        var afterDelete = await discovery.VersionAsync(4);
        Assert.Equal(["erlmcp/erlmcp-1", "erlmcp/erlmcp-2"], afterDelete.Pods.Select(pod => pod.Reference.ToString()));
        Assert.Equal(["erlmcp/erlmcp-1 sts=erlmcp labels=app=erlmcp", "erlmcp/erlmcp-2 sts=erlmcp labels=app=erlmcp,tier=edge"], discovery.StoreContents());
        Assert.Equal(
            ["list labelSelector=app=erlmcp", "watch allowWatchBookmarks=true&labelSelector=app=erlmcp&resourceVersion=10"],
            api.Requests());
    }

    [Fact]
    public async Task A_dropped_watch_is_opened_again_from_the_last_version_seen_without_a_relist()
    {
        await using var api = await PodApi.StartAsync();
        api.SetList("10", PodApi.Pod("erlmcp-0", "8"));
        await using var discovery = await Running.StartAsync(api);
        await discovery.VersionAsync(1);

        var first = await api.NextWatchAsync();
        first.Send(PodApi.Event("MODIFIED", PodApi.Pod("erlmcp-0", "11", ip: "10.0.0.10")), PodApi.Bookmark("17"));
        await discovery.VersionAsync(2);
        first.Close();
        var second = await api.NextWatchAsync();
        second.Send(PodApi.Event("ADDED", PodApi.Pod("erlmcp-1", "18")));
        await discovery.VersionAsync(3);

        Assert.Equal(
            [
                "list labelSelector=app=erlmcp",
                "watch allowWatchBookmarks=true&labelSelector=app=erlmcp&resourceVersion=10",
                "watch allowWatchBookmarks=true&labelSelector=app=erlmcp&resourceVersion=17",
            ],
            api.Requests());
    }

    [Fact]
    public async Task A_410_error_event_causes_exactly_one_relist_which_reconciles_a_deletion_the_dropped_watch_missed()
    {
        await using var api = await PodApi.StartAsync();
        api.SetList("10", PodApi.Pod("erlmcp-0", "8", ip: "10.0.0.10"), PodApi.Pod("erlmcp-1", "9", ip: "10.0.0.11"));
        await using var discovery = await Running.StartAsync(api);
        await discovery.VersionAsync(1);
        var first = await api.NextWatchAsync();
        first.Close();

        // erlmcp-1 is deleted while no watch runs; by the time the client watches again its version is compacted.
        api.SetList("30", PodApi.Pod("erlmcp-0", "8", ip: "10.0.0.10"), PodApi.Pod("erlmcp-2", "29"));
        var second = await api.NextWatchAsync();
        second.Send(PodApi.Gone("10"));
        var relisted = await discovery.VersionAsync(2);
        var third = await api.NextWatchAsync();

        Assert.Equal(["erlmcp/erlmcp-0", "erlmcp/erlmcp-2"], relisted.Pods.Select(pod => pod.Reference.ToString()));
        Assert.Equal(["erlmcp/erlmcp-0 sts=erlmcp labels=app=erlmcp", "erlmcp/erlmcp-2 sts=erlmcp labels=app=erlmcp"], discovery.StoreContents());
        Assert.Equal(
            [
                "list labelSelector=app=erlmcp",
                "watch allowWatchBookmarks=true&labelSelector=app=erlmcp&resourceVersion=10",
                "watch allowWatchBookmarks=true&labelSelector=app=erlmcp&resourceVersion=10",
                "list labelSelector=app=erlmcp",
                "watch allowWatchBookmarks=true&labelSelector=app=erlmcp&resourceVersion=30",
            ],
            api.Requests());
        third.Close();
    }

    [Fact]
    public async Task An_HTTP_410_on_opening_the_watch_causes_exactly_one_relist()
    {
        await using var api = await PodApi.StartAsync();
        api.SetList("10", PodApi.Pod("erlmcp-0", "8"));
        await using var discovery = await Running.StartAsync(api);
        await discovery.VersionAsync(1);
        var first = await api.NextWatchAsync();
        api.AnswerNextWatchWithGone();
        api.SetList("40", PodApi.Pod("erlmcp-0", "8"), PodApi.Pod("erlmcp-1", "39"));
        first.Close();

        await discovery.VersionAsync(2);
        await api.NextWatchAsync();

        Assert.Equal(
            [
                "list labelSelector=app=erlmcp",
                "watch allowWatchBookmarks=true&labelSelector=app=erlmcp&resourceVersion=10",
                "watch allowWatchBookmarks=true&labelSelector=app=erlmcp&resourceVersion=10",
                "list labelSelector=app=erlmcp",
                "watch allowWatchBookmarks=true&labelSelector=app=erlmcp&resourceVersion=40",
            ],
            api.Requests());
    }

    [Fact]
    public async Task The_resync_period_relists_and_reconciles_a_deletion_no_event_reported()
    {
        await using var api = await PodApi.StartAsync();
        api.SetList("10", PodApi.Pod("erlmcp-0", "8"), PodApi.Pod("erlmcp-1", "9"));
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-11-26T20:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        await using var discovery = await Running.StartAsync(api, time);
        await discovery.VersionAsync(1);
        await api.NextWatchAsync();

        api.SetList("50", PodApi.Pod("erlmcp-0", "8"));
        time.Advance(Running.Resync);
        var resynced = await discovery.VersionAsync(2);
        await api.NextWatchAsync();

        Assert.Equal(["erlmcp/erlmcp-0"], resynced.Pods.Select(pod => pod.Reference.ToString()));
        Assert.Equal(["erlmcp/erlmcp-0 sts=erlmcp labels=app=erlmcp"], discovery.StoreContents());
        Assert.Equal(["list", "watch", "list", "watch"], api.Requests().Select(request => request.Split(' ')[0]));
        Assert.EndsWith("resourceVersion=50", api.Requests()[^1], StringComparison.Ordinal);
    }

    private static List<string> Describe(PodDirectorySnapshot snapshot) =>
        [.. snapshot.Pods.Select(pod =>
            $"{pod.Reference} ip={pod.PodIp ?? "-"} ready={pod.Ready} node={pod.NodeName} sts={pod.StatefulSet ?? "-"} labels={Labels(pod.Labels)}")];

    private static string Labels(IReadOnlyDictionary<string, string> labels) =>
        string.Join(',', labels.OrderBy(label => label.Key, StringComparer.Ordinal).Select(label => $"{label.Key}={label.Value}"));

    /// <summary>The directory and store fed by a running discovery service.</summary>
    private sealed class Running : IAsyncDisposable
    {
        public static readonly TimeSpan Resync = TimeSpan.FromMinutes(10);

        private readonly PodDiscoveryService service;

        private Running(KubernetesPodDirectory directory, ConnectionStore store, PodDiscoveryService service)
        {
            Directory = directory;
            Store = store;
            this.service = service;
        }

        public KubernetesPodDirectory Directory { get; }

        public ConnectionStore Store { get; }

        public static async Task<Running> StartAsync(PodApi api, TimeProvider? time = null)
        {
            var settings = new PodDiscoverySettings(
                PodApi.Namespace, LabelSelector.Parse("app=erlmcp"), NodeNameTemplate.Parse("erlmcp@{pod}.erlmcp-headless.{namespace}.svc.cluster.local"),
                Resync, TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(20));
            var store = new ConnectionStore(TimeSpan.FromSeconds(30));
            var directory = new KubernetesPodDirectory(store, settings.NodeNames);
            var service = new PodDiscoveryService(api.Api.Client, directory, settings, time ?? TimeProvider.System, NullLogger<PodDiscoveryService>.Instance);
            await service.StartAsync(CancellationToken.None);
            return new Running(directory, store, service);
        }

        /// <summary>Waits for the directory to reach <paramref name="version"/> and checks it went no further.</summary>
        public async Task<PodDirectorySnapshot> VersionAsync(long version)
        {
            using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            while (Directory.Current.Version < version)
            {
                await Directory.WaitForChangeAsync(Directory.Current.Version, patience.Token);
            }

            Assert.Equal(version, Directory.Current.Version);
            return Directory.Current;
        }

        public List<string> StoreContents() =>
            [.. Store.Snapshot(DateTimeOffset.UnixEpoch).Pods.ToArray().Select(pod => $"{pod.Pod} sts={pod.StatefulSet ?? "-"} labels={Labels(pod.Labels)}")];

        public async ValueTask DisposeAsync()
        {
            await service.StopAsync(CancellationToken.None);
            service.Dispose();
        }
    }
}
