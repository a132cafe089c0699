using Erlmcp.Autoscaler.Core.Connections;
using Erlmcp.Autoscaler.Core.Scaling;
using Erlmcp.Autoscaler.Server.Coordinator;

namespace Erlmcp.Autoscaler.Server.Tests.Coordinator.Fakes;

/// <summary>
/// An ErlmcpCluster and its StatefulSet in memory, behaving as the StatefulSet controller would: raising the replicas
/// creates the missing pods (not ready: the test makes them ready), lowering them deletes the pods above (and their
/// nodes, with whatever connections they still held). A pod's readiness is its container's (set by the test) and
/// its agent's (false from <c>begin_drain</c>), as the agent serves the readiness probe.
/// </summary>
public sealed class InMemoryClusterResources : IClusterResources
{
    public const string Namespace = "erlmcp";
    public static readonly NodeNameTemplate Template = NodeNameTemplate.Parse(NodeNameTemplate.Default);
    public const string Selector = "app=erlmcp";

    private readonly Lock _gate = new();
    private readonly SortedDictionary<int, bool> _containerReady = [];
    private readonly FakeAgents _agents;
    private readonly CallJournal _journal;
    private ClusterSpec _spec;
    private ErlmcpClusterStatus _status = new();
    private long _generation = 1;
    private long _resourceVersion = 1;
    private int _replicas;
    private Action? _beforeNextStatusWrite;

    public InMemoryClusterResources(string clusterName, ClusterSpec spec, FakeAgents agents, CallJournal journal)
    {
        ClusterName = clusterName;
        _spec = spec;
        _agents = agents;
        _journal = journal;
    }

    public string ClusterName { get; }

    public List<(EventSeverity Severity, string Reason, string Message)> Events { get; } = [];

    /// <summary>Status writes refused with a conflict so far.</summary>
    public int Conflicts { get; private set; }

    public ErlmcpClusterStatus Status
    {
        get
        {
            lock (_gate)
            {
                return _status;
            }
        }
    }

    public int Replicas
    {
        get
        {
            lock (_gate)
            {
                return _replicas;
            }
        }
    }

    public IReadOnlyList<int> Ordinals
    {
        get
        {
            lock (_gate)
            {
                return [.. _containerReady.Keys];
            }
        }
    }

    public string PodName(int ordinal) => StatefulSetPodNames.Name(_spec.StatefulSetName, ordinal);

    public string NodeName(int ordinal) => $"erlmcp@{PodName(ordinal)}.erlmcp-headless.{Namespace}.svc.cluster.local";

    /// <summary>Starts <paramref name="replicas"/> ready pods in one Erlang cluster, each holding <paramref name="connections"/>.</summary>
    public void StartSteady(int replicas, long connections)
    {
        lock (_gate)
        {
            _replicas = replicas;
            for (var ordinal = 0; ordinal < replicas; ordinal++)
            {
                _containerReady[ordinal] = true;
                _agents.Start(NodeName(ordinal), connections);
            }

            _agents.Mesh([.. Enumerable.Range(0, replicas).Select(NodeName)]);
        }
    }

    /// <summary>What the HPA does through /scale: sets spec.replicas.</summary>
    public void SetDesiredReplicas(int replicas)
    {
        lock (_gate)
        {
            _spec = _spec with { DesiredReplicas = replicas };
            _generation++;
            _resourceVersion++;
        }
    }

    public void MakeReady(int ordinal)
    {
        lock (_gate)
        {
            _containerReady[ordinal] = true;
        }
    }

    /// <summary>
    /// Runs <paramref name="change"/> just before the next status write, so that the write finds the resource changed
    /// since the coordinator read it (as when the HPA writes spec.replicas in between).
    /// </summary>
    public void BeforeNextStatusWrite(Action change)
    {
        lock (_gate)
        {
            _beforeNextStatusWrite = change;
        }
    }

    /// <summary>Changes the resource without changing what the coordinator reads (another writer's no-op update).</summary>
    public void Touch()
    {
        lock (_gate)
        {
            _resourceVersion++;
        }
    }

    public Task<ErlmcpClusterSnapshot?> GetClusterAsync(string namespaceName, string name, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            ErlmcpClusterSnapshot? cluster = namespaceName == Namespace && name == ClusterName
                ? new ErlmcpClusterSnapshot(Namespace, ClusterName, "uid-1", _generation, Version(), _spec, Template, _status)
                : null;
            return Task.FromResult(cluster);
        }
    }

    public Task<StatefulSetSnapshot?> GetStatefulSetAsync(string namespaceName, string name, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            StatefulSetSnapshot? statefulSet = namespaceName == Namespace && name == _spec.StatefulSetName
                ? new StatefulSetSnapshot(name, _replicas, Selector, [.. _containerReady.Select(pod =>
                    new PodSnapshot(PodName(pod.Key), pod.Key, pod.Value && _agents.Ready(NodeName(pod.Key)), Terminating: false))])
                : null;
            return Task.FromResult(statefulSet);
        }
    }

    public Task ScaleStatefulSetAsync(string namespaceName, string name, int replicas, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _journal.Record($"scale {replicas}");
            _replicas = replicas;
            for (var ordinal = 0; ordinal < replicas; ordinal++)
            {
                if (_containerReady.TryAdd(ordinal, false))
                {
                    _agents.Start(NodeName(ordinal), connections: 0);
                }
            }

            foreach (var ordinal in _containerReady.Keys.Where(o => o >= replicas).ToList())
            {
                _containerReady.Remove(ordinal);
                _agents.Stop(NodeName(ordinal));
            }

            return Task.CompletedTask;
        }
    }

    public Task<string> UpdateStatusAsync(ErlmcpClusterSnapshot cluster, ErlmcpClusterStatus status, CancellationToken cancellationToken)
    {
        Action? change;
        lock (_gate)
        {
            change = _beforeNextStatusWrite;
            _beforeNextStatusWrite = null;
        }

        change?.Invoke();
        lock (_gate)
        {
            if (cluster.ResourceVersion != Version())
            {
                Conflicts++;
                throw new ClusterConflictException($"ErlmcpCluster {Namespace}/{ClusterName}: resourceVersion {cluster.ResourceVersion} is not {Version()}");
            }

            _status = status;
            _resourceVersion++;
            _journal.Record("status", status.Plan);
            return Task.FromResult(Version());
        }
    }

    public Task RecordEventAsync(ErlmcpClusterSnapshot cluster, EventSeverity severity, string reason, string message, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            Events.Add((severity, reason, message));
        }

        return Task.CompletedTask;
    }

    private string Version() => _resourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
