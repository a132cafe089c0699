using Erlmcp.Autoscaler.Core.Connections;
using Erlmcp.Autoscaler.Core.Scaling;
using Erlmcp.Autoscaler.Server.Coordinator;
using Microsoft.Extensions.Time.Testing;

namespace Erlmcp.Autoscaler.Server.Tests.Coordinator;

public sealed class ClusterObserverTests
{
    private const string Namespace = "erlmcp";
    private static readonly NodeNameTemplate Template = NodeNameTemplate.Parse("erlmcp@{pod}.erlmcp-headless.{namespace}.svc.cluster.local");
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 26, 21, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task Peers_become_ordinals_through_the_template_and_nodes_of_no_pod_of_the_StatefulSet_are_left_out()
    {
        var nodes = new StatusOf(node => Report(node, connections: 10, peers:
        [
            Node("erlmcp-2"), Node("erlmcp-1"), "remsh_1234@erlmcp-0", "erlmcp@other-0.erlmcp-headless.erlmcp.svc.cluster.local",
            "erlmcp@erlmcp-3.erlmcp-headless.staging.svc.cluster.local", Node("erlmcp-01"),
        ]));
        var observer = new ClusterObserver(nodes, _time, Timeout);

        var observed = await observer.ObserveAsync(Namespace, StatefulSet(3, Pod(0)), Template, CancellationToken.None);

        var node = Assert.Single(observed.Pods).Node!;
        Assert.Equal([1, 2], node.ClusterPeers);
        Assert.Equal([Node("erlmcp-0")], nodes.Asked);
    }

    [Fact]
    public async Task Each_pod_is_observed_with_its_node_status_stamped_when_the_call_was_made()
    {
        var nodes = new StatusOf(node => Report(node, connections: node == Node("erlmcp-1") ? 250 : 40, peers: [], state: NodeState.Draining, jobs: [7], remaining: 30));
        var observer = new ClusterObserver(nodes, _time, Timeout);
        var at = _time.GetUtcNow();

        var observed = await observer.ObserveAsync(Namespace, StatefulSet(2, Pod(1), Pod(0, ready: false, terminating: true)), Template, CancellationToken.None);

        Assert.Equal(2, observed.StatefulSetReplicas);
        Assert.Equal(
            [
                new PodObservation(0, false, true, new ConnectionCount(40, at), observed.Pods[0].Node),
                new PodObservation(1, true, false, new ConnectionCount(250, at), observed.Pods[1].Node),
            ],
            observed.Pods);
        var status = observed.Pods[1].Node!;
        Assert.Equal((NodeState.Draining, false, 30L, at), (status.State, status.Accepting, status.ShedRemaining, status.ObservedAt));
        Assert.Equal([7L], status.RunningShedJobs);
    }

    [Fact]
    public async Task A_node_that_fails_is_observed_without_status_or_count_and_the_others_still_are()
    {
        var nodes = new StatusOf(node => node == Node("erlmcp-1")
            ? throw new NodeAdminException($"erlmcp_scale_admin:status on node '{node}' failed: down")
            : Report(node, connections: 5, peers: []));
        var observer = new ClusterObserver(nodes, _time, Timeout);

        var observed = await observer.ObserveAsync(Namespace, StatefulSet(2, Pod(0), Pod(1)), Template, CancellationToken.None);

        Assert.Equal(new PodObservation(1, true), observed.Pods[1]);
        Assert.Equal(new ConnectionCount(5, _time.GetUtcNow()), observed.Pods[0].Connections);
    }

    [Fact]
    public async Task A_node_that_does_not_answer_within_the_timeout_is_observed_without_status()
    {
        var nodes = new StatusOf(async (node, token) =>
        {
            await Task.Delay(System.Threading.Timeout.InfiniteTimeSpan, token);
            return Report(node, 1, []);
        });
        var observer = new ClusterObserver(nodes, _time, Timeout);

        var observing = observer.ObserveAsync(Namespace, StatefulSet(1, Pod(0)), Template, CancellationToken.None);
        Assert.False(observing.IsCompleted);
        _time.Advance(Timeout);
        var observed = await observing;

        Assert.Equal(new PodObservation(0, true), Assert.Single(observed.Pods));
    }

    [Fact]
    public async Task A_newer_count_in_the_connection_store_wins_over_the_nodes_and_stands_in_for_a_silent_node()
    {
        var store = new ConnectionStore(TimeSpan.FromSeconds(15));
        var now = _time.GetUtcNow();
        store.Record(new PodReference(Namespace, "erlmcp-0"), new ConnectionObservation(900, now.AddSeconds(1), TimeSpan.Zero, "erlang"));
        store.Record(new PodReference(Namespace, "erlmcp-1"), new ConnectionObservation(800, now.AddSeconds(-1), TimeSpan.Zero, "erlang"));
        store.Record(new PodReference(Namespace, "erlmcp-2"), new ConnectionObservation(700, now.AddSeconds(-2), TimeSpan.Zero, "erlang"));
        var nodes = new StatusOf(node => node == Node("erlmcp-2")
            ? throw new NodeAdminException("down")
            : Report(node, connections: 100, peers: []));
        var observer = new ClusterObserver(nodes, _time, Timeout, store);

        var observed = await observer.ObserveAsync(Namespace, StatefulSet(3, Pod(0), Pod(1), Pod(2)), Template, CancellationToken.None);

        Assert.Equal(
            [new ConnectionCount(900, now.AddSeconds(1)), new ConnectionCount(100, now), new ConnectionCount(700, now.AddSeconds(-2))],
            observed.Pods.Select(p => p.Connections));
    }

    private static string Node(string pod) => Template.NodeName(Namespace, pod);

    private static PodSnapshot Pod(int ordinal, bool ready = true, bool terminating = false) => new($"erlmcp-{ordinal}", ordinal, ready, terminating);

    private static StatefulSetSnapshot StatefulSet(int replicas, params PodSnapshot[] pods) => new("erlmcp", replicas, "app=erlmcp", pods);

    private static NodeReport Report(string node, long connections, IReadOnlyList<string> peers, NodeState state = NodeState.Serving, IReadOnlyList<long>? jobs = null, long remaining = 0) =>
        new(node, state, state == NodeState.Serving, connections, 25_000, peers, jobs ?? [], remaining);

    /// <summary>Nodes whose status() is what the test says; the other calls are not the observer's.</summary>
    private sealed class StatusOf(Func<string, CancellationToken, Task<NodeReport>> status) : INodeAdmin
    {
        public StatusOf(Func<string, NodeReport> status)
            : this((node, _) => Task.FromResult(status(node)))
        {
        }

        public List<string> Asked { get; } = [];

        public Task<NodeReport> StatusAsync(string node, CancellationToken cancellationToken)
        {
            lock (Asked)
            {
                Asked.Add(node);
            }

            return status(node, cancellationToken);
        }

        public Task JoinClusterAsync(string node, IReadOnlyList<string> seedNodes, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task BeginDrainAsync(string node, TimeSpan healthCheckWait, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task EndDrainAsync(string node, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<long> ShedAsync(string node, long count, int ratePerSecond, string reason, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task CancelShedAsync(string node, long job, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task LeaveClusterAsync(string node, TimeSpan timeout, CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}
