using System.Globalization;
using Erlmcp.Autoscaler.Core.Scaling;
using Erlmcp.Autoscaler.Simulation.Model;

namespace Erlmcp.Autoscaler.Simulation.Strategies;

/// <summary>
/// Our coordinator: the HPA scales the ErlmcpCluster, and the Core's <see cref="ScalePlanner"/> turns the desired
/// replicas into safe steps, called every step with what an executor would observe. The simulated nodes answer its
/// calls as erlmcp_scale_admin does: a drain turns readiness false at once and stops the listeners after the
/// health-check wait, a shed closes connections at its rate (the clients reconnect elsewhere), join and leave change
/// the Erlang cluster. The StatefulSet follows the replicas the planner sets: missing ordinals are created, those
/// above are deleted (with whatever clients they still hold).
/// </summary>
public sealed class CoordinatorStrategy(ClusterSpec spec, TimeSpan step) : IScalingStrategy
{
    private const long SteadyIntervalMs = 5_000;

    private readonly Dictionary<int, Node> _nodes = [];
    private readonly List<ScalingAction> _actions = [];
    private PlanState? _plan;
    private int _statefulSetReplicas = -1;
    private long _nextJob = 1;
    private long _lastPlannedMs = long.MinValue;
    private int _lastDesired = -1;
    private int _lastExisting = -1;
    private int _lastServing = -1;

    public string Name => ScalingStrategies.Coordinator;

    /// <summary>The ErlmcpCluster's status.replicas: the StatefulSet replicas the coordinator has set.</summary>
    public int StatusReplicas(SimCluster cluster)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        return _statefulSetReplicas < 0 ? cluster.Existing : _statefulSetReplicas;
    }

    public IReadOnlyList<ScalingAction> Step(int desiredReplicas, SimCluster cluster, long nowMs)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        _actions.Clear();
        var now = DateTimeOffset.FromUnixTimeMilliseconds(cluster.OriginUnixMs + nowMs);
        if (_statefulSetReplicas < 0)
        {
            Start(cluster);
        }

        RunNodes(cluster, nowMs);
        if (!NeedsPlanner(desiredReplicas, cluster, nowMs))
        {
            return _actions;
        }

        var step = ScalePlanner.Step(spec with { DesiredReplicas = desiredReplicas }, Observe(cluster, now), _plan, now);
        _plan = step.NewPlan;
        _lastPlannedMs = nowMs;
        _lastDesired = desiredReplicas;
        _lastExisting = cluster.Existing;
        _lastServing = cluster.Serving;
        foreach (var action in step.Actions)
        {
            Apply(action, Reason(step, action), cluster, nowMs);
        }

        FollowStatefulSet(cluster);
        return _actions;
    }

    // The executor steps the planner every second. While the plan is steady, nothing the planner reads has changed
    // but connection counts, and no shed job runs, it is stepped every SteadyInterval only: all it could start then
    // is a rebalance, whose cooldown is minutes; the runs are several times faster.
    private bool NeedsPlanner(int desiredReplicas, SimCluster cluster, long nowMs) =>
        _plan is not { Phase: PlanPhase.Steady }
        || desiredReplicas != _lastDesired
        || cluster.Existing != _lastExisting
        || cluster.Serving != _lastServing
        || _nodes.Values.Any(n => n.Jobs.Count > 0)
        || nowMs - _lastPlannedMs >= SteadyIntervalMs;

    // The cluster as the run finds it: every serving pod a node in one Erlang cluster.
    private void Start(SimCluster cluster)
    {
        _statefulSetReplicas = cluster.Existing;
        var members = cluster.Pods.Where(p => p.State.IsServing()).Select(p => p.Ordinal).ToList();
        foreach (var ordinal in members)
        {
            var node = NodeOf(cluster.Pods[ordinal]);
            node.Peers.UnionWith(members.Where(o => o != ordinal));
            _actions.Add(new ScalingAction(ScalingActionKind.Join, ordinal, "in the Erlang cluster when the run starts"));
        }
    }

    // One step of every node: listeners stop once the health-check wait has passed, shed jobs close connections.
    private void RunNodes(SimCluster cluster, long nowMs)
    {
        foreach (var pod in cluster.Pods)
        {
            if (!_nodes.TryGetValue(pod.Ordinal, out var node) || node.CreatedMs != pod.CreatedMs)
            {
                continue;
            }

            if (node.SuspendAtMs is { } at && at <= nowMs)
            {
                node.Accepting = false;
                node.SuspendAtMs = null;
            }

            var left = pod.Connections;
            foreach (var job in node.Jobs)
            {
                var closed = Math.Min(Math.Min(job.PerStep, job.Remaining), left);
                job.Remaining -= closed;
                left -= closed;
                if (closed > 0)
                {
                    _actions.Add(new ScalingAction(ScalingActionKind.Shed, pod.Ordinal, job.Reason, closed));
                }
            }

            node.Jobs.RemoveAll(j => j.Remaining == 0 || left == 0);
            node.State = node switch
            {
                { State: NodeState.Draining, Accepting: false } when left == 0 => NodeState.Drained,
                { State: NodeState.Drained } when left > 0 => NodeState.Draining,
                _ => node.State,
            };
        }
    }

    private ClusterObservation Observe(SimCluster cluster, DateTimeOffset now)
    {
        var pods = new List<PodObservation>(cluster.Existing);
        foreach (var pod in cluster.Pods)
        {
            if (pod.State == PodState.Gone)
            {
                continue;
            }

            // Closures this step have not happened yet on the pod: the node reports what it holds after them.
            var connections = pod.Connections - _actions.Where(a => a.Kind == ScalingActionKind.Shed && a.Ordinal == pod.Ordinal).Sum(a => a.Count);
            var node = Answering(pod);
            pods.Add(new PodObservation(
                pod.Ordinal,
                Ready: pod.State.IsServing(),
                Connections: pod.State.IsRunning() ? new ConnectionCount(connections, now) : null,
                Node: node is null ? null : new NodeStatus(
                    node.State, node.Accepting, [.. node.Peers.Order()], [.. node.Jobs.Select(j => j.Id)], node.Jobs.Sum(j => j.Remaining), now)));
        }

        return new ClusterObservation(_statefulSetReplicas, pods);
    }

    private void Apply(PlannedAction action, string reason, SimCluster cluster, long nowMs)
    {
        switch (action)
        {
            case SetStatefulSetReplicas set:
                _statefulSetReplicas = set.Replicas;
                break;
            case JoinCluster join when Answering(cluster.Pods[join.Pod]) is { State: not NodeState.Leaving } joiner:
                foreach (var seed in join.Seeds.Where(s => s < cluster.Pods.Count && Answering(cluster.Pods[s]) is { State: not NodeState.Leaving }))
                {
                    Connect(join.Pod, seed);
                }

                if (cluster.Pods[join.Pod].State == PodState.Ready && joiner.Peers.Count > 0)
                {
                    _actions.Add(new ScalingAction(ScalingActionKind.Join, join.Pod, reason));
                }

                break;
            case BeginDrain drain when Answering(cluster.Pods[drain.Pod]) is { State: NodeState.Serving } node:
                node.State = NodeState.Draining;
                node.SuspendAtMs = nowMs + (long)drain.HealthCheckWait.TotalMilliseconds;
                if (drain.HealthCheckWait <= TimeSpan.Zero)
                {
                    node.Accepting = false;
                    node.SuspendAtMs = null;
                }

                _actions.Add(new ScalingAction(ScalingActionKind.Drain, drain.Pod, reason));
                break;
            case EndDrain end when Answering(cluster.Pods[end.Pod]) is { } node:
                node.State = NodeState.Serving;
                node.Accepting = true;
                node.SuspendAtMs = null;
                if (cluster.Pods[end.Pod].State == PodState.Draining)
                {
                    _actions.Add(new ScalingAction(ScalingActionKind.Undrain, end.Pod, reason));
                }

                break;
            case Shed shed when Answering(cluster.Pods[shed.Pod]) is { } node:
                node.Jobs.Add(new ShedJob(_nextJob++, shed.Count, Math.Max(1, (long)(shed.RatePerSecond * step.TotalSeconds)), reason));
                break;
            case CancelShed cancel when Answering(cluster.Pods[cancel.Pod]) is { } node:
                node.Jobs.RemoveAll(j => j.Id == cancel.Job);
                break;
            case LeaveCluster leave when Answering(cluster.Pods[leave.Pod]) is { } node:
                node.State = NodeState.Leaving;
                foreach (var peer in node.Peers)
                {
                    if (_nodes.TryGetValue(peer, out var other))
                    {
                        other.Peers.Remove(leave.Pod);
                    }
                }

                node.Peers.Clear();
                if (cluster.Pods[leave.Pod].State is PodState.Ready or PodState.Joined or PodState.Draining)
                {
                    _actions.Add(new ScalingAction(ScalingActionKind.Leave, leave.Pod, reason));
                }

                break;
            default:
                // Conditions and events are the ErlmcpCluster's status; a call to a node that does not answer fails
                // and the planner issues it again.
                break;
        }
    }

    // The StatefulSet controller: create the missing ordinals below the replicas, delete those at or above.
    private void FollowStatefulSet(SimCluster cluster)
    {
        var pods = cluster.Pods;
        for (var ordinal = pods.Count - 1; ordinal >= _statefulSetReplicas; ordinal--)
        {
            if (pods[ordinal].State != PodState.Gone)
            {
                RemoveNode(ordinal);
                _actions.Add(new ScalingAction(ScalingActionKind.DeletePod, ordinal,
                    string.Create(CultureInfo.InvariantCulture, $"StatefulSet replicas {_statefulSetReplicas}: ordinal {ordinal} removed")));
            }
        }

        for (var ordinal = 0; ordinal < Math.Min(_statefulSetReplicas, pods.Count); ordinal++)
        {
            if (pods[ordinal].State == PodState.Gone)
            {
                RemoveNode(ordinal);
                _actions.Add(new ScalingAction(ScalingActionKind.CreatePod, ordinal,
                    string.Create(CultureInfo.InvariantCulture, $"StatefulSet replicas {_statefulSetReplicas}: ordinal {ordinal} missing")));
            }
        }
    }

    // A node answers once its pod is ready (its Erlang node is up and the agent serves); a new pod gets a new node.
    private Node? Answering(SimPod pod)
    {
        if (pod.State is PodState.Gone or PodState.Scheduled or PodState.Starting)
        {
            return null;
        }

        return NodeOf(pod);
    }

    private Node NodeOf(SimPod pod)
    {
        if (!_nodes.TryGetValue(pod.Ordinal, out var node) || node.CreatedMs != pod.CreatedMs)
        {
            node = new Node(pod.CreatedMs);
            _nodes[pod.Ordinal] = node;
        }

        return node;
    }

    private void RemoveNode(int ordinal)
    {
        if (_nodes.Remove(ordinal, out var node))
        {
            foreach (var peer in node.Peers)
            {
                if (_nodes.TryGetValue(peer, out var other))
                {
                    other.Peers.Remove(ordinal);
                }
            }
        }
    }

    // Erlang distribution is a full mesh: connecting to one member connects to its whole group.
    private void Connect(int a, int b)
    {
        var group = new HashSet<int> { a, b };
        group.UnionWith(_nodes[a].Peers);
        group.UnionWith(_nodes[b].Peers);
        foreach (var member in group)
        {
            if (_nodes.TryGetValue(member, out var node))
            {
                node.Peers.UnionWith(group.Where(o => o != member));
            }
        }
    }

    private static string Reason(PlanStep step, PlannedAction action) =>
        step.Explanations.FirstOrDefault(d => Equals(d.Action, action))?.Reason ?? action.ToString();

    /// <summary>The simulated erlmcp_scale_admin of one pod incarnation.</summary>
    private sealed class Node(long createdMs)
    {
        public long CreatedMs { get; } = createdMs;

        public NodeState State { get; set; } = NodeState.Serving;

        public bool Accepting { get; set; } = true;

        public long? SuspendAtMs { get; set; }

        public HashSet<int> Peers { get; } = [];

        public List<ShedJob> Jobs { get; } = [];
    }

    private sealed class ShedJob(long id, long remaining, long perStep, string reason)
    {
        public long Id { get; } = id;

        public long Remaining { get; set; } = remaining;

        public long PerStep { get; } = perStep;

        public string Reason { get; } = reason;
    }
}
