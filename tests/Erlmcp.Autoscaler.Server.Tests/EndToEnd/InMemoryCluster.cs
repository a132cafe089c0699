using System.Globalization;
using Erlmcp.Autoscaler.Core.Connections;
using Erlmcp.Autoscaler.Core.Scaling;
using Erlmcp.Autoscaler.Erlang.Connection;
using Erlmcp.Autoscaler.Erlang.Errors;
using Erlmcp.Autoscaler.Erlang.Terms;
using Erlmcp.Autoscaler.Server.Coordinator;

namespace Erlmcp.Autoscaler.Server.Tests.EndToEnd;

/// <summary>
/// The Kubernetes side of the end-to-end tests, in memory, with real pods: the ErlmcpCluster (spec written by the
/// test as the HPA would, status written by the coordinator), a StatefulSet controller that starts a real Erlang
/// node for each new ordinal and stops the highest ones with SIGTERM when replicas go down (podManagementPolicy
/// Parallel), a kubelet that probes each pod's <c>/ready</c> and restarts crashed containers, and an endpoints
/// controller that pushes the ready pods' listeners to the client pools (the Service).
/// </summary>
internal sealed class InMemoryCluster : IClusterResources, IAsyncDisposable
{
    public const string Namespace = "erlmcp";
    public const string ClusterName = "erlmcp";
    public const string StatefulSetName = "erlmcp";
    public const string Selector = "app=erlmcp";

    private static readonly TimeSpan ProbePeriod = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(1);

    private readonly Lock _lock = new();
    private readonly SemaphoreSlim _reconcile = new(1, 1);
    private readonly SortedDictionary<int, ErlmcpPod> _pods = [];
    private readonly List<Task> _background = [];
    private readonly HttpClient _http = new() { Timeout = ProbeTimeout };
    private readonly CancellationTokenSource _stopping = new();
    private readonly string _cookie;
    private readonly string _codePath;
    private readonly ErlangConnectionPool _distribution;
    private readonly ClientPools _service;
    private ClusterSpec _spec;
    private ErlmcpClusterStatus _status = new();
    private long _generation = 1;
    private long _resourceVersion = 1;
    private int _replicas;
    private IReadOnlyList<(string Pod, int Port)> _endpoints = [];
    private Task _prober = Task.CompletedTask;

    public InMemoryCluster(ClusterSpec spec, NodeNameTemplate nodeNames, string cookie, string codePath, ErlangConnectionPool distribution, ClientPools service)
    {
        _spec = spec;
        NodeNames = nodeNames;
        _cookie = cookie;
        _codePath = codePath;
        _distribution = distribution;
        _service = service;
    }

    public NodeNameTemplate NodeNames { get; }

    public ClusterHistory History { get; } = new();

    public int StatefulSetReplicas
    {
        get
        {
            lock (_lock)
            {
                return _replicas;
            }
        }
    }

    public ErlmcpClusterStatus Status
    {
        get
        {
            lock (_lock)
            {
                return _status;
            }
        }
    }

    /// <summary>The pods that exist now, by ordinal.</summary>
    public IReadOnlyList<ErlmcpPod> Pods
    {
        get
        {
            lock (_lock)
            {
                return [.. _pods.Values];
            }
        }
    }

    public static string PodName(int ordinal) => string.Create(CultureInfo.InvariantCulture, $"{StatefulSetName}-{ordinal}");

    public string NodeName(int ordinal) => NodeNames.NodeName(Namespace, PodName(ordinal));

    /// <summary>Creates the StatefulSet with <paramref name="replicas"/> pods and waits until every one is ready and in the Service.</summary>
    public async Task StartAsync(int replicas)
    {
        _prober = Task.Run(() => ProbeLoopAsync(_stopping.Token));
        await ScaleStatefulSetAsync(Namespace, StatefulSetName, replicas, CancellationToken.None);
        await WaitForReconcileAsync();
        await FormErlangClusterAsync();
        await Erlang.Tests.Support.Eventually.HoldsAsync($"{replicas} pods ready in the Service", () =>
        {
            lock (_lock)
            {
                return Task.FromResult(_endpoints.Count == replicas);
            }
        });
    }

    /// <summary>The pods' nodes connected in one Erlang cluster, as erlmcp's own cluster formation does at boot.</summary>
    public async Task FormErlangClusterAsync()
    {
        foreach (var pod in Pods.Skip(1))
        {
            var connected = await _distribution.GetClient(pod.NodeName).RpcAsync("net_kernel", "connect_node", [new ErlangAtom(NodeName(0))]);
            if (!connected.Equals(ErlangAtom.True))
            {
                throw new InvalidOperationException($"{pod.NodeName} could not connect to {NodeName(0)}: {connected}");
            }
        }
    }

    /// <summary>The nodes in <c>erlang:nodes()</c> of pod <paramref name="ordinal"/>.</summary>
    public async Task<IReadOnlyList<string>> VisibleNodesOfAsync(int ordinal) =>
        [.. (await _distribution.GetClient(NodeName(ordinal)).RpcAsync("erlang", "nodes", [])).AsList().Select(n => n.AsAtom())];

    /// <summary>The HPA writes <c>spec.replicas</c> through the ErlmcpCluster's <c>/scale</c>: a new generation.</summary>
    public void SetDesiredReplicas(int replicas)
    {
        lock (_lock)
        {
            _spec = _spec with { DesiredReplicas = replicas };
            _generation++;
            _resourceVersion++;
        }
    }

    /// <summary>Kills pod <paramref name="ordinal"/>'s node (SIGKILL); the kubelet starts it again, unready until its probe passes.</summary>
    public async Task CrashPodAsync(int ordinal)
    {
        ErlmcpPod pod;
        lock (_lock)
        {
            pod = _pods[ordinal];
        }

        var connections = await TryConnectionsOfAsync(pod);
        History.Record(s => new PodStopped(s, pod.Name, Crash: true, connections));
        await pod.CrashAsync();
        Track(pod.RestartAsync(_cookie, _codePath));
    }

    /// <summary>Waits for the StatefulSet controller and kubelet work started so far (pods starting, stopping, restarting).</summary>
    public async Task WaitForReconcileAsync()
    {
        Task[] pending;
        lock (_lock)
        {
            pending = [.. _background];
        }

        await Task.WhenAll(pending);
    }

    public Task<ErlmcpClusterSnapshot?> GetClusterAsync(string namespaceName, string name, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult<ErlmcpClusterSnapshot?>(namespaceName == Namespace && name == ClusterName
                ? new ErlmcpClusterSnapshot(Namespace, ClusterName, "uid-erlmcp", _generation, ResourceVersion(), _spec, NodeNames, _status)
                : null);
        }
    }

    public Task<StatefulSetSnapshot?> GetStatefulSetAsync(string namespaceName, string name, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult<StatefulSetSnapshot?>(namespaceName == Namespace && name == StatefulSetName
                ? new StatefulSetSnapshot(StatefulSetName, _replicas, Selector, [.. _pods.Values.Select(p => new PodSnapshot(p.Name, p.Ordinal, p.Ready && !p.Terminating, p.Terminating))])
                : null);
        }
    }

    public Task ScaleStatefulSetAsync(string namespaceName, string name, int replicas, CancellationToken cancellationToken)
    {
        if (namespaceName != Namespace || name != StatefulSetName)
        {
            throw new InvalidOperationException($"statefulsets.apps \"{name}\" not found in namespace \"{namespaceName}\"");
        }

        int from;
        lock (_lock)
        {
            from = _replicas;
            _replicas = replicas;
        }

        History.Record(s => new StatefulSetScaled(s, from, replicas));
        Track(ReconcileAsync());
        return Task.CompletedTask;
    }

    public Task<string> UpdateStatusAsync(ErlmcpClusterSnapshot cluster, ErlmcpClusterStatus status, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (cluster.ResourceVersion != ResourceVersion())
            {
                throw new ClusterConflictException($"erlmcpclusters \"{ClusterName}\": resourceVersion {cluster.ResourceVersion} is not the current {ResourceVersion()}");
            }

            _status = status;
            _resourceVersion++;
            History.Record(s => new StatusWritten(s, status));
            return Task.FromResult(ResourceVersion());
        }
    }

    public Task RecordEventAsync(ErlmcpClusterSnapshot cluster, EventSeverity severity, string reason, string message, CancellationToken cancellationToken)
    {
        History.Record(s => new ClusterEventRecorded(s, severity, reason, message));
        return Task.CompletedTask;
    }

    /// <summary>The open connections of the pod's node, as its agent counts them.</summary>
    public async Task<long> ConnectionsOfAsync(ErlmcpPod pod)
    {
        var count = await _distribution.GetClient(pod.NodeName).RpcAsync("erlmcp_scale_admin", "connection_count", []);
        return count.UnwrapOk().AsMap()["total"].AsLong();
    }

    /// <summary>The count, or null when the node does not answer (it is down or restarting).</summary>
    public async Task<long?> TryConnectionsOfAsync(ErlmcpPod pod)
    {
        try
        {
            return await ConnectionsOfAsync(pod);
        }
        catch (ErlangDistributionException)
        {
            return null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await _prober;
        try
        {
            await WaitForReconcileAsync();
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException)
        {
            // A pod that failed to start or stop: every process is killed below all the same.
        }

        foreach (var pod in Pods)
        {
            await pod.DisposeAsync();
        }

        _http.Dispose();
        _stopping.Dispose();
        _reconcile.Dispose();
    }

    private string ResourceVersion() => _resourceVersion.ToString(CultureInfo.InvariantCulture);

    private void Track(Task work)
    {
        lock (_lock)
        {
            _background.RemoveAll(t => t.IsCompletedSuccessfully);
            _background.Add(work);
        }
    }

    /// <summary>The StatefulSet controller: one pass at a time, creating missing ordinals and deleting the surplus.</summary>
    private async Task ReconcileAsync()
    {
        await _reconcile.WaitAsync();
        try
        {
            int replicas;
            List<int> missing;
            List<ErlmcpPod> surplus;
            lock (_lock)
            {
                replicas = _replicas;
                missing = [.. Enumerable.Range(0, replicas).Where(o => !_pods.ContainsKey(o))];
                surplus = [.. _pods.Values.Where(p => p.Ordinal >= replicas && !p.Terminating).OrderByDescending(p => p.Ordinal)];
                foreach (var pod in surplus)
                {
                    pod.Terminating = true;
                }
            }

            await Task.WhenAll(missing.Select(CreatePodAsync).Concat(surplus.Select(DeletePodAsync)));
        }
        finally
        {
            _reconcile.Release();
        }
    }

    private async Task CreatePodAsync(int ordinal)
    {
        var pod = await ErlmcpPod.StartAsync(PodName(ordinal), ordinal, NodeName(ordinal), _cookie, _codePath);
        lock (_lock)
        {
            _pods[ordinal] = pod;
        }
    }

    private async Task DeletePodAsync(ErlmcpPod pod)
    {
        var connections = await TryConnectionsOfAsync(pod);
        History.Record(s => new PodStopped(s, pod.Name, Crash: false, connections));
        await pod.TerminateAsync();
        lock (_lock)
        {
            _pods.Remove(pod.Ordinal);
        }

        await pod.DisposeAsync();
    }

    /// <summary>The kubelet's readiness probes and the endpoints controller, every <see cref="ProbePeriod"/>.</summary>
    private async Task ProbeLoopAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            var pods = Pods;
            var ready = await Task.WhenAll(pods.Select(p => ProbeAsync(p, stopping)));
            for (var i = 0; i < pods.Count; i++)
            {
                if (pods[i].Ready != ready[i])
                {
                    pods[i].Ready = ready[i];
                    var pod = pods[i];
                    History.Record(s => new PodReadinessChanged(s, pod.Name, ready[i]));
                }
            }

            IReadOnlyList<(string Pod, int Port)> endpoints = [.. pods.Where(p => p.Ready && !p.Terminating && !p.Crashed).Select(p => (p.Name, p.ListenerPort))];
            if (!endpoints.SequenceEqual(_endpoints))
            {
                try
                {
                    await _service.SetEndpointsAsync(endpoints, stopping);
                    lock (_lock)
                    {
                        _endpoints = endpoints;
                    }
                }
                catch (OperationCanceledException) when (stopping.IsCancellationRequested)
                {
                    return;
                }
            }

            try
            {
                await Task.Delay(ProbePeriod, stopping);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task<bool> ProbeAsync(ErlmcpPod pod, CancellationToken stopping)
    {
        if (pod.Crashed)
        {
            return false;
        }

        try
        {
            using var response = await _http.GetAsync(new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{pod.ReadinessPort}/ready")), stopping);
            return response.IsSuccessStatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }
}
