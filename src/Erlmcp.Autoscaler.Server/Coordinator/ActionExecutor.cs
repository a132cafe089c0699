using Erlmcp.Autoscaler.Core.Connections;
using Erlmcp.Autoscaler.Core.Scaling;
using Microsoft.Extensions.Logging.Abstractions;

namespace Erlmcp.Autoscaler.Server.Coordinator;

/// <summary>
/// Carries out a <see cref="PlanStep"/>'s actions, once <see cref="PlanStep.NewPlan"/> is persisted: the StatefulSet's
/// replicas through its scale subresource, node calls through <see cref="INodeAdmin"/>, and an Event and a log line
/// for every decision.
/// </summary>
/// <remarks>
/// Node calls of different pods run in parallel; a pod's calls run in the planner's order. A failed action is
/// logged, counted and reported as a Warning Event, and does not stop the others: the planner needs no report of it,
/// it issues the call again after its backoff. <see cref="ReportCondition"/> needs nothing here: the coordinator
/// writes the conditions with the status, before the actions.
/// </remarks>
public sealed class ActionExecutor
{
    private readonly IClusterResources _resources;
    private readonly INodeAdmin _nodes;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public ActionExecutor(IClusterResources resources, INodeAdmin nodes, TimeProvider time, CoordinatorTimeouts timeouts, ILogger<ActionExecutor>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(resources);
        ArgumentNullException.ThrowIfNull(nodes);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(timeouts);
        _resources = resources;
        _nodes = nodes;
        _time = time;
        Timeouts = timeouts;
        _logger = logger ?? NullLogger<ActionExecutor>.Instance;
    }

    public CoordinatorTimeouts Timeouts { get; }

    /// <summary>Carries out the step's actions on <paramref name="cluster"/>; returns one outcome per action, in the step's order.</summary>
    public async Task<IReadOnlyList<ActionOutcome>> ExecuteAsync(
        ErlmcpClusterSnapshot cluster, NodeNameTemplate template, PlanStep step, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(step);
        var target = new Target(cluster, template);
        var outcomes = new Exception?[step.Actions.Count];
        var byPod = step.Actions.Select((action, index) => (action, index))
            .Where(entry => entry.action is NodeAction)
            .GroupBy(entry => ((NodeAction)entry.action).Pod);
        var nodeCalls = byPod.Select(async calls =>
        {
            foreach (var (action, index) in calls)
            {
                outcomes[index] = await TryAsync(() => CallNodeAsync(target, (NodeAction)action, cancellationToken), cancellationToken).ConfigureAwait(false);
            }
        });
        await Task.WhenAll(nodeCalls).ConfigureAwait(false);

        for (var index = 0; index < step.Actions.Count; index++)
        {
            if (step.Actions[index] is SetStatefulSetReplicas scale)
            {
                outcomes[index] = await TryAsync(
                    () => _resources.ScaleStatefulSetAsync(cluster.Namespace, cluster.Spec.StatefulSetName, scale.Replicas, cancellationToken),
                    cancellationToken).ConfigureAwait(false);
            }
        }

        var results = step.Actions.Select((action, index) => new ActionOutcome(action, outcomes[index])).ToList();
        foreach (var result in results.Where(r => r.Failure is not null))
        {
            CoordinatorMetrics.NodeCallFailed(CallName(result.Action));
            var action = Describe(target, result.Action);
            _logger.ActionFailed(cluster.Namespace, cluster.Name, action, result.Failure!.Message);
        }

        foreach (var result in results.Where(r => r is { Failure: null, Action: Shed }))
        {
            CoordinatorMetrics.ShedStarted(cluster.Name, Purpose(step.NewPlan, (Shed)result.Action));
        }

        await ReportAsync(target, step, results, cancellationToken).ConfigureAwait(false);
        return results;
    }

    /// <summary>The agent function (or Kubernetes call) an action becomes, as counted in <c>node_call_failures_total{call}</c>.</summary>
    public static string CallName(PlannedAction action) => action switch
    {
        SetStatefulSetReplicas => "scale_statefulset",
        JoinCluster => "join_cluster",
        BeginDrain => "begin_drain",
        EndDrain => "end_drain",
        Shed => "shed",
        CancelShed => "cancel_shed",
        LeaveCluster => "leave_cluster",
        ReportCondition => "report_condition",
        ReportEvent => "report_event",
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, "unknown action"),
    };

    private async Task CallNodeAsync(Target target, NodeAction action, CancellationToken cancellationToken)
    {
        var node = target.NodeName(action.Pod);
        using var deadline = new CancellationTokenSource(Timeouts.NodeCall, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        try
        {
            switch (action)
            {
                case JoinCluster join:
                    await _nodes.JoinClusterAsync(node, [.. join.Seeds.Select(target.NodeName)], linked.Token).ConfigureAwait(false);
                    break;
                case BeginDrain drain:
                    await _nodes.BeginDrainAsync(node, drain.HealthCheckWait, linked.Token).ConfigureAwait(false);
                    break;
                case EndDrain:
                    await _nodes.EndDrainAsync(node, linked.Token).ConfigureAwait(false);
                    break;
                case Shed shed:
                    await _nodes.ShedAsync(node, shed.Count, shed.RatePerSecond, shed.Reason, linked.Token).ConfigureAwait(false);
                    break;
                case CancelShed cancel:
                    await _nodes.CancelShedAsync(node, cancel.Job, linked.Token).ConfigureAwait(false);
                    break;
                case LeaveCluster:
                    await _nodes.LeaveClusterAsync(node, Timeouts.Leave, linked.Token).ConfigureAwait(false);
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(action), action, "unknown node action");
            }
        }
        catch (OperationCanceledException e) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new NodeAdminException($"{CallName(action)} on node '{node}' failed: no answer within {Timeouts.NodeCall.TotalSeconds} s", e);
        }
    }

    /// <summary>Runs one action; its failure is returned, except the caller's cancellation.</summary>
    private static async Task<Exception?> TryAsync(Func<Task> action, CancellationToken cancellationToken)
    {
        try
        {
            await action().ConfigureAwait(false);
            return null;
        }
        catch (Exception e) when (!(e is OperationCanceledException && cancellationToken.IsCancellationRequested))
        {
            return e;
        }
    }

    /// <summary>An Event and a log line per decision with an action (a wait is logged at Debug), then a Warning Event per failure.</summary>
    private async Task ReportAsync(Target target, PlanStep step, IReadOnlyList<ActionOutcome> results, CancellationToken cancellationToken)
    {
        var cluster = target.Cluster;
        foreach (var decision in step.Explanations)
        {
            if (decision.Action is null)
            {
                _logger.Waiting(cluster.Namespace, cluster.Name, decision.Reason);
                continue;
            }

            var action = Describe(target, decision.Action);
            _logger.Decided(cluster.Namespace, cluster.Name, action, decision.Reason);
            var (severity, reason, message) = decision.Action is ReportEvent reported
                ? (reported.Severity, reported.Reason, reported.Message)
                : (EventSeverity.Normal, EventReason(decision.Action), $"{action}: {decision.Reason}");
            await RecordEventAsync(cluster, severity, reason, message, cancellationToken).ConfigureAwait(false);
        }

        foreach (var failed in results.Where(r => r.Failure is not null))
        {
            await RecordEventAsync(
                cluster, EventSeverity.Warning, "ActionFailed", $"{Describe(target, failed.Action)} failed: {failed.Failure!.Message}", cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task RecordEventAsync(ErlmcpClusterSnapshot cluster, EventSeverity severity, string reason, string message, CancellationToken cancellationToken)
    {
        try
        {
            await _resources.RecordEventAsync(cluster, severity, reason, message, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (!(e is OperationCanceledException && cancellationToken.IsCancellationRequested))
        {
            // An Event is a report: losing one must not stop the plan.
            _logger.EventFailed(cluster.Namespace, cluster.Name, reason, e.Message);
        }
    }

    private static string EventReason(PlannedAction action) => action switch
    {
        SetStatefulSetReplicas => "ScaleStatefulSet",
        JoinCluster => "JoinCluster",
        BeginDrain => "BeginDrain",
        EndDrain => "EndDrain",
        Shed => "Shed",
        CancelShed => "CancelShed",
        LeaveCluster => "LeaveCluster",
        ReportCondition report => $"Condition{report.Condition.Type}",
        _ => action.GetType().Name,
    };

    /// <summary>The action with the pod and node names an operator knows, rather than ordinals.</summary>
    private static string Describe(Target target, PlannedAction action) => action switch
    {
        SetStatefulSetReplicas scale => $"scale StatefulSet {target.Cluster.Spec.StatefulSetName} to {scale.Replicas}",
        JoinCluster join => $"join_cluster on {target.PodName(join.Pod)} with seeds {string.Join(", ", join.Seeds.Select(target.PodName))}",
        BeginDrain drain => $"begin_drain on {target.PodName(drain.Pod)} (health-check wait {drain.HealthCheckWait.TotalSeconds} s)",
        EndDrain end => $"end_drain on {target.PodName(end.Pod)}",
        Shed shed => $"shed {shed.Count} connections of {target.PodName(shed.Pod)} at {shed.RatePerSecond}/s",
        CancelShed cancel => $"cancel_shed job {cancel.Job} on {target.PodName(cancel.Pod)}",
        LeaveCluster leave => $"leave_cluster on {target.PodName(leave.Pod)}",
        ReportCondition report => $"condition {report.Condition.Type}={report.Condition.Status} ({report.Condition.Reason})",
        ReportEvent reported => $"event {reported.Reason}",
        _ => action.ToString(),
    };

    /// <summary>The purpose of a shed: the plan records the job it started with the same pod, count and rate.</summary>
    private static ShedPurpose Purpose(PlanState plan, Shed shed) =>
        plan.Sheds.Where(s => s.Pod == shed.Pod && s.Count == shed.Count && s.RatePerSecond == shed.RatePerSecond).MaxBy(s => s.IssuedAt)?.Purpose
        ?? (plan.Pods.Any(p => p.Ordinal == shed.Pod && p.Drain is not null) ? ShedPurpose.Drain : ShedPurpose.Rebalance);

    /// <summary>Names of the cluster's pods and nodes.</summary>
    private sealed record Target(ErlmcpClusterSnapshot Cluster, NodeNameTemplate Template)
    {
        public string PodName(int ordinal) => StatefulSetPodNames.Name(Cluster.Spec.StatefulSetName, ordinal);

        public string NodeName(int ordinal) => Template.NodeName(Cluster.Namespace, PodName(ordinal));
    }
}

/// <summary>What became of one action: <see cref="Failure"/> is null when it was carried out.</summary>
public sealed record ActionOutcome(PlannedAction Action, Exception? Failure);

/// <summary>How long the coordinator waits for a node.</summary>
/// <param name="NodeCall">The most one node call may take (<c>Coordinator:NodeCallTimeoutSeconds</c>).</param>
/// <param name="Leave">What <c>leave_cluster</c> is given to see its peers go; shorter than <paramref name="NodeCall"/>.</param>
public sealed record CoordinatorTimeouts(TimeSpan NodeCall, TimeSpan Leave)
{
    public static readonly CoordinatorTimeouts Default = new(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(5));
}
