using Erlmcp.Autoscaler.Core.Connections;
using Erlmcp.Autoscaler.Core.Scaling;
using Microsoft.Extensions.Logging.Abstractions;

namespace Erlmcp.Autoscaler.Server.Coordinator;

/// <summary>
/// Builds the planner's <see cref="ClusterObservation"/>: the StatefulSet's replicas and pods, and each pod's
/// <c>erlmcp_scale_admin:status()</c>, asked of every pod in parallel, each within <see cref="NodeCallTimeout"/>.
/// </summary>
/// <remarks>
/// A node that fails or does not answer in time is observed with <c>Node = null</c>. A status is stamped with the time
/// its call was made; the coordinator observes only after the previous step's calls have returned, so a status
/// always follows the calls made to that node before it (the planner's rule). The connection count is the node's own
/// (stamped the same way), unless the <see cref="ConnectionStore"/> holds a newer value for the pod (pushed or
/// scraped by the sources since).
/// </remarks>
public sealed class ClusterObserver
{
    private readonly INodeAdmin _nodes;
    private readonly TimeProvider _time;
    private readonly ConnectionStore? _connections;
    private readonly ILogger _logger;

    public ClusterObserver(INodeAdmin nodes, TimeProvider time, TimeSpan nodeCallTimeout, ConnectionStore? connections = null, ILogger<ClusterObserver>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(nodeCallTimeout, TimeSpan.Zero);
        _nodes = nodes;
        _time = time;
        NodeCallTimeout = nodeCallTimeout;
        _connections = connections;
        _logger = logger ?? NullLogger<ClusterObserver>.Instance;
    }

    public TimeSpan NodeCallTimeout { get; }

    /// <summary>Observes every pod of <paramref name="statefulSet"/>, whose nodes are named by <paramref name="template"/>.</summary>
    public async Task<ClusterObservation> ObserveAsync(
        string namespaceName, StatefulSetSnapshot statefulSet, NodeNameTemplate template, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(namespaceName);
        ArgumentNullException.ThrowIfNull(statefulSet);
        ArgumentNullException.ThrowIfNull(template);
        var stored = StoredCounts(namespaceName);
        var pods = await Task.WhenAll(statefulSet.Pods.Select(pod =>
            ObservePodAsync(namespaceName, statefulSet.Name, pod, template, stored.GetValueOrDefault(pod.Name), cancellationToken))).ConfigureAwait(false);
        return new ClusterObservation(statefulSet.Replicas, [.. pods.OrderBy(pod => pod.Ordinal)]);
    }

    private async Task<PodObservation> ObservePodAsync(
        string namespaceName, string statefulSetName, PodSnapshot pod, NodeNameTemplate template, ConnectionCount? stored, CancellationToken cancellationToken)
    {
        var calledAt = _time.GetUtcNow();
        var report = await StatusAsync(template.NodeName(namespaceName, pod.Name), cancellationToken).ConfigureAwait(false);
        NodeStatus? node = null;
        ConnectionCount? connections = null;
        if (report is not null)
        {
            var peers = report.ClusterNodes
                .Select(peer => template.PodName(namespaceName, peer) is { } peerPod ? StatefulSetPodNames.Ordinal(statefulSetName, peerPod) : null)
                .OfType<int>()
                .Distinct()
                .Order()
                .ToList();
            node = new NodeStatus(report.State, report.Accepting, peers, report.RunningShedJobs, report.ShedRemaining, calledAt);
            connections = new ConnectionCount(report.Connections, calledAt);
        }

        if (stored is not null && (connections is null || stored.ObservedAt > connections.ObservedAt))
        {
            connections = stored;
        }

        return new PodObservation(pod.Ordinal, pod.Ready, pod.Terminating, connections, node);
    }

    private async Task<NodeReport?> StatusAsync(string node, CancellationToken cancellationToken)
    {
        using var deadline = new CancellationTokenSource(NodeCallTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        try
        {
            return await _nodes.StatusAsync(node, linked.Token).ConfigureAwait(false);
        }
        catch (NodeAdminException e)
        {
            CoordinatorMetrics.NodeCallFailed("status");
            _logger.NodeStatusFailed(node, e.Message);
            return null;
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            CoordinatorMetrics.NodeCallFailed("status");
            _logger.NodeStatusTimedOut(node, NodeCallTimeout.TotalSeconds);
            return null;
        }
    }

    /// <summary>The latest count the store holds for each pod of the namespace, fresh or not (the planner judges freshness).</summary>
    private Dictionary<string, ConnectionCount> StoredCounts(string namespaceName)
    {
        var counts = new Dictionary<string, ConnectionCount>(StringComparer.Ordinal);
        if (_connections is not null)
        {
            foreach (var entry in _connections.Snapshot(_time.GetUtcNow()).InNamespace(namespaceName))
            {
                if (entry.Latest is { } latest)
                {
                    counts[entry.Pod.Name] = new ConnectionCount(latest.Connections, latest.ObservedAt);
                }
            }
        }

        return counts;
    }
}
