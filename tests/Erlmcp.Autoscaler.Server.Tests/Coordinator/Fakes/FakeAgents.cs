using Erlmcp.Autoscaler.Core.Scaling;
using Erlmcp.Autoscaler.Server.Coordinator;

namespace Erlmcp.Autoscaler.Server.Tests.Coordinator.Fakes;

/// <summary>
/// The <c>erlmcp_scale_admin</c> agents of a cluster's nodes, in memory, with their clients: each node has a state,
/// accepting listeners, connections, peers and shed jobs. A shed job closes connections at its rate as the clock
/// moves; each closed client reconnects at once to the least loaded node that is serving and accepting (as the
/// Service routes it), or is lost when there is none. A node whose pod is deleted loses its clients.
/// </summary>
public sealed class FakeAgents(TimeProvider time, CallJournal journal) : INodeAdmin
{
    private readonly Lock _gate = new();
    private readonly SortedDictionary<string, Agent> _agents = new(StringComparer.Ordinal);
    private DateTimeOffset _settledAt = time.GetUtcNow();
    private long _nextJob = 1;

    /// <summary>Clients that had to go and found no node to reconnect to, or whose node was deleted.</summary>
    public long LostClients { get; private set; }

    /// <summary>Calls (by <c>node call</c>, e.g. <c>erlmcp@erlmcp-5... begin_drain</c>) that fail until allowed again.</summary>
    public HashSet<(string Node, string Call)> Failing { get; } = [];

    public void Start(string node, long connections)
    {
        lock (_gate)
        {
            Settle();
            _agents[node] = new Agent { Connections = connections };
        }
    }

    public void Stop(string node)
    {
        lock (_gate)
        {
            Settle();
            if (_agents.Remove(node, out var agent))
            {
                LostClients += agent.Connections;
                foreach (var other in _agents.Values)
                {
                    other.Peers.Remove(node);
                }
            }
        }
    }

    /// <summary>Connects the nodes to each other (a full mesh, as Erlang distribution makes it).</summary>
    public void Mesh(IReadOnlyList<string> nodes)
    {
        lock (_gate)
        {
            foreach (var node in nodes)
            {
                _agents[node].Peers.UnionWith(nodes.Where(other => other != node));
            }
        }
    }

    /// <summary>The readiness the agent serves: true while serving.</summary>
    public bool Ready(string node)
    {
        lock (_gate)
        {
            return _agents.TryGetValue(node, out var agent) && agent.State == NodeState.Serving;
        }
    }

    public long Connections(string node)
    {
        lock (_gate)
        {
            Settle();
            return _agents[node].Connections;
        }
    }

    public IReadOnlyList<string> Peers(string node)
    {
        lock (_gate)
        {
            return [.. _agents[node].Peers.Order(StringComparer.Ordinal)];
        }
    }

    public long TotalConnections
    {
        get
        {
            lock (_gate)
            {
                Settle();
                return _agents.Values.Sum(a => a.Connections);
            }
        }
    }

    public Task<NodeReport> StatusAsync(string node, CancellationToken cancellationToken) => Call(node, "status", agent =>
    {
        var running = agent.Jobs.Where(j => j.Remaining > 0).ToList();
        return new NodeReport(
            node,
            agent.StateAt(Now),
            agent.AcceptingAt(Now),
            agent.Connections,
            25_000,
            [.. agent.Peers.Order(StringComparer.Ordinal)],
            [.. running.Select(j => j.Id)],
            running.Sum(j => j.Remaining));
    });

    public Task JoinClusterAsync(string node, IReadOnlyList<string> seedNodes, CancellationToken cancellationToken) => Record(node, "join_cluster", $"join_cluster {Pod(node)} [{string.Join(", ", seedNodes.Select(Pod))}]", agent =>
    {
        if (agent.State == NodeState.Leaving)
        {
            throw new NodeAdminException($"join_cluster on node '{node}' failed: {{error, leaving}}");
        }

        // Connecting to one node of a cluster connects to all of them (Erlang's transitive connections).
        var cluster = seedNodes.Where(_agents.ContainsKey).SelectMany(seed => _agents[seed].Peers.Append(seed)).Where(n => n != node).ToHashSet();
        foreach (var member in cluster)
        {
            _agents[member].Peers.Add(node);
            agent.Peers.Add(member);
        }
    });

    public Task BeginDrainAsync(string node, TimeSpan healthCheckWait, CancellationToken cancellationToken) => Record(node, "begin_drain", $"begin_drain {Pod(node)}", agent =>
    {
        if (agent.State == NodeState.Serving)
        {
            agent.State = NodeState.Draining;
            agent.StopsAcceptingAt = Now + healthCheckWait;
        }
    });

    public Task EndDrainAsync(string node, CancellationToken cancellationToken) => Record(node, "end_drain", $"end_drain {Pod(node)}", agent =>
    {
        agent.State = NodeState.Serving;
        agent.StopsAcceptingAt = null;
    });

    public Task<long> ShedAsync(string node, long count, int ratePerSecond, string reason, CancellationToken cancellationToken) =>
        Call(node, "shed", agent =>
        {
            journal.Record($"shed {Pod(node)} {count}");
            var job = new ShedJob(_nextJob++, count, ratePerSecond);
            agent.Jobs.Add(job);
            return job.Id;
        });

    public Task CancelShedAsync(string node, long job, CancellationToken cancellationToken) => Record(node, "cancel_shed", $"cancel_shed {Pod(node)} {job}", agent =>
    {
        foreach (var running in agent.Jobs.Where(j => j.Id == job))
        {
            running.Remaining = 0;
        }
    });

    public Task LeaveClusterAsync(string node, TimeSpan timeout, CancellationToken cancellationToken) => Record(node, "leave_cluster", $"leave_cluster {Pod(node)}", agent =>
    {
        agent.State = NodeState.Leaving;
        foreach (var peer in agent.Peers)
        {
            _agents[peer].Peers.Remove(node);
        }

        agent.Peers.Clear();
    });

    /// <summary><c>erlmcp-5</c> for <c>erlmcp@erlmcp-5.erlmcp-headless...</c>.</summary>
    private static string Pod(string node) => node[(node.IndexOf('@', StringComparison.Ordinal) + 1)..node.IndexOf('.', StringComparison.Ordinal)];

    private DateTimeOffset Now => time.GetUtcNow();

    private Task<bool> Record(string node, string call, string entry, Action<Agent> change) => Call(node, call, agent =>
    {
        journal.Record(entry);
        change(agent);
        return true;
    });

    private Task<T> Call<T>(string node, string call, Func<Agent, T> handle)
    {
        lock (_gate)
        {
            Settle();
            if (!_agents.TryGetValue(node, out var agent))
            {
                return Task.FromException<T>(new NodeAdminException($"erlmcp_scale_admin:{call} on node '{node}' failed: the node is down"));
            }

            if (Failing.Contains((node, call)))
            {
                return Task.FromException<T>(new NodeAdminException($"erlmcp_scale_admin:{call} on node '{node}' failed: {{error, injected}}"));
            }

            try
            {
                return Task.FromResult(handle(agent));
            }
            catch (NodeAdminException e)
            {
                return Task.FromException<T>(e);
            }
        }
    }

    /// <summary>Runs the shed jobs up to now, second by second, moving each closed client to the least loaded serving node.</summary>
    private void Settle()
    {
        var now = Now;
        while (_settledAt < now)
        {
            var next = _settledAt + TimeSpan.FromSeconds(1) < now ? _settledAt + TimeSpan.FromSeconds(1) : now;
            var seconds = (next - _settledAt).TotalSeconds;
            foreach (var (name, agent) in _agents)
            {
                foreach (var job in agent.Jobs.Where(j => j.Remaining > 0))
                {
                    job.Credit += job.Rate * seconds;
                    var closing = Math.Min(Math.Min((long)job.Credit, job.Remaining), agent.Connections);
                    job.Credit -= closing;
                    job.Remaining -= closing;
                    agent.Connections -= closing;
                    if (agent.Connections == 0)
                    {
                        // Done: nothing is left to close (the agent's job ends "done" with a remainder).
                        job.Remaining = 0;
                    }

                    Reconnect(name, closing, next);
                }
            }

            _settledAt = next;
        }
    }

    private void Reconnect(string from, long clients, DateTimeOffset at)
    {
        for (var i = 0; i < clients; i++)
        {
            var target = _agents.Where(a => a.Key != from && a.Value.StateAt(at) == NodeState.Serving && a.Value.AcceptingAt(at))
                .OrderBy(a => a.Value.Connections).ThenBy(a => a.Key, StringComparer.Ordinal).Select(a => a.Value).FirstOrDefault();
            if (target is null)
            {
                LostClients += clients - i;
                return;
            }

            target.Connections++;
        }
    }

    private sealed class Agent
    {
        public NodeState State { get; set; } = NodeState.Serving;

        public DateTimeOffset? StopsAcceptingAt { get; set; }

        public long Connections { get; set; }

        public HashSet<string> Peers { get; } = new(StringComparer.Ordinal);

        public List<ShedJob> Jobs { get; } = [];

        public bool AcceptingAt(DateTimeOffset now) => State switch
        {
            NodeState.Serving => true,
            NodeState.Draining => StopsAcceptingAt > now,
            _ => false,
        };

        /// <summary>A draining node that no longer accepts and holds no client is drained.</summary>
        public NodeState StateAt(DateTimeOffset now) =>
            State == NodeState.Draining && !AcceptingAt(now) && Connections == 0 ? NodeState.Drained : State;
    }

    private sealed class ShedJob(long id, long count, int rate)
    {
        public long Id { get; } = id;

        public long Remaining { get; set; } = count;

        public int Rate { get; } = rate;

        /// <summary>Closures earned by the rate and not yet made (a fraction of a connection, or one with no client to close).</summary>
        public double Credit { get; set; }
    }
}
