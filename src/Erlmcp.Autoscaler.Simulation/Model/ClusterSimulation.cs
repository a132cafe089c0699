using Erlmcp.Autoscaler.Core.Hpa;
using Erlmcp.Autoscaler.Simulation.Manifests;
using Erlmcp.Autoscaler.Simulation.Metrics;
using Erlmcp.Autoscaler.Simulation.Scenarios;
using Erlmcp.Autoscaler.Simulation.Strategies;
using Erlmcp.Autoscaler.Simulation.Traces;

namespace Erlmcp.Autoscaler.Simulation.Model;

/// <summary>
/// One run of a scenario: the simulated erlmcp cluster stepped through time. Each step moves pods through their
/// lifecycle, ends sessions, opens the trace's new ones and retries waiting clients through the load balancer, takes
/// the metrics samples due, syncs the Core's HPA when its period comes, and applies what the scaling strategy does.
/// Observers see every step, sync and action. A run is deterministic: the seed fixes every draw.
/// </summary>
public sealed class ClusterSimulation
{
    private readonly Scenario _scenario;
    private readonly IScalingStrategy _strategy;
    private readonly SimulationObserver[] _observers;
    private readonly SimulationRandom _random;
    private readonly LoadDriver _load;
    private readonly SessionEndings _sessions;
    private readonly RetryQueue _waiting;
    private readonly LoadBalancer _balancer;
    private readonly SimulatedMetricsClient _metrics;
    private readonly HorizontalController _controller;
    private readonly long _syncMs;
    private readonly long[] _dueByLevel;
    private readonly long[] _refusedByLevel;
    private HpaHistory? _history;
    private IReadOnlyList<HpaCondition> _conditions = [];
    private long _nextSyncMs;

    private ClusterSimulation(Scenario scenario, LoadTrace trace, IScalingStrategy strategy, IEnumerable<SimulationObserver> observers)
    {
        _scenario = scenario;
        _strategy = strategy;
        _observers = [.. observers];
        StepMs = (long)scenario.Step.TotalMilliseconds;
        var origin = scenario.Start?.ToUnixTimeMilliseconds() ?? trace.StartMs;
        if (origin < trace.StartMs || origin >= trace.EndMs)
        {
            throw new InputException(
                $"{scenario.Source}: start {TraceTimestamp.Format(origin)} is outside the trace ({TraceTimestamp.Format(trace.StartMs)} to {TraceTimestamp.Format(trace.EndMs)})");
        }

        DurationMs = scenario.Duration is { } duration ? (long)duration.TotalMilliseconds : trace.EndMs - origin;
        Steps = DurationMs / StepMs;
        var spec = scenario.Hpa.Spec;
        Cluster = new SimCluster(scenario.Pods, Math.Max(spec.MaxReplicas, scenario.InitialReplicas ?? 0), origin);
        _random = new SimulationRandom(scenario.Seed);
        _load = LoadDriver.For(trace, origin);
        _sessions = new SessionEndings(scenario.Sessions, StepMs, scenario.Pods.ConnectionLimit);
        _waiting = new RetryQueue(scenario.Reconnect, StepMs);
        _balancer = new LoadBalancer(scenario.LoadBalancing, Cluster.Pods.Count, scenario.Pods.ConnectionLimit);
        _metrics = new SimulatedMetricsClient(scenario.Metrics, Cluster, StepMs);
        _controller = new HorizontalController(scenario.Controller);
        _syncMs = (long)scenario.HpaSyncPeriod.TotalMilliseconds;
        _dueByLevel = new long[_waiting.Levels];
        _refusedByLevel = new long[_waiting.Levels];
    }

    public Scenario Scenario => _scenario;

    public string StrategyName => _strategy.Name;

    public SimCluster Cluster { get; }

    public long StepMs { get; }

    /// <summary>How many steps the run has.</summary>
    public long Steps { get; }

    public long DurationMs { get; }

    /// <summary>The current step (0 is the initial state).</summary>
    public long Step { get; private set; }

    /// <summary>Milliseconds since the start.</summary>
    public long ElapsedMs => Step * StepMs;

    /// <summary>The replicas the HPA last wrote to its target (spec.replicas of the scale subresource).</summary>
    public int DesiredReplicas { get; private set; }

    /// <summary>Sessions that would be connected with unlimited capacity: the demand.</summary>
    public double DemandConnections { get; private set; }

    /// <summary>The demand in pods: ceil(demand connections / connections target).</summary>
    public int DemandReplicas => (int)Math.Ceiling(DemandConnections / _scenario.ConnectionTarget - 1e-9);

    /// <summary>Clients waiting to reconnect.</summary>
    public long Waiting => _waiting.Waiting;

    /// <summary>What happened to clients in the last step.</summary>
    public ClientCounts LastStep { get; } = new();

    /// <summary>What happened to clients since the start.</summary>
    public ClientCounts Totals { get; } = new();

    /// <summary>The HPA syncs so far.</summary>
    public long HpaSyncs { get; private set; }

    public static ClusterSimulation Create(Scenario scenario, LoadTrace trace, IScalingStrategy strategy, IEnumerable<SimulationObserver> observers)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(trace);
        ArgumentNullException.ThrowIfNull(strategy);
        ArgumentNullException.ThrowIfNull(observers);
        return new ClusterSimulation(scenario, trace.Scaled(scenario.Scale), strategy, observers);
    }

    /// <summary>Runs every step; <paramref name="cancellation"/> stops between steps.</summary>
    public void Run(CancellationToken cancellation = default)
    {
        Start();
        while (Step < Steps)
        {
            if ((Step & 0xFFF) == 0)
            {
                cancellation.ThrowIfCancellationRequested();
            }

            Advance();
        }

        foreach (var observer in _observers)
        {
            observer.OnEnd(this);
        }
    }

    private void Start()
    {
        var spec = _scenario.Hpa.Spec;
        var initial = (long)Math.Round(_load.InitialSessions(_scenario.Sessions));
        DemandConnections = initial;

        // A cluster that has been running: as many pods as the demand needs, within the HPA's bounds.
        DesiredReplicas = _scenario.InitialReplicas ?? Math.Clamp(DemandReplicas, spec.MinReplicas ?? 1, spec.MaxReplicas);
        for (var ordinal = 0; ordinal < DesiredReplicas; ordinal++)
        {
            Cluster.AddServing(ordinal, 0);
        }

        _sessions.AlreadyOpen(initial, 0);
        var refused = _balancer.Place(Cluster.PodArray, initial, _random);
        _waiting.Schedule(0, refused, 0, _sessions, _random);
        _nextSyncMs = _syncMs;
        _metrics.Observe(0);
        foreach (var observer in _observers)
        {
            observer.OnStart(this);
        }
    }

    private void Advance()
    {
        Step++;
        var now = ElapsedMs;
        LastStep.Clear();
        Cluster.Advance(now);
        EndSessions(now);
        ConnectClients();
        _metrics.Observe(now);
        if (now >= _nextSyncMs)
        {
            SyncHpa(now);
            _nextSyncMs += _syncMs;
        }

        ApplyStrategy(now);
        Totals.Add(LastStep);
        foreach (var observer in _observers)
        {
            observer.OnStep(this);
        }
    }

    private void EndSessions(long now)
    {
        var ended = _sessions.End(Cluster.PodArray, Step, _waiting, _random);
        var live = Cluster.TotalConnections() + _waiting.Waiting;
        var load = _load.Next(now, live);
        if (load.ExtraEndings > 0)
        {
            var fromPods = SessionEndings.Proportionally(Cluster.PodArray, load.ExtraEndings, _random);
            ended += fromPods + _waiting.Remove(load.ExtraEndings - fromPods);
        }

        LastStep.Ended = ended;
        LastStep.Opened = load.Opened;
        _sessions.Opened(load.Opened, Step);
        DemandConnections = load.Gauge ?? (_scenario.Sessions.Model == SessionLengthModel.Exponential
            ? DemandConnections * _sessions.StepSurvival + load.Opened
            : DemandConnections + load.Opened - _sessions.DueThisStep);
    }

    // New sessions and the clients whose retry is due go through the load balancer together; what is refused is
    // shared among them in proportion and waits for its next retry, one backoff level up.
    private void ConnectClients()
    {
        var incoming = LastStep.Opened;
        long retrying = 0;
        if (_waiting.Waiting > 0)
        {
            for (var level = 0; level < _waiting.Levels; level++)
            {
                _dueByLevel[level] = _waiting.TakeDue(level, Step);
                retrying += _dueByLevel[level];
            }
        }

        incoming += retrying;
        if (incoming == 0)
        {
            return;
        }

        var refused = _balancer.Place(Cluster.PodArray, incoming, _random);
        LastStep.Refused = refused;
        if (refused == 0)
        {
            LastStep.Reconnected = retrying;
            return;
        }

        var refusedLeft = refused;
        var incomingLeft = incoming;
        var refusedNew = Share(LastStep.Opened, ref refusedLeft, ref incomingLeft);
        long reconnected = 0;
        for (var level = 0; level < _waiting.Levels && retrying > 0; level++)
        {
            _refusedByLevel[level] = Share(_dueByLevel[level], ref refusedLeft, ref incomingLeft);
            reconnected += _dueByLevel[level] - _refusedByLevel[level];
        }

        LastStep.Reconnected = reconnected;
        LastStep.Abandoned += _waiting.Schedule(0, refusedNew, Step, _sessions, _random);
        for (var level = 0; level < _waiting.Levels && retrying > 0; level++)
        {
            LastStep.Abandoned += _waiting.Schedule(level + 1, _refusedByLevel[level], Step, _sessions, _random);
        }
    }

    // The refused clients of a group of <paramref name="group"/>: a hypergeometric share, drawn as a binomial and
    // kept within what the remaining groups can take.
    private long Share(long group, ref long refusedLeft, ref long incomingLeft)
    {
        if (group == 0)
        {
            return 0;
        }

        var share = group == incomingLeft
            ? refusedLeft
            : Math.Clamp(_random.Binomial(group, (double)refusedLeft / incomingLeft), Math.Max(0, refusedLeft - (incomingLeft - group)), Math.Min(group, refusedLeft));
        refusedLeft -= share;
        incomingLeft -= group;
        return share;
    }

    private void SyncHpa(long now)
    {
        _metrics.Prepare(now);
        var scale = new ScaleInfo(DesiredReplicas, _strategy.StatusReplicas(Cluster), PodTemplate.Selector);
        var evaluation = _controller.Evaluate(
            _scenario.Hpa.Spec,
            scale,
            Cluster.PodInfos(),
            _metrics,
            _history,
            _conditions,
            DateTimeOffset.FromUnixTimeMilliseconds(Cluster.OriginUnixMs + now));
        _history = evaluation.History;
        _conditions = evaluation.Conditions;
        HpaSyncs++;
        if (evaluation.Rescale)
        {
            DesiredReplicas = evaluation.DesiredReplicas;
        }

        foreach (var observer in _observers)
        {
            observer.OnHpaSync(this, evaluation);
        }
    }

    private void ApplyStrategy(long now)
    {
        var actions = _strategy.Step(DesiredReplicas, Cluster, now);
        foreach (var action in actions)
        {
            long disconnected = 0;
            long shed = 0;
            switch (action.Kind)
            {
                case ScalingActionKind.CreatePod:
                    Cluster.Create(action.Ordinal, now);
                    break;
                case ScalingActionKind.DeletePod:
                    disconnected = Cluster.Delete(action.Ordinal, now);
                    LastStep.Disconnected += disconnected;
                    LastStep.Abandoned += _waiting.Schedule(0, disconnected, Step, _sessions, _random);
                    break;
                case ScalingActionKind.Join:
                    Cluster.Transition(action.Ordinal, PodState.Joined, now);
                    break;
                case ScalingActionKind.Drain:
                    Cluster.Transition(action.Ordinal, PodState.Draining, now);
                    break;
                case ScalingActionKind.Undrain:
                    Cluster.Transition(action.Ordinal, Cluster.PodArray[action.Ordinal].JoinedBeforeDrain ? PodState.Joined : PodState.Ready, now);
                    break;
                case ScalingActionKind.Leave:
                    Cluster.Transition(action.Ordinal, PodState.Leaving, now);
                    break;
                case ScalingActionKind.Shed:
                    var pod = Cluster.PodArray[action.Ordinal];
                    shed = Math.Min(action.Count, pod.Connections);
                    pod.Connections -= shed;
                    LastStep.Shed += shed;
                    LastStep.Abandoned += _waiting.Schedule(0, shed, Step, _sessions, _random);
                    break;
            }

            foreach (var observer in _observers)
            {
                observer.OnAction(this, action, disconnected + shed);
            }
        }
    }
}
