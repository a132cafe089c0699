using System.Collections.Concurrent;
using Erlmcp.Autoscaler.Core.Scaling;
using Erlmcp.Autoscaler.Server.Coordinator;

namespace Erlmcp.Autoscaler.Server.Tests.EndToEnd;

/// <summary>
/// What happened to the cluster during a test, in one order (<see cref="Sequence"/> numbers are shared by every
/// kind of entry), for assertions such as "the StatefulSet was lowered only after the pod left the cluster".
/// </summary>
internal sealed class ClusterHistory
{
    private readonly ConcurrentQueue<HistoryEntry> _entries = new();
    private long _sequence;

    public IReadOnlyList<HistoryEntry> Entries => [.. _entries.OrderBy(e => e.Sequence)];

    public IReadOnlyList<StatefulSetScaled> Scales => [.. Entries.OfType<StatefulSetScaled>()];

    public IReadOnlyList<PodStopped> Stops => [.. Entries.OfType<PodStopped>()];

    public IReadOnlyList<PodLeftCluster> Leaves => [.. Entries.OfType<PodLeftCluster>()];

    public IReadOnlyList<NodeCalled> NodeCalls => [.. Entries.OfType<NodeCalled>()];

    public IReadOnlyList<ClusterEventRecorded> Events => [.. Entries.OfType<ClusterEventRecorded>()];

    public IReadOnlyList<StatusWritten> StatusWrites => [.. Entries.OfType<StatusWritten>()];

    public long Record(Func<long, HistoryEntry> entry)
    {
        var sequence = Interlocked.Increment(ref _sequence);
        _entries.Enqueue(entry(sequence));
        return sequence;
    }
}

internal abstract record HistoryEntry(long Sequence);

/// <summary>The StatefulSet's <c>spec.replicas</c> was set (through its scale subresource).</summary>
internal sealed record StatefulSetScaled(long Sequence, int From, int To) : HistoryEntry(Sequence);

/// <summary>
/// A pod's container was stopped: SIGTERM after deletion, or SIGKILL for a crash; with its connections just before
/// (null when its node did not answer).
/// </summary>
internal sealed record PodStopped(long Sequence, string Pod, bool Crash, long? Connections) : HistoryEntry(Sequence);

/// <summary><c>leave_cluster</c> was called on the pod's node, which held <paramref name="Connections"/> at that moment.</summary>
internal sealed record PodLeftCluster(long Sequence, string Pod, long Connections) : HistoryEntry(Sequence);

/// <summary>A node call a coordinator made (through the recording node admin), and whether it succeeded.</summary>
internal sealed record NodeCalled(long Sequence, string Coordinator, string Pod, string Call, bool Succeeded) : HistoryEntry(Sequence);

internal sealed record ClusterEventRecorded(long Sequence, EventSeverity Severity, string Reason, string Message) : HistoryEntry(Sequence);

internal sealed record StatusWritten(long Sequence, ErlmcpClusterStatus Status) : HistoryEntry(Sequence);

/// <summary>The readiness of a pod changed, as its probe saw it.</summary>
internal sealed record PodReadinessChanged(long Sequence, string Pod, bool Ready) : HistoryEntry(Sequence);
