namespace Erlmcp.Autoscaler.Core.Scaling;

/// <summary>
/// The working state of one <see cref="ScalePlanner.Step"/>: the inputs, the plan being rewritten, and the actions
/// and explanations gathered so far. The step's parts (target, scale-up, scale-down, rebalance...) read and write it
/// in turn; <see cref="PlanFinish"/> turns it into the <see cref="PlanStep"/>.
/// </summary>
internal sealed class StepContext
{
    private readonly Dictionary<(ActionKind Kind, int Pod), IssuedAction> previouslyIssued;
    private readonly List<IssuedAction> issued = [];
    private readonly List<PlannedAction> actions = [];
    private readonly List<Decision> decisions = [];
    private readonly SortedDictionary<StallReason, (SortedSet<int> Pods, string? Detail)> stalls = [];
    private readonly Dictionary<int, DateTimeOffset> unseenCalls;

    public StepContext(ClusterSpec spec, ClusterView view, PlanState previous)
    {
        Spec = spec;
        View = view;
        Previous = previous;
        Target = previous.Target;
        Pods = new SortedDictionary<int, PodProgress>(previous.Pods.ToDictionary(p => p.Ordinal));
        Sheds = [.. previous.Sheds];
        Removed = [.. previous.Removed.Where(r => r.At >= view.Now - spec.StalenessBound)];
        LastRebalanceAt = previous.LastRebalanceAt;
        Rollback = previous.Rollback;
        previouslyIssued = previous.Issued.ToDictionary(a => (a.Kind, a.Pod));
        unseenCalls = previous.UnseenCalls
            .Where(c => view.Running(c.Pod) && !(view.Node(c.Pod)?.ObservedAt > c.At))
            .ToDictionary(c => c.Pod, c => c.At);
    }

    public ClusterSpec Spec { get; }

    public ClusterView View { get; }

    public PlanState Previous { get; }

    public DateTimeOffset Now => View.Now;

    public int Target { get; set; }

    /// <summary>The pods the plan works on, by ordinal; the parts add, replace and remove entries.</summary>
    public SortedDictionary<int, PodProgress> Pods { get; }

    public List<ShedActivity> Sheds { get; }

    /// <summary>Pods removed with clients within the staleness bound (older ones are forgotten: every usable count shows them).</summary>
    public List<RemovedPod> Removed { get; }

    public DateTimeOffset? LastRebalanceAt { get; set; }

    public RollbackRecord? Rollback { get; set; }

    /// <summary>Set by <see cref="EnsureReplicas"/>; a patch no longer wanted is forgotten.</summary>
    public ReplicasChange? StatefulSetChange { get; private set; }

    /// <summary>A rebalance runs, or is needed and waits for its cooldown.</summary>
    public bool Rebalancing { get; set; }

    public IReadOnlyList<PlannedAction> Actions => actions;

    public IReadOnlyList<Decision> Decisions => decisions;

    public IReadOnlyList<IssuedAction> Issued => issued;

    public IEnumerable<NodeCall> UnseenCalls => unseenCalls.Select(c => new NodeCall(c.Key, c.Value));

    public IEnumerable<(StallReason Reason, IReadOnlySet<int> Pods, string? Detail)> Stalls =>
        stalls.Select(s => (s.Key, (IReadOnlySet<int>)s.Value.Pods, s.Value.Detail));

    public bool Stalled(StallReason reason) => stalls.ContainsKey(reason);

    public string Name(int ordinal) => View.Name(ordinal);

    public PodProgress? Pod(int ordinal) => Pods.GetValueOrDefault(ordinal);

    /// <summary>
    /// The node's status if it was taken after the plan's last call to the node; null otherwise (or if the node does
    /// not answer). Conclusions about a node's state (a drain undone, a pod left) are drawn only from such a status.
    /// </summary>
    public NodeStatus? SettledNode(int ordinal) => unseenCalls.ContainsKey(ordinal) ? null : View.Node(ordinal);

    public void Act(PlannedAction action, string reason)
    {
        actions.Add(action);
        decisions.Add(new Decision(action, reason));
        if (NodeOf(action) is { } pod)
        {
            unseenCalls[pod] = Now;
        }
    }

    private static int? NodeOf(PlannedAction action) => action switch
    {
        JoinCluster a => a.Pod,
        BeginDrain a => a.Pod,
        EndDrain a => a.Pod,
        Shed a => a.Pod,
        CancelShed a => a.Pod,
        LeaveCluster a => a.Pod,
        _ => null,
    };

    public void Wait(string reason) => decisions.Add(new Decision(null, reason));

    public void Event(EventSeverity severity, string reason, string message) => Act(new ReportEvent(severity, reason, message), message);

    /// <summary>Notes why the plan is held up; <paramref name="detail"/> replaces the pod list in the condition message.</summary>
    public void Stall(StallReason reason, int? pod = null, string? detail = null)
    {
        if (!stalls.TryGetValue(reason, out var entry))
        {
            entry = ([], detail);
        }

        if (pod is { } ordinal)
        {
            entry.Pods.Add(ordinal);
        }

        stalls[reason] = (entry.Pods, entry.Detail ?? detail);
    }

    public void SetStage(int ordinal, PodStage stage)
    {
        if (Pods.TryGetValue(ordinal, out var progress))
        {
            Pods[ordinal] = progress with { Stage = stage };
        }
    }

    /// <summary>
    /// Asks for a node call whose effect is needed and not yet observed. It is issued unless the same call was
    /// issued within its backoff; a call not asked for again in a later step is forgotten (no longer needed, or
    /// done). Calls to a node that does not answer are still issued, on the backoff, and reported.
    /// </summary>
    public void Request(ActionKind kind, int pod, IEnumerable<PlannedAction> calls, string reason)
    {
        var answering = View.Node(pod) is not null;
        if (!answering)
        {
            Stall(StallReason.NodeNotAnswering, pod);
        }

        if (previouslyIssued.TryGetValue((kind, pod), out var last))
        {
            var backoff = Backoff.After(last.Attempts, Spec.Retry);
            // A call the node never received is made again once it answers, instead of waiting out the backoff.
            var answersAgain = last.Unanswered && View.Node(pod)?.ObservedAt > last.At;
            if (Now < last.At + backoff && !answersAgain)
            {
                issued.Add(last);
                Wait($"{reason} ({kind} issued at {last.At:O}, waiting up to {backoff} for its effect)");
                return;
            }

            var why = answersAgain ? "the node answers again"
                : answering ? $"no effect seen after {backoff}"
                : $"the node did not answer for {backoff}";
            reason = $"{reason} (attempt {last.Attempts + 1}: {why})";
        }

        foreach (var call in calls)
        {
            Act(call, reason);
        }

        issued.Add(new IssuedAction(kind, pod, Now, (last?.Attempts ?? 0) + 1, !answering));
    }

    public void Request(ActionKind kind, int pod, PlannedAction call, string reason) => Request(kind, pod, [call], reason);

    /// <summary>Asks for the StatefulSet to have this many replicas, patching it unless that patch is already in flight.</summary>
    /// <returns>Whether a patch was issued in this step.</returns>
    public bool EnsureReplicas(int replicas, string reason)
    {
        if (View.StatefulSetReplicas == replicas)
        {
            return false;
        }

        var last = Previous.StatefulSetChange is { } change && change.Replicas == replicas ? change : null;
        if (last is not null)
        {
            var backoff = Backoff.After(last.Attempts, Spec.Retry);
            if (Now < last.At + backoff)
            {
                StatefulSetChange = last;
                Wait($"{reason} (replicas {replicas} requested at {last.At:O}, waiting up to {backoff} to see it)");
                return false;
            }

            reason = $"{reason} (attempt {last.Attempts + 1}: the StatefulSet still has {View.StatefulSetReplicas} after {backoff})";
        }

        Act(new SetStatefulSetReplicas(replicas), reason);
        StatefulSetChange = new ReplicasChange(replicas, Now, (last?.Attempts ?? 0) + 1);
        return true;
    }
}
