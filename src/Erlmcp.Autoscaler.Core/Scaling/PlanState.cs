using System.Text.Json.Serialization;

namespace Erlmcp.Autoscaler.Core.Scaling;

/// <summary>
/// The plan in progress, as persisted in the ErlmcpCluster's <c>status.plan</c>: plain data (lists, enums written as
/// strings, times), so that a new leader resumes where the old one stopped. The planner derives most of what it
/// does from the observation; the plan keeps only what cannot be observed: deadlines, what was issued and when,
/// which pods it is draining, and the rebalance cooldown.
/// </summary>
public sealed record PlanState
{
    public required PlanPhase Phase { get; init; }

    /// <summary>The replica count the plan is going to (the desired count, unless that is out of range or rolled back).</summary>
    public required int Target { get; init; }

    /// <summary>The StatefulSet's replicas when the current phase began (for "scaling from 4 to 6").</summary>
    public required int FromReplicas { get; init; }

    public required DateTimeOffset PhaseSince { get; init; }

    /// <summary>Pods the plan is adding, draining or bringing back, by ordinal.</summary>
    public IReadOnlyList<PodProgress> Pods { get; init; } = [];

    /// <summary>Node calls issued whose effect has not been observed yet.</summary>
    public IReadOnlyList<IssuedAction> Issued { get; init; } = [];

    /// <summary>
    /// The last call made to each node whose status has not been seen since: until it has, that node's status may
    /// predate the call, and no conclusion about its state is drawn from it.
    /// </summary>
    public IReadOnlyList<NodeCall> UnseenCalls { get; init; } = [];

    /// <summary>The StatefulSet replicas patch issued and not yet observed.</summary>
    public ReplicasChange? StatefulSetChange { get; init; }

    /// <summary>Shed jobs started by the plan, running or recently ended (their closures may not be counted yet).</summary>
    public IReadOnlyList<ShedActivity> Sheds { get; init; } = [];

    /// <summary>Pods recently taken out of the StatefulSet still holding clients, who reconnect to the staying pods.</summary>
    public IReadOnlyList<RemovedPod> Removed { get; init; } = [];

    /// <summary>When the last rebalance's sheds were seen finished; the cooldown counts from here.</summary>
    public DateTimeOffset? LastRebalanceAt { get; init; }

    public RollbackRecord? Rollback { get; init; }

    /// <summary>The conditions last reported; a condition is reported again only when it changes.</summary>
    public IReadOnlyList<PlanCondition> Conditions { get; init; } = [];

    /// <summary>The plan of a coordinator that has done nothing yet: steady at the StatefulSet's current size.</summary>
    public static PlanState Start(ClusterObservation observed, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(observed);
        return new PlanState
        {
            Phase = PlanPhase.Steady,
            Target = observed.StatefulSetReplicas,
            FromReplicas = observed.StatefulSetReplicas,
            PhaseSince = now,
        };
    }
}

[JsonConverter(typeof(JsonStringEnumConverter<PlanPhase>))]
public enum PlanPhase
{
    /// <summary>The StatefulSet has the target size, every pod serves in the cluster, and the load is balanced.</summary>
    Steady,

    /// <summary>Waiting for new pods, joining them to the cluster, or bringing back pods whose drain was cancelled.</summary>
    ScalingUp,

    /// <summary>Moving connections from the most loaded pods to the least loaded, or waiting for the cooldown to do so.</summary>
    Rebalancing,

    /// <summary>Draining, emptying and removing the pods that go.</summary>
    ScalingDown,

    /// <summary>Removing the pods of a scale-up that did not become ready and join in time.</summary>
    RollingBack,

    /// <summary>
    /// Cannot proceed without help or time: a drain deadline passed under HoldAndReport, a rolled-back scale-up
    /// waits for its retry, or the spec is invalid.
    /// </summary>
    Blocked,
}

/// <summary>One pod the plan is working on. A pod may be both new (<see cref="Join"/>) and drained (<see cref="Drain"/>).</summary>
public sealed record PodProgress
{
    public required int Ordinal { get; init; }

    /// <summary>Where the pod stands, for status and the <c>status</c> command; recomputed every step.</summary>
    public required PodStage Stage { get; init; }

    /// <summary>Set while a pod added by a scale-up has not yet been seen ready and in the cluster.</summary>
    public JoinProgress? Join { get; init; }

    /// <summary>Set from the first <c>begin_drain</c> until the pod is removed or serves again.</summary>
    public DrainProgress? Drain { get; init; }
}

/// <param name="Since">When the pod's wait began (null until the StatefulSet can create it).</param>
/// <param name="Deadline">When the scale-up is rolled back if the pod is not ready and joined.</param>
/// <param name="EverReady">Whether the pod was seen ready: a pod never ready never had clients and goes without a drain.</param>
public sealed record JoinProgress(DateTimeOffset? Since, DateTimeOffset? Deadline, bool EverReady);

/// <param name="BegunAt">When the plan first asked the pod to drain.</param>
/// <param name="StoppedAcceptingAt">When a status first showed its listeners stopped. Only a count taken since then
/// bounds what it holds: before, clients could still arrive.</param>
/// <param name="TurnSince">When the pod became the highest one still to empty (pods are emptied one at a time).</param>
/// <param name="Deadline">TurnSince plus the drain deadline.</param>
/// <param name="DeadlineExceeded">The deadline passed with clients left (reported once).</param>
public sealed record DrainProgress(
    DateTimeOffset BegunAt,
    DateTimeOffset? StoppedAcceptingAt,
    DateTimeOffset? TurnSince,
    DateTimeOffset? Deadline,
    bool DeadlineExceeded);

[JsonConverter(typeof(JsonStringEnumConverter<PodStage>))]
public enum PodStage
{
    /// <summary>New: the StatefulSet has not created it yet.</summary>
    WaitingForPod,

    /// <summary>New: created, not ready yet.</summary>
    WaitingForReady,

    /// <summary>Ready, joining the Erlang cluster.</summary>
    Joining,

    /// <summary>Going: <c>begin_drain</c> issued, not yet confirmed.</summary>
    BeginningDrain,

    /// <summary>Going: draining, waiting for a higher pod to be removed first.</summary>
    WaitingForTurn,

    /// <summary>Going: readiness false, listeners still accepting until the health-check wait passes.</summary>
    WaitingForHealthCheck,

    /// <summary>Going: connections being closed.</summary>
    Shedding,

    /// <summary>Going: empty (or forced), leaving the Erlang cluster.</summary>
    Leaving,

    /// <summary>Going: may be removed; waiting for the StatefulSet to shrink.</summary>
    Removable,

    /// <summary>Stays after all: its drain is being cancelled.</summary>
    Undraining,
}

/// <summary>A node call issued and not yet seen to take effect; issued again after <see cref="RetrySettings"/>' backoff.</summary>
/// <param name="Unanswered">The node did not answer when the call was made: it is made again as soon as the node answers.</param>
public sealed record IssuedAction(ActionKind Kind, int Pod, DateTimeOffset At, int Attempts, bool Unanswered);

[JsonConverter(typeof(JsonStringEnumConverter<ActionKind>))]
public enum ActionKind
{
    JoinCluster,
    BeginDrain,
    EndDrain,
    CancelShed,
    LeaveCluster,
}

/// <summary>A call made to a node at a time no status from it has yet followed.</summary>
public sealed record NodeCall(int Pod, DateTimeOffset At);

/// <summary>A StatefulSet replicas patch issued and not yet observed.</summary>
public sealed record ReplicasChange(int Replicas, DateTimeOffset At, int Attempts);

/// <summary>A shed job the plan started. Ended when a status taken after it shows no running job on the pod.</summary>
public sealed record ShedActivity(int Pod, ShedPurpose Purpose, long Count, int RatePerSecond, DateTimeOffset IssuedAt, DateTimeOffset? EndedAt);

/// <summary>
/// A pod the plan removed while it held clients (its allowed remainder, or everyone under Force): they reconnect to
/// the staying pods, and are counted against their room until every usable count can show them.
/// </summary>
public sealed record RemovedPod(int Pod, long Connections, DateTimeOffset At);

[JsonConverter(typeof(JsonStringEnumConverter<ShedPurpose>))]
public enum ShedPurpose
{
    Drain,
    Rebalance,
}

/// <summary>A scale-up that failed: the plan holds <see cref="Replicas"/> until <see cref="RetryAt"/>.</summary>
/// <param name="AbandonedTarget">The target that could not be reached.</param>
/// <param name="FailedPod">The lowest new pod that did not become ready and join in time.</param>
public sealed record RollbackRecord(int Replicas, int AbandonedTarget, int FailedPod, DateTimeOffset RetryAt);

/// <summary>A condition for the ErlmcpCluster's <c>status.conditions</c> (Kubernetes' metav1.Condition shape).</summary>
public sealed record PlanCondition(string Type, bool Status, string Reason, string Message, DateTimeOffset LastTransitionTime)
{
    /// <summary>Whether the two say the same (the transition time aside).</summary>
    public bool SameAs(PlanCondition other) =>
        other is not null && Type == other.Type && Status == other.Status && Reason == other.Reason && Message == other.Message;
}
