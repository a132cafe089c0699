using Erlmcp.Autoscaler.Core.Scaling;

namespace Erlmcp.Autoscaler.Core.Tests.Scaling;

/// <summary>
/// Drives <see cref="ScalePlanner.Step"/> against a <see cref="SimulatedCluster"/> the way the executor does: each
/// second, observe, step, persist the plan (through JSON, as status.plan), carry out the actions, let time pass.
/// Records every step and checks, at each removal, that the pod was empty or forced out past its deadline.
/// </summary>
internal sealed class PlannerRun(ClusterSpec spec, SimulatedCluster cluster)
{
    public ClusterSpec Spec { get; set; } = spec;

    public SimulatedCluster Cluster { get; } = cluster;

    public PlanState? Plan { get; set; }

    public List<PlanStep> Steps { get; } = [];

    /// <summary>When the last step was taken (the cluster's clock has moved one second on since).</summary>
    public DateTimeOffset LastStepAt { get; private set; }

    /// <summary>Removals of pods that held more than the drain allows without the Force policy's deadline having passed.</summary>
    public List<string> UnsafeRemovals { get; } = [];

    /// <summary>Clients cut off by forced removals.</summary>
    public long ForcedOff { get; private set; }

    /// <summary>Actions a step repeated with the same inputs and the plan it had just produced issued again.</summary>
    public List<string> Repeated { get; } = [];

    public PlanStep Tick()
    {
        LastStepAt = Cluster.Now;
        var observation = Cluster.Observe();
        var step = ScalePlanner.Step(Spec, observation, Plan, Cluster.Now);
        Plan = PlanStateJson.Deserialize(PlanStateJson.Serialize(step.NewPlan));
        var again = ScalePlanner.Step(Spec, observation, Plan, Cluster.Now);
        Repeated.AddRange(again.Actions.Select(a => $"{Cluster.Now:O}: {a}"));
        Steps.Add(step);
        var removalsBefore = Cluster.Removals.Count;
        Cluster.Apply(step.Actions);
        foreach (var removal in Cluster.Removals.Skip(removalsBefore))
        {
            CheckRemoval(removal, step.NewPlan);
        }

        Cluster.Tick();
        return step;
    }

    /// <summary>Ticks until <paramref name="done"/> holds after a step; false if it did not within <paramref name="maxTicks"/>.</summary>
    public bool RunUntil(Func<PlanStep, bool> done, int maxTicks)
    {
        for (var i = 0; i < maxTicks; i++)
        {
            if (done(Tick()))
            {
                return true;
            }
        }

        return false;
    }

    public bool RunUntilSteady(int maxTicks) =>
        RunUntil(s => s.NewPlan.Phase == PlanPhase.Steady && Cluster.Replicas == s.NewPlan.Target && s.Actions.All(a => a is ReportCondition), maxTicks);

    /// <summary>Every action applied so far that concerns the pod, in order (StatefulSet patches included).</summary>
    public IEnumerable<PlannedAction> ActionsFor(int pod) =>
        Cluster.Applied.Select(a => a.Action).Where(a => PodOf(a) == pod || a is SetStatefulSetReplicas);

    /// <summary>The time the first action matching <paramref name="match"/> was applied.</summary>
    public DateTimeOffset FirstAt(Func<PlannedAction, bool> match) => Cluster.Applied.First(a => match(a.Action)).At;

    public static int? PodOf(PlannedAction action) => action switch
    {
        JoinCluster a => a.Pod,
        BeginDrain a => a.Pod,
        EndDrain a => a.Pod,
        Shed a => a.Pod,
        CancelShed a => a.Pod,
        LeaveCluster a => a.Pod,
        _ => null,
    };

    private void CheckRemoval(Removal removal, PlanState plan)
    {
        if (removal.Connections <= Spec.Drain.AllowedRemainder)
        {
            return;
        }

        var drain = plan.Pods.FirstOrDefault(p => p.Ordinal == removal.Ordinal)?.Drain;
        var forced = Spec.Drain.DeadlinePolicy == DeadlinePolicy.Force
            && drain is { DeadlineExceeded: true, Deadline: { } deadline } && removal.At >= deadline;
        if (forced)
        {
            ForcedOff += removal.Connections;
        }
        else
        {
            UnsafeRemovals.Add($"pod {removal.Ordinal} removed at {removal.At:O} holding {removal.Connections} connections");
        }
    }
}
