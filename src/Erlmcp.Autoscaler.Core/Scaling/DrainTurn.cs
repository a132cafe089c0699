namespace Erlmcp.Autoscaler.Core.Scaling;

/// <summary>
/// Empties the pod whose turn it is (the highest that may not go yet): wait for its listeners to stop after the
/// health-check period, shed its clients as fast as the drain rate and the staying pods' room allow, then leave the
/// Erlang cluster. Its deadline runs from the start of its turn; past it, the deadline policy decides.
/// </summary>
internal static class DrainTurn
{
    public static void Run(StepContext ctx, int pod)
    {
        var name = ctx.Name(pod);
        var drain = StartTurn(ctx, pod);
        var node = ctx.View.Node(pod);
        var count = CountSinceStopped(ctx, pod);
        var empty = count is { } c && c.Value <= ctx.Spec.Drain.AllowedRemainder && RemainderFits(ctx, pod, c.Value);

        if (!empty && ctx.Now >= drain.Deadline && PastDeadline(ctx, pod, drain, node, count))
        {
            return;
        }

        if (node is null)
        {
            ctx.Wait($"{name} does not answer; its drain waits (deadline {drain.Deadline:O})");
            return;
        }

        if (node.State == NodeState.Serving)
        {
            return;
        }

        if (node.Accepting)
        {
            ctx.SetStage(pod, PodStage.WaitingForHealthCheck);
            ctx.Wait($"{name} is draining; its listeners accept until the health-check wait of {ctx.Spec.Drain.HealthCheckWait} has passed");
            return;
        }

        if (count is null)
        {
            ctx.Stall(StallReason.StaleConnectionCounts, pod);
            ctx.Wait($"{name} has no connection count taken since it stopped accepting and younger than {ctx.Spec.StalenessBound}; its drain waits for one");
            return;
        }

        if (empty)
        {
            ctx.SetStage(pod, PodStage.Leaving);
            ctx.Request(ActionKind.LeaveCluster, pod, new LeaveCluster(pod),
                $"{name} is empty ({count.Value} connections): leave the Erlang cluster before it is removed");
            return;
        }

        Shed(ctx, pod, node, count.Value, count.ObservedAt);
    }

    /// <summary>
    /// The draining pod's count if it is fresh and was taken since the pod stopped accepting: only such a count
    /// bounds what the pod holds (it can only lose clients since), so only it may say the pod is empty.
    /// </summary>
    public static ConnectionCount? CountSinceStopped(StepContext ctx, int pod) =>
        ctx.Pod(pod)?.Drain?.StoppedAcceptingAt is { } stopped && ctx.View.FreshCount(pod) is { } count && count.ObservedAt >= stopped
            ? count
            : null;

    /// <summary>The clients a pod may keep when it goes are cut off and reconnect: only if the staying pods have room for them.</summary>
    private static bool RemainderFits(StepContext ctx, int pod, long remainder) =>
        remainder == 0 || Headroom.Budget(ctx, pod).Available >= remainder;

    private static DrainProgress StartTurn(StepContext ctx, int pod)
    {
        var progress = ctx.Pods[pod];
        var drain = progress.Drain!;
        if (drain.TurnSince is null)
        {
            drain = drain with { TurnSince = ctx.Now, Deadline = ctx.Now + ctx.Spec.Drain.Deadline };
            ctx.Pods[pod] = progress with { Drain = drain };
        }

        return drain;
    }

    /// <summary>Applies the deadline policy; true when the pod is forced out and nothing else is to be done for it.</summary>
    private static bool PastDeadline(StepContext ctx, int pod, DrainProgress drain, NodeStatus? node, ConnectionCount? count)
    {
        var name = ctx.Name(pod);
        var force = ctx.Spec.Drain.DeadlinePolicy == DeadlinePolicy.Force;
        if (!drain.DeadlineExceeded)
        {
            ctx.Pods[pod] = ctx.Pods[pod] with { Drain = drain with { DeadlineExceeded = true } };
            var held = count is { } c ? $"{c.Value} connections" : "an unknown number of connections";
            ctx.Event(EventSeverity.Warning, "DrainDeadlineExceeded", force
                ? $"{name} still holds {held} at its drain deadline: policy Force, it goes anyway and its clients reconnect elsewhere"
                : $"{name} still holds {held} at its drain deadline: policy HoldAndReport, it stays and keeps draining as room allows");
        }

        if (!force)
        {
            ctx.Stall(StallReason.DrainDeadlineExceeded, pod);
            return false;
        }

        if (node is { State: not NodeState.Leaving })
        {
            ctx.SetStage(pod, PodStage.Leaving);
            ctx.Request(ActionKind.LeaveCluster, pod, new LeaveCluster(pod),
                $"{name} is past its drain deadline (policy Force): leave the Erlang cluster before it is removed");
        }
        else if (node is null)
        {
            ctx.Wait($"{name} is past its drain deadline (policy Force) and does not answer: it goes without leaving the cluster");
        }

        return true;
    }

    private static void Shed(StepContext ctx, int pod, NodeStatus node, long connections, DateTimeOffset observedAt)
    {
        var name = ctx.Name(pod);
        ctx.SetStage(pod, PodStage.Shedding);
        var budget = Headroom.Budget(ctx, pod);
        if (ShedLedger.InFlight(ctx, pod))
        {
            if (budget.Available < 0 && node.RunningShedJobs.Count > 0)
            {
                ctx.Stall(StallReason.InsufficientHeadroom, pod);
                ctx.Request(ActionKind.CancelShed, pod, node.RunningShedJobs.Select(job => new CancelShed(pod, job)),
                    $"the staying pods have room for {budget.Free} clients and {budget.Committed} are already on their way: stop shedding {name} before one passes its limit");
            }
            else
            {
                ctx.Wait($"shedding {name}: {connections} connections left");
            }

            return;
        }

        if (ctx.Sheds.Where(s => s.Pod == pod).Max(s => s.EndedAt) is { } lastEnded && observedAt <= lastEnded)
        {
            // A count from before the last shed ended would have the planner shed clients that already left.
            ctx.Wait($"{name}'s shed ended at {lastEnded:O}; waiting for a count taken after it");
            return;
        }

        var count = Math.Min(connections, budget.Available);
        if (count <= 0)
        {
            ctx.Stall(StallReason.InsufficientHeadroom, pod);
            ctx.Wait($"{name} holds {connections} connections and the staying pods have no room for them (free {budget.Free}, on their way {budget.Committed})");
            return;
        }

        var rate = ctx.Spec.Drain.ShedRatePerSecond;
        var limited = count < connections ? $" (the staying pods have room for {budget.Available} more)" : "";
        ctx.Act(new Shed(pod, count, rate, $"drain: scale-down to {ctx.Target} replicas"),
            $"{name} is draining: close {count} of its {connections} connections at {rate}/s{limited}");
        ctx.Sheds.Add(new ShedActivity(pod, ShedPurpose.Drain, count, rate, ctx.Now, null));
    }
}
