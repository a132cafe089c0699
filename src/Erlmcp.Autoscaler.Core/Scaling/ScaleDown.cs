namespace Erlmcp.Autoscaler.Core.Scaling;

/// <summary>
/// The pods a scale-down removes, ordinals target..replicas-1. All of them begin draining at once, so that none
/// takes new clients; they are then emptied one at a time from the highest (the only one the StatefulSet can
/// remove), each leaving the Erlang cluster when empty, and the StatefulSet is lowered past every pod that may go.
/// </summary>
internal static class ScaleDown
{
    public static void Run(StepContext ctx)
    {
        ForgetRemovedPods(ctx);
        var replicas = ctx.View.StatefulSetReplicas;
        if (replicas <= ctx.Target)
        {
            return;
        }

        if (ctx.Target < ctx.Previous.Target)
        {
            ReportCapacity(ctx);
        }

        for (var pod = replicas - 1; pod >= ctx.Target; pod--)
        {
            BeginDrain(ctx, pod);
        }

        var lowest = replicas;
        var reasons = new List<string>();
        for (var pod = replicas - 1; pod >= ctx.Target; pod--)
        {
            if (JoinedWithoutServing(ctx, pod))
            {
                // It joined without ever becoming ready: take it out so the cluster is left as it was.
                ctx.SetStage(pod, PodStage.Leaving);
                ctx.Request(ActionKind.LeaveCluster, pod, new LeaveCluster(pod),
                    $"{ctx.Name(pod)} never became ready but joined the cluster: leave it before it is removed");
                break;
            }

            var why = MayGo(ctx, pod);
            if (why is null)
            {
                // Its turn may end it at once (past the deadline under Force), and then the next pod's turn begins.
                DrainTurn.Run(ctx, pod);
                why = MayGo(ctx, pod);
                if (why is null)
                {
                    break;
                }
            }

            ctx.SetStage(pod, PodStage.Removable);
            reasons.Add($"{ctx.Name(pod)} {why}");
            lowest = pod;
        }

        if (lowest < replicas)
        {
            reasons.Reverse();
            if (ctx.EnsureReplicas(lowest, $"lower the StatefulSet to {lowest}: {string.Join("; ", reasons)}"))
            {
                RecordCutClients(ctx, lowest, replicas);
            }
        }
    }

    /// <summary>Remembers the clients the removed pods still hold: they will look for room on the staying pods.</summary>
    private static void RecordCutClients(StepContext ctx, int from, int to)
    {
        for (var pod = from; pod < to; pod++)
        {
            if (ctx.View.Pod(pod)?.Connections is { Value: > 0 } count)
            {
                ctx.Removed.RemoveAll(r => r.Pod == pod);
                ctx.Removed.Add(new RemovedPod(pod, count.Value, ctx.Now));
            }
        }
    }

    /// <summary>Forgets pods above the StatefulSet once Kubernetes has deleted them (or is deleting them).</summary>
    private static void ForgetRemovedPods(StepContext ctx)
    {
        var above = Math.Max(ctx.View.StatefulSetReplicas, ctx.Target);
        foreach (var progress in ctx.Pods.Values.Where(p => p.Ordinal >= above).ToList())
        {
            if (!ctx.View.Running(progress.Ordinal))
            {
                ctx.Pods.Remove(progress.Ordinal);
            }
            else
            {
                ctx.SetStage(progress.Ordinal, PodStage.Removable);
            }
        }
    }

    /// <summary>Marks the pod as drained by the plan and asks its node to drain, unless it already does.</summary>
    private static void BeginDrain(StepContext ctx, int pod)
    {
        var progress = ctx.Pod(pod) ?? new PodProgress { Ordinal = pod, Stage = PodStage.BeginningDrain };
        var drain = progress.Drain ?? new DrainProgress(ctx.Now, null, null, null, false);
        if (drain.StoppedAcceptingAt is null && ctx.SettledNode(pod) is { State: not NodeState.Serving, Accepting: false } stopped)
        {
            drain = drain with { StoppedAcceptingAt = stopped.ObservedAt };
        }

        ctx.Pods[pod] = progress with { Stage = PodStage.WaitingForTurn, Drain = drain };
        if (!ctx.View.Running(pod))
        {
            return;
        }

        var node = ctx.View.Node(pod);
        // A pod that never served is drained only to keep it from becoming ready; if its node is silent it holds nobody.
        if (NeverServed(ctx, pod) && node is null)
        {
            return;
        }

        if (node is null or { State: NodeState.Serving })
        {
            ctx.SetStage(pod, PodStage.BeginningDrain);
            ctx.Request(ActionKind.BeginDrain, pod, new BeginDrain(pod, ctx.Spec.Drain.HealthCheckWait),
                $"{ctx.Name(pod)} goes (target {ctx.Target}): readiness false so that Services stop sending it clients");
        }
    }

    /// <summary>A pod added by this plan and never seen ready: no Service ever sent it a client.</summary>
    private static bool NeverServed(StepContext ctx, int pod) =>
        ctx.Pod(pod)?.Join is { EverReady: false } && ctx.View.Pod(pod) is not { Ready: true };

    /// <summary>A pod that never served but whose node reports peers: it must leave before it goes.</summary>
    private static bool JoinedWithoutServing(StepContext ctx, int pod) =>
        ctx.View.Running(pod) && NeverServed(ctx, pod) && ctx.View.Node(pod) is { State: not NodeState.Leaving, ClusterPeers.Count: > 0 };

    /// <summary>
    /// Why the pod may be removed from the StatefulSet now, or null if it may not. It may when it is gone, never
    /// served, or left the cluster empty; or, under the Force policy past its deadline, when it left or is silent.
    /// </summary>
    private static string? MayGo(StepContext ctx, int pod)
    {
        var observed = ctx.View.Pod(pod);
        if (observed is null)
        {
            return "no longer exists";
        }

        if (observed.Terminating)
        {
            return "is being deleted";
        }

        if (NeverServed(ctx, pod))
        {
            return "never became ready, so it holds no clients";
        }

        var forced = ctx.Pod(pod)?.Drain is { DeadlineExceeded: true } && ctx.Spec.Drain.DeadlinePolicy == DeadlinePolicy.Force;
        if (ctx.SettledNode(pod) is { State: NodeState.Leaving })
        {
            if (forced)
            {
                return "left the cluster after its drain deadline (policy Force)";
            }

            if (DrainTurn.CountSinceStopped(ctx, pod) is { } count && count.Value <= ctx.Spec.Drain.AllowedRemainder)
            {
                return $"left the cluster with {count.Value} connections";
            }
        }

        return forced && ctx.View.Node(pod) is null ? "does not answer after its drain deadline (policy Force)" : null;
    }

    /// <summary>Reports once, when the target drops, that the staying pods will be above their target or cannot hold everyone.</summary>
    private static void ReportCapacity(StepContext ctx)
    {
        long total = 0;
        for (var pod = 0; pod <= ctx.View.HighestOrdinal; pod++)
        {
            total += ctx.View.FreshCount(pod)?.Value ?? 0;
        }

        var spec = ctx.Spec;
        if (total > ctx.Target * spec.ConnectionLimit)
        {
            ctx.Event(EventSeverity.Warning, "InsufficientCapacity",
                $"{total} connections do not fit in {ctx.Target} pods of {spec.ConnectionLimit}: the drain will wait for room"
                + (spec.Drain.DeadlinePolicy == DeadlinePolicy.Force ? " and cut clients off at its deadline" : " and hold at its deadline"));
        }
        else if (total > ctx.Target * spec.ConnectionTarget)
        {
            ctx.Event(EventSeverity.Warning, "AboveTarget",
                $"after the scale-down to {ctx.Target}, {total} connections average {total / ctx.Target} per pod, above the target of {spec.ConnectionTarget}");
        }
    }
}
