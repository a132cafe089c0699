using Erlmcp.Autoscaler.Core.Connections;
using Erlmcp.Autoscaler.Core.Scaling;
using Microsoft.Extensions.Logging.Abstractions;

namespace Erlmcp.Autoscaler.Server.Coordinator;

/// <summary>
/// Coordinates one ErlmcpCluster: each step reads the cluster and its StatefulSet, observes every pod's node, asks
/// <see cref="ScalePlanner.Step"/> what to do, writes the status (the plan first of all), then carries out the
/// actions. <see cref="RunAsync"/> repeats the step every <see cref="ClusterCoordinatorSettings.Tick"/>, or sooner
/// after <see cref="WakeUp"/>. Run it on the leader only.
/// </summary>
/// <remarks>
/// The plan comes from <c>status.plan</c> on the first step (so a new coordinator resumes where the last one stopped),
/// then from the previous step. A status write that loses a race (<see cref="ClusterConflictException"/>) is redone
/// from a fresh read, and no action runs until a write succeeds: the persisted plan always knows what was asked.
/// </remarks>
public sealed class ClusterCoordinator
{
    private readonly IClusterResources _resources;
    private readonly TimeProvider _time;
    private readonly ClusterObserver _observer;
    private readonly ActionExecutor _executor;
    private readonly ILogger _logger;
    private TaskCompletionSource _wake = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _started;

    public ClusterCoordinator(
        string namespaceName,
        string clusterName,
        IClusterResources resources,
        INodeAdmin nodes,
        TimeProvider time,
        ClusterCoordinatorSettings? settings = null,
        ConnectionStore? connections = null,
        ILoggerFactory? loggers = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(namespaceName);
        ArgumentException.ThrowIfNullOrEmpty(clusterName);
        ArgumentNullException.ThrowIfNull(resources);
        ArgumentNullException.ThrowIfNull(nodes);
        ArgumentNullException.ThrowIfNull(time);
        Namespace = namespaceName;
        ClusterName = clusterName;
        Settings = settings ?? new ClusterCoordinatorSettings();
        loggers ??= NullLoggerFactory.Instance;
        _resources = resources;
        _time = time;
        _logger = loggers.CreateLogger<ClusterCoordinator>();
        _observer = new ClusterObserver(nodes, time, Settings.Timeouts.NodeCall, connections, loggers.CreateLogger<ClusterObserver>());
        _executor = new ActionExecutor(resources, nodes, time, Settings.Timeouts, loggers.CreateLogger<ActionExecutor>());
    }

    public string Namespace { get; }

    public string ClusterName { get; }

    public ClusterCoordinatorSettings Settings { get; }

    /// <summary>The plan after the last step whose status was written; null before the first.</summary>
    public PlanState? Plan { get; private set; }

    private string Key => $"{Namespace}/{ClusterName}";

    /// <summary>Steps until <paramref name="cancellationToken"/> fires (then returns). A failed step is logged and the loop goes on.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                try
                {
                    await StepOnceAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception e)
                {
                    _logger.StepFailed(e, Namespace, ClusterName);
                }

                await WaitForNextStepAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            CoordinatorMetrics.Withdraw(Key);
        }
    }

    /// <summary>Makes the loop take its next step now rather than at the tick (for example on a change of the cluster).</summary>
    public void WakeUp() => Volatile.Read(ref _wake).TrySetResult();

    /// <summary>
    /// One step: read, observe, plan, write the status, act. Returns what it did, or null when the ErlmcpCluster or its
    /// StatefulSet does not exist.
    /// </summary>
    /// <exception cref="ClusterConflictException">The status changed under every one of <see cref="ClusterCoordinatorSettings.ConflictAttempts"/> writes.</exception>
    public async Task<CoordinatorStepResult?> StepOnceAsync(CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var cluster = await _resources.GetClusterAsync(Namespace, ClusterName, cancellationToken).ConfigureAwait(false);
            if (cluster is null)
            {
                _logger.NotFound(Namespace, ClusterName, $"ErlmcpCluster {Namespace}/{ClusterName}");
                return null;
            }

            var template = cluster.NodeNames;
            var statefulSet = await _resources.GetStatefulSetAsync(Namespace, cluster.Spec.StatefulSetName, cancellationToken).ConfigureAwait(false);
            if (statefulSet is null)
            {
                _logger.NotFound(Namespace, ClusterName, $"StatefulSet {Namespace}/{cluster.Spec.StatefulSetName}");
                return null;
            }

            var observed = await _observer.ObserveAsync(Namespace, statefulSet, template, cancellationToken).ConfigureAwait(false);
            var previous = Plan ?? cluster.Status.Plan;
            if (!_started)
            {
                _started = true;
                _logger.Started(Namespace, ClusterName, previous?.Phase);
            }

            var now = _time.GetUtcNow();
            var step = ScalePlanner.Step(cluster.Spec, observed, previous, now);
            var status = CoordinatorStatus.Build(cluster, statefulSet, observed, step, now);
            try
            {
                await _resources.UpdateStatusAsync(cluster, status, cancellationToken).ConfigureAwait(false);
            }
            catch (ClusterConflictException) when (attempt < Settings.ConflictAttempts)
            {
                _logger.StatusConflict(Namespace, ClusterName, attempt);
                continue;
            }

            Plan = step.NewPlan;
            CountDeadlinesExceeded(previous, step.NewPlan);
            var outcomes = await _executor.ExecuteAsync(cluster, template, step, cancellationToken).ConfigureAwait(false);
            CoordinatorMetrics.Publish(new CoordinatorMetrics.ClusterReading(
                Key,
                ClusterName,
                cluster.Spec.DesiredReplicas,
                statefulSet.Replicas,
                step.NewPlan.Phase,
                step.NewPlan.PhaseSince,
                [.. status.Pods.Where(p => p.Connections is not null).Select(p => (p.Name, p.Connections!.Value))],
                _time));
            return new CoordinatorStepResult(observed, step, status, outcomes);
        }
    }

    private void CountDeadlinesExceeded(PlanState? previous, PlanState next)
    {
        var before = previous?.Pods.Where(p => p.Drain is { DeadlineExceeded: true }).Select(p => p.Ordinal).ToHashSet() ?? [];
        var newly = next.Pods.Count(p => p.Drain is { DeadlineExceeded: true } && !before.Contains(p.Ordinal));
        if (newly > 0)
        {
            CoordinatorMetrics.DrainDeadlineExceeded(ClusterName, newly);
        }
    }

    private async Task WaitForNextStepAsync(CancellationToken cancellationToken)
    {
        var wake = Volatile.Read(ref _wake);
        using var tick = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var delay = Task.Delay(Settings.Tick, _time, tick.Token);
        await Task.WhenAny(delay, wake.Task).ConfigureAwait(false);
        await tick.CancelAsync().ConfigureAwait(false);
        if (wake.Task.IsCompleted)
        {
            Interlocked.CompareExchange(ref _wake, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously), wake);
        }
    }
}

/// <summary>How a <see cref="ClusterCoordinator"/> runs.</summary>
public sealed record ClusterCoordinatorSettings
{
    /// <summary>The time between steps (<c>Coordinator:TickSeconds</c>). Default 1 s.</summary>
    public TimeSpan Tick { get; init; } = TimeSpan.FromSeconds(1);

    public CoordinatorTimeouts Timeouts { get; init; } = CoordinatorTimeouts.Default;

    /// <summary>How many times one step writes the status when it keeps changing under it. Default 3.</summary>
    public int ConflictAttempts { get; init; } = 3;
}

/// <summary>What one step saw, decided, wrote and did.</summary>
/// <param name="Outcomes">One per action of <paramref name="Step"/>, in its order.</param>
public sealed record CoordinatorStepResult(ClusterObservation Observed, PlanStep Step, ErlmcpClusterStatus Status, IReadOnlyList<ActionOutcome> Outcomes);
