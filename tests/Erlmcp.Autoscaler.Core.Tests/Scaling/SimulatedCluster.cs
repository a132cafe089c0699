using Erlmcp.Autoscaler.Core.Scaling;

namespace Erlmcp.Autoscaler.Core.Tests.Scaling;

/// <summary>
/// A small, deterministic erlmcp StatefulSet for driving the planner: pods with connection counts, agents whose
/// states evolve as erlmcp_scale_admin's do, and clients that, when shed, reconnect within the same second to the
/// least-loaded pod that is ready and accepting (or are refused when every such pod is at its limit).
/// Time moves one second per <see cref="Tick"/>.
/// </summary>
internal sealed class SimulatedCluster
{
    private readonly SortedDictionary<int, SimPod> pods = [];
    private long nextJob = 1;

    public SimulatedCluster(DateTimeOffset start, long limit, IReadOnlyList<long> connections)
    {
        Now = start;
        Limit = limit;
        Replicas = connections.Count;
        for (var ordinal = 0; ordinal < connections.Count; ordinal++)
        {
            // The initial pods started long ago, serve, and form one cluster.
            var pod = new SimPod(ordinal, start - TimeSpan.FromHours(1)) { Connections = connections[ordinal] };
            pod.Peers.UnionWith(Enumerable.Range(0, connections.Count).Where(o => o != ordinal));
            pods[ordinal] = pod;
        }

        Record();

        InitialClients = connections.Sum();
    }

    public DateTimeOffset Now { get; private set; }

    /// <summary>The StatefulSet's spec.replicas.</summary>
    public int Replicas { get; private set; }

    public long Limit { get; }

    public long InitialClients { get; }

    /// <summary>How long a new pod takes to start (its node answers and it becomes ready).</summary>
    public TimeSpan StartupDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Ordinals whose pods never start (crash loop: never ready, node never answers).</summary>
    public HashSet<int> NeverReady { get; } = [];

    /// <summary>Ordinals whose nodes do not answer the coordinator (they still run and serve).</summary>
    public HashSet<int> Silent { get; } = [];

    /// <summary>How old the connection counts are when observed.</summary>
    public TimeSpan CountLag { get; set; }

    /// <summary>How old the node statuses are when observed.</summary>
    public TimeSpan NodeLag { get; set; }

    /// <summary>Shed clients that found no ready, accepting pod below its limit.</summary>
    public long Refused { get; private set; }

    /// <summary>Clients cut off by a pod's removal or loss that then found no pod with room.</summary>
    public long RefusedAfterCut { get; private set; }

    /// <summary>Clients that left on their own (<see cref="Disconnect"/>).</summary>
    public long Departed { get; private set; }

    /// <summary>Pods taken out of the StatefulSet, with the clients they still held (cut off).</summary>
    public List<Removal> Removals { get; } = [];

    /// <summary>Every action applied, with its time, in order.</summary>
    public List<(DateTimeOffset At, PlannedAction Action)> Applied { get; } = [];

    public IReadOnlyDictionary<int, SimPod> Pods => pods;

    public long Connections(int ordinal) => pods[ordinal].Connections;

    public long ConnectedClients => pods.Values.Sum(p => p.Connections);

    /// <summary>What the executor would report now.</summary>
    public ClusterObservation Observe() =>
        new(Replicas, [.. pods.Values.Select(ObservePod)]);

    public void Apply(IEnumerable<PlannedAction> actions)
    {
        foreach (var action in actions)
        {
            Applied.Add((Now, action));
            Apply(action);
        }
    }

    /// <summary>One second passes: listeners stop after their health-check wait, sheds close clients who reconnect, pods come and go.</summary>
    public void Tick()
    {
        foreach (var gone in pods.Values.Where(p => p.Terminating).Select(p => p.Ordinal).ToList())
        {
            pods.Remove(gone);
        }

        foreach (var pod in pods.Values.Where(p => p.SuspendAt is { } at && at <= Now))
        {
            pod.Accepting = false;
            pod.SuspendAt = null;
        }

        foreach (var pod in pods.Values.ToList())
        {
            foreach (var job in pod.Jobs.ToList())
            {
                var closed = Math.Min(Math.Min(job.Rate, job.Remaining), pod.Connections);
                pod.Connections -= closed;
                job.Remaining -= closed;
                Refused += Reconnect(closed);
                if (job.Remaining == 0 || pod.Connections == 0)
                {
                    pod.Jobs.Remove(job);
                }
            }
        }

        foreach (var pod in pods.Values)
        {
            pod.State = pod switch
            {
                { State: NodeState.Draining, Accepting: false, Connections: 0 } => NodeState.Drained,
                { State: NodeState.Drained, Connections: > 0 } => NodeState.Draining,
                _ => pod.State,
            };
        }

        Now += TimeSpan.FromSeconds(1);
        for (var ordinal = 0; ordinal < Replicas; ordinal++)
        {
            if (!pods.ContainsKey(ordinal))
            {
                pods[ordinal] = new SimPod(ordinal, Now);
            }
        }

        Record();
    }

    /// <summary>The pod disappears at once (node crash, eviction); its clients reconnect elsewhere. The StatefulSet recreates it if it covers the ordinal.</summary>
    public void Delete(int ordinal)
    {
        var pod = pods[ordinal];
        pods.Remove(ordinal);
        foreach (var other in pods.Values)
        {
            other.Peers.Remove(ordinal);
        }

        RefusedAfterCut += Reconnect(pod.Connections);
    }

    /// <summary>Clients leave the pod for good (they close their sessions).</summary>
    public void Disconnect(int ordinal, long clients)
    {
        pods[ordinal].Connections -= clients;
        Departed += clients;
    }

    /// <summary>The pod's count stops being refreshed (its source went quiet); the last value keeps its old time.</summary>
    public void FreezeCount(int ordinal) => pods[ordinal].FrozenCount = (pods[ordinal].Connections, Now);

    public void ThawCount(int ordinal) => pods[ordinal].FrozenCount = null;

    public bool Ready(SimPod pod) => !pod.Terminating && Started(pod) && pod.State == NodeState.Serving;

    private bool Started(SimPod pod) => !NeverReady.Contains(pod.Ordinal) && Now >= pod.CreatedAt + StartupDelay;

    private PodObservation ObservePod(SimPod pod)
    {
        ConnectionCount? count = pod.FrozenCount is { } frozen
            ? new ConnectionCount(frozen.Value, frozen.At)
            : pod.History.LastOrDefault(h => h.At <= Now - CountLag) is { At: var at } entry && at != default
                ? new ConnectionCount(entry.Value, Now - CountLag)
                : null;
        var answers = !pod.Terminating && Started(pod) && !Silent.Contains(pod.Ordinal);
        var node = answers ? pod.Statuses.LastOrDefault(s => s.ObservedAt <= Now - NodeLag) : null;
        return new PodObservation(pod.Ordinal, Ready(pod), pod.Terminating, count, node);
    }

    /// <summary>Takes every pod's count and status as they are now, for observations that lag.</summary>
    private void Record()
    {
        foreach (var pod in pods.Values)
        {
            pod.History.Add((Now, pod.Connections));
            if (Started(pod))
            {
                pod.Statuses.Add(new NodeStatus(
                    pod.State, pod.Accepting, [.. pod.Peers.Order()], [.. pod.Jobs.Select(j => j.Id)], pod.Jobs.Sum(j => j.Remaining), Now));
            }
        }
    }

    private void Apply(PlannedAction action)
    {
        switch (action)
        {
            case SetStatefulSetReplicas set:
                Replicas = set.Replicas;
                foreach (var pod in pods.Values.Where(p => p.Ordinal >= set.Replicas && !p.Terminating))
                {
                    pod.Terminating = true;
                    Removals.Add(new Removal(pod.Ordinal, pod.Connections, Now));
                    foreach (var other in pods.Values)
                    {
                        other.Peers.Remove(pod.Ordinal);
                    }

                    var cut = pod.Connections;
                    pod.Connections = 0;
                    RefusedAfterCut += Reconnect(cut);
                }

                break;
            case JoinCluster join when Answering(join.Pod) is { State: not NodeState.Leaving } joiner:
                foreach (var seed in join.Seeds.Where(s => Answering(s) is { State: not NodeState.Leaving }))
                {
                    Connect(joiner, pods[seed]);
                }

                break;
            case BeginDrain drain when Answering(drain.Pod) is { State: NodeState.Serving } pod:
                pod.State = NodeState.Draining;
                pod.SuspendAt = Now + drain.HealthCheckWait;
                if (drain.HealthCheckWait == TimeSpan.Zero)
                {
                    pod.Accepting = false;
                    pod.SuspendAt = null;
                }

                break;
            case EndDrain end when Answering(end.Pod) is { } pod:
                pod.State = NodeState.Serving;
                pod.Accepting = true;
                pod.SuspendAt = null;
                break;
            case Shed shed when Answering(shed.Pod) is { } pod:
                pod.Jobs.Add(new SimJob(nextJob++, shed.Count, shed.RatePerSecond));
                break;
            case CancelShed cancel when Answering(cancel.Pod) is { } pod:
                pod.Jobs.RemoveAll(j => j.Id == cancel.Job);
                break;
            case LeaveCluster leave when Answering(leave.Pod) is { } pod:
                pod.State = NodeState.Leaving;
                foreach (var other in pod.Peers.Select(o => pods[o]))
                {
                    other.Peers.Remove(pod.Ordinal);
                }

                pod.Peers.Clear();
                break;
            default:
                // Reports, and calls to nodes that do not answer (the executor's call fails; the planner retries).
                break;
        }
    }

    private SimPod? Answering(int ordinal) =>
        pods.TryGetValue(ordinal, out var pod) && !pod.Terminating && Started(pod) && !Silent.Contains(ordinal) ? pod : null;

    /// <summary>Full mesh: connecting to one member connects to the whole group it belongs to.</summary>
    private void Connect(SimPod a, SimPod b)
    {
        var group = Group(a).Union(Group(b)).ToHashSet();
        foreach (var member in group)
        {
            pods[member].Peers.UnionWith(group.Where(o => o != member));
        }
    }

    private static HashSet<int> Group(SimPod pod) => [pod.Ordinal, .. pod.Peers];

    /// <summary>Places clients on the least-loaded ready, accepting pods (filling the emptiest first, never past the limit); returns how many found no room.</summary>
    private long Reconnect(long clients)
    {
        var open = pods.Values.Where(p => Ready(p) && p.Accepting).OrderBy(p => p.Connections).ThenBy(p => p.Ordinal).ToList();
        while (clients > 0 && open.Count > 0 && open[0].Connections < Limit)
        {
            var level = open[0].Connections;
            var atLevel = open.TakeWhile(p => p.Connections == level).ToList();
            var next = Math.Min(open.Count > atLevel.Count ? open[atLevel.Count].Connections : Limit, Limit);
            var room = (next - level) * atLevel.Count;
            if (room >= clients)
            {
                var each = clients / atLevel.Count;
                var extra = clients % atLevel.Count;
                for (var i = 0; i < atLevel.Count; i++)
                {
                    atLevel[i].Connections += each + (i < extra ? 1 : 0);
                }

                clients = 0;
            }
            else
            {
                atLevel.ForEach(p => p.Connections = next);
                clients -= room;
            }

            open = [.. open.OrderBy(p => p.Connections).ThenBy(p => p.Ordinal)];
        }

        return clients;
    }
}

internal sealed class SimPod(int ordinal, DateTimeOffset createdAt)
{
    public int Ordinal { get; } = ordinal;

    public DateTimeOffset CreatedAt { get; } = createdAt;

    public NodeState State { get; set; } = NodeState.Serving;

    public bool Accepting { get; set; } = true;

    public DateTimeOffset? SuspendAt { get; set; }

    public bool Terminating { get; set; }

    public long Connections { get; set; }

    public HashSet<int> Peers { get; } = [];

    public List<SimJob> Jobs { get; } = [];

    public List<(DateTimeOffset At, long Value)> History { get; } = [];

    public List<NodeStatus> Statuses { get; } = [];

    public (long Value, DateTimeOffset At)? FrozenCount { get; set; }
}

internal sealed class SimJob(long id, long remaining, int rate)
{
    public long Id { get; } = id;

    public long Remaining { get; set; } = remaining;

    public int Rate { get; } = rate;
}

/// <summary>A pod taken out of the StatefulSet, and the clients it held at that moment.</summary>
internal sealed record Removal(int Ordinal, long Connections, DateTimeOffset At);
