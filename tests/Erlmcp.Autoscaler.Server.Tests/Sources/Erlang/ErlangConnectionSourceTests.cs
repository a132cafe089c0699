using System.Diagnostics.Metrics;
using System.Net.Sockets;
using Erlmcp.Autoscaler.Core.Connections;
using Erlmcp.Autoscaler.Erlang.Tests.Support;
using Erlmcp.Autoscaler.Server.Observability;
using Erlmcp.Autoscaler.Server.Sources;
using Erlmcp.Autoscaler.Server.Sources.Erlang;
using Microsoft.Extensions.Logging;

namespace Erlmcp.Autoscaler.Server.Tests.Sources.Erlang;

/// <summary>
/// The Erlang source against real nodes running the agent: real distribution connections, real pushes, real client
/// TCP connections counted by the nodes. The tests of this class run one at a time, so the source's counters seen
/// by <see cref="SourceRun"/> are theirs alone.
/// </summary>
public sealed class ErlangConnectionSourceTests(ErlangSourceNodesFixture nodes) : IClassFixture<ErlangSourceNodesFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task The_store_gets_the_seeded_count_then_follows_every_push()
    {
        var before = await nodes.OpenConnectionsAsync(nodes.First, 2);
        await Eventually.HoldsAsync("the node counts 2", async () => await nodes.NodeTotalAsync(nodes.First) == 2, Patience);
        await using var run = SourceRun.Start(nodes, [ErlangSourceNodesFixture.Pod("erlmcp-0", nodes.First), ErlangSourceNodesFixture.Pod("erlmcp-1", nodes.Second)]);

        await run.WaitForAsync("erlmcp-0", 2);
        await run.WaitForAsync("erlmcp-1", 0);
        var more = await nodes.OpenConnectionsAsync(nodes.First, 1);
        await run.WaitForAsync("erlmcp-0", 3);
        Close(before);
        await run.WaitForAsync("erlmcp-0", 1);
        Close(more);
        await run.WaitForAsync("erlmcp-0", 0);

        Assert.Equal(0, run.ConnectionsOf("erlmcp-1"));
        Assert.Equal(2, run.Count("erlmcp_autoscaler_erlang_subscriptions"));
        Assert.Equal(0, run.Count("erlmcp_autoscaler_erlang_resubscribes"));
        // The seed gave 2; 3, 1 and 0 can only have come as pushes, after the subscription's first push.
        Assert.True(run.Count("erlmcp_autoscaler_erlang_messages") >= 4, $"{run.Count("erlmcp_autoscaler_erlang_messages")} messages");
    }

    [Fact]
    public async Task A_restarted_node_is_subscribed_again_and_its_values_resume()
    {
        await using var run = SourceRun.Start(nodes, [ErlangSourceNodesFixture.Pod("erlmcp-2", nodes.Restarted)]);
        await run.WaitForAsync("erlmcp-2", 0);

        await nodes.Restarted.RestartAsync();
        var connections = await nodes.OpenConnectionsAsync(nodes.Restarted, 3);

        await run.WaitForAsync("erlmcp-2", 3);
        Assert.Equal(1, run.Count("erlmcp_autoscaler_erlang_subscriptions"));
        Assert.Equal(1, run.Count("erlmcp_autoscaler_erlang_resubscribes"));
        Assert.Contains(run.Logger.Entries, entry => entry.Level == LogLevel.Warning && entry.Message.Contains($"lost the connection to node {nodes.Restarted.NodeName} of pod erlmcp/erlmcp-2", StringComparison.Ordinal));
        Close(connections);
        await run.WaitForAsync("erlmcp-2", 0);
    }

    [Fact]
    public async Task A_wrong_cookie_is_logged_naming_the_node_and_the_other_pods_keep_going()
    {
        await using var run = SourceRun.Start(nodes, [ErlangSourceNodesFixture.Pod("erlmcp-0", nodes.First), ErlangSourceNodesFixture.Pod("erlmcp-9", nodes.OtherCookie)]);

        await Eventually.HoldsAsync("the cookie error is logged", () => Task.FromResult(run.Logger.Entries.Any(entry => entry.Level == LogLevel.Error
            && entry.Message.Contains($"cannot subscribe to node {nodes.OtherCookie.NodeName} of pod erlmcp/erlmcp-9", StringComparison.Ordinal)
            && entry.Message.Contains($"Authentication with node '{nodes.OtherCookie.NodeName}' failed: the cookie is wrong", StringComparison.Ordinal))), Patience);
        var connections = await nodes.OpenConnectionsAsync(nodes.First, 1);
        await run.WaitForAsync("erlmcp-0", 1);
        Close(connections);
        await run.WaitForAsync("erlmcp-0", 0);

        Assert.Null(run.ConnectionsOf("erlmcp-9"));
        Assert.DoesNotContain(run.Logger.Entries, entry => entry.Message.Contains(nodes.Cookie, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_pod_removed_from_the_directory_is_no_longer_followed()
    {
        var first = ErlangSourceNodesFixture.Pod("erlmcp-0", nodes.First);
        await using var run = SourceRun.Start(nodes, [first, ErlangSourceNodesFixture.Pod("erlmcp-1", nodes.Second)]);
        await run.WaitForAsync("erlmcp-0", 0);
        await run.WaitForAsync("erlmcp-1", 0);
        await Eventually.HoldsAsync("the second node has our subscription", async () => await nodes.SubscribersAsync(nodes.Second) == 1, Patience);

        run.Directory.Set([first]);

        // Our connection to the node is closed, which ends the subscription there.
        await Eventually.HoldsAsync("the second node has no subscriber left", async () => await nodes.SubscribersAsync(nodes.Second) == 0, Patience);
        var removed = await nodes.OpenConnectionsAsync(nodes.Second, 2);
        await Eventually.HoldsAsync("the second node counts 2", async () => await nodes.NodeTotalAsync(nodes.Second) == 2, Patience);
        // A later change on the pod still followed arrives, while the removed pod's value stays where it was.
        var kept = await nodes.OpenConnectionsAsync(nodes.First, 1);
        await run.WaitForAsync("erlmcp-0", 1);
        Assert.Equal(0, run.ConnectionsOf("erlmcp-1"));
        Close(removed);
        Close(kept);
    }

    [Fact]
    public async Task A_node_on_TLS_distribution_is_followed_with_the_TLS_settings()
    {
        var tls = new ErlangSourceTlsOptions { CaFile = nodes.Certificates.CaFile, CertFile = nodes.Certificates.NodeCertificateFile, KeyFile = nodes.Certificates.NodeKeyFile };
        await using var run = SourceRun.Start(nodes, [ErlangSourceNodesFixture.Pod("erlmcp-5", nodes.Tls)], tls);
        await run.WaitForAsync("erlmcp-5", 0);

        var connections = await nodes.OpenConnectionsAsync(nodes.Tls, 2);

        await run.WaitForAsync("erlmcp-5", 2);
        Close(connections);
        await run.WaitForAsync("erlmcp-5", 0);
    }

    private static void Close(List<TcpClient> connections)
    {
        foreach (var connection in connections)
        {
            connection.Dispose();
        }
    }

    /// <summary>The source running over a static directory and its own store, with its counters recorded.</summary>
    private sealed class SourceRun : IAsyncDisposable
    {
        private readonly ErlangConnectionSource source;
        private readonly MeterListener listener = new();
        private readonly Dictionary<string, long> counts = [];
        private readonly Lock gate = new();

        private SourceRun(ErlangSourceNodesFixture nodes, IReadOnlyList<DiscoveredPod> pods, ErlangSourceTlsOptions? tls)
        {
            listener.InstrumentPublished = (instrument, meterListener) =>
            {
                if (instrument.Meter.Name == ServerTelemetry.Name && instrument.Name.StartsWith("erlmcp_autoscaler_erlang_", StringComparison.Ordinal))
                {
                    meterListener.EnableMeasurementEvents(instrument);
                }
            };
            listener.SetMeasurementEventCallback<long>((instrument, value, _, _) =>
            {
                lock (gate)
                {
                    counts[instrument.Name] = counts.GetValueOrDefault(instrument.Name) + value;
                }
            });
            listener.Start();
            Directory = new StaticPodDirectory(pods);
            var options = new ErlangSourceOptions
            {
                Cookie = nodes.Cookie,
                MinInterval = TimeSpan.Zero,
                RefreshInterval = TimeSpan.FromSeconds(20),
                ConnectionCheckInterval = TimeSpan.FromMilliseconds(100),
                RetryInitialDelay = TimeSpan.FromMilliseconds(100),
                RetryMaxDelay = TimeSpan.FromSeconds(1),
                Tls = tls,
            };
            source = new ErlangConnectionSource(Directory, Store, options, ErlangSourceHost.NodeOptions(options), TimeProvider.System, Logger);
        }

        public StaticPodDirectory Directory { get; }

        public ConnectionStore Store { get; } = new(TimeSpan.FromMinutes(10));

        public CapturingLogger<ErlangConnectionSource> Logger { get; } = new();

        public static SourceRun Start(ErlangSourceNodesFixture nodes, IReadOnlyList<DiscoveredPod> pods, ErlangSourceTlsOptions? tls = null)
        {
            var run = new SourceRun(nodes, pods, tls);
            run.source.StartAsync(CancellationToken.None).GetAwaiter().GetResult();
            return run;
        }

        public long Count(string instrument)
        {
            lock (gate)
            {
                return counts.GetValueOrDefault(instrument);
            }
        }

        /// <summary>The pod's latest count from the erlang source, or null when it has none.</summary>
        public long? ConnectionsOf(string pod) =>
            Store.Snapshot(DateTimeOffset.UtcNow).TryGetFresh(new PodReference("erlmcp", pod), out var entry) && entry.Latest!.Source == PodSubscription.Source
                ? entry.Latest.Connections
                : null;

        public Task WaitForAsync(string pod, long connections) =>
            Eventually.HoldsAsync($"the store holds {connections} connections for pod {pod}", () => Task.FromResult(ConnectionsOf(pod) == connections), Patience);

        public async ValueTask DisposeAsync()
        {
            await source.StopAsync(CancellationToken.None);
            source.Dispose();
            listener.Dispose();
        }
    }
}
