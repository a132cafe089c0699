namespace Erlmcp.Autoscaler.Core.Scaling;

/// <summary>
/// Ends a step: names the phase, reports the conditions that changed, and writes the new plan state.
/// </summary>
internal static class PlanFinish
{
    public const string ProgressingCondition = "Progressing";
    public const string StalledCondition = "Stalled";

    public static PlanStep Finish(StepContext ctx, ClusterMembership membership)
    {
        var phase = PhaseOf(ctx, membership);
        var (from, since, conditions) = PhaseAndConditions(ctx, phase);
        var plan = new PlanState
        {
            Phase = phase,
            Target = ctx.Target,
            FromReplicas = from,
            PhaseSince = since,
            Pods = [.. ctx.Pods.Values],
            Issued = [.. ctx.Issued],
            UnseenCalls = [.. ctx.UnseenCalls.OrderBy(c => c.Pod)],
            StatefulSetChange = ctx.StatefulSetChange,
            Sheds = [.. ctx.Sheds],
            Removed = [.. ctx.Removed],
            LastRebalanceAt = ctx.LastRebalanceAt,
            Rollback = ctx.Rollback,
            Conditions = conditions,
        };
        return new PlanStep([.. ctx.Actions], plan, [.. ctx.Decisions]);
    }

    /// <summary>Ends a step that could not plan (invalid spec): the plan is kept as it was, blocked, with its conditions updated.</summary>
    public static PlanStep Hold(StepContext ctx)
    {
        var (from, since, conditions) = PhaseAndConditions(ctx, PlanPhase.Blocked);
        var plan = ctx.Previous with { Phase = PlanPhase.Blocked, FromReplicas = from, PhaseSince = since, Conditions = conditions };
        return new PlanStep([.. ctx.Actions], plan, [.. ctx.Decisions]);
    }

    private static (int From, DateTimeOffset Since, List<PlanCondition> Conditions) PhaseAndConditions(StepContext ctx, PlanPhase phase)
    {
        var previous = ctx.Previous;
        var samePhase = phase == previous.Phase;
        var from = samePhase ? previous.FromReplicas : ctx.View.StatefulSetReplicas;
        var conditions = new[] { Progressing(ctx, phase, from), Stalled(ctx) }.Select(c => Report(ctx, c)).ToList();
        return (from, samePhase ? previous.PhaseSince : ctx.Now, conditions);
    }

    private static PlanPhase PhaseOf(StepContext ctx, ClusterMembership membership)
    {
        var replicas = ctx.View.StatefulSetReplicas;
        var going = replicas > ctx.Target || ctx.Pods.Keys.Any(pod => pod >= ctx.Target);
        if (ctx.Rollback is not null)
        {
            if (going)
            {
                return PlanPhase.RollingBack;
            }

            if (ctx.Stalled(StallReason.ScaleUpRolledBack))
            {
                return PlanPhase.Blocked;
            }
        }

        if (going)
        {
            return ctx.Stalled(StallReason.DrainDeadlineExceeded) ? PlanPhase.Blocked : PlanPhase.ScalingDown;
        }

        // A staying pod missing, not ready or outside the cluster (recreated after a crash, say) leaves the cluster
        // short of its target just as a scale-up does, and is brought in the same way.
        var incomplete = Enumerable.Range(0, ctx.Target).Any(pod => !ScaleUp.Joined(ctx, membership, pod));
        if (replicas < ctx.Target || ctx.Pods.Count > 0 || ctx.StatefulSetChange is not null || ctx.Issued.Count > 0 || incomplete)
        {
            return PlanPhase.ScalingUp;
        }

        return ctx.Rebalancing ? PlanPhase.Rebalancing : PlanPhase.Steady;
    }

    private static PlanCondition Progressing(StepContext ctx, PlanPhase phase, int from)
    {
        var target = ctx.Target;
        var (status, message) = phase switch
        {
            PlanPhase.Steady => (false, $"steady at {target} replicas"),
            PlanPhase.ScalingUp => (true, $"scaling up from {from} to {target} replicas"),
            PlanPhase.ScalingDown => (true, $"scaling down from {from} to {target} replicas"),
            PlanPhase.Rebalancing => (true, $"rebalancing connections across {target} replicas"),
            PlanPhase.RollingBack => (true, $"rolling a failed scale-up back to {target} replicas"),
            _ => (false, $"blocked on the way from {from} to {target} replicas"),
        };
        return new PlanCondition(ProgressingCondition, status, phase.ToString(), message, ctx.Now);
    }

    private static PlanCondition Stalled(StepContext ctx)
    {
        var stalls = ctx.Stalls.ToList();
        if (stalls.Count == 0)
        {
            return new PlanCondition(StalledCondition, false, "NotStalled", "", ctx.Now);
        }

        var message = string.Join("; ", stalls.Select(s =>
            $"{s.Reason}: {s.Detail ?? string.Join(", ", s.Pods.Select(ctx.Name))}"));
        return new PlanCondition(StalledCondition, true, stalls[0].Reason.ToString(), message, ctx.Now);
    }

    /// <summary>Keeps the previous transition time unless the status flipped; reports the condition if anything changed.</summary>
    private static PlanCondition Report(StepContext ctx, PlanCondition condition)
    {
        var previous = ctx.Previous.Conditions.FirstOrDefault(c => c.Type == condition.Type);
        if (previous is not null && previous.Status == condition.Status)
        {
            condition = condition with { LastTransitionTime = previous.LastTransitionTime };
        }

        if (previous is null || !previous.SameAs(condition))
        {
            ctx.Act(new ReportCondition(condition),
                $"{condition.Type} is {condition.Status}: {condition.Reason}" + (condition.Message.Length > 0 ? $" ({condition.Message})" : ""));
        }

        return condition;
    }
}
