namespace Erlmcp.Autoscaler.Core.Scaling;

/// <summary>
/// Moves clients from the most loaded pods to the least loaded once the cluster is otherwise settled (after a
/// scale-up, or after a pod came back empty): only then do the counts say where clients will stay.
/// </summary>
internal static class RebalanceStep
{
    public static void Run(StepContext ctx, ClusterMembership membership)
    {
        if (ctx.Sheds.Any(s => s is { Purpose: ShedPurpose.Rebalance, EndedAt: null }))
        {
            ctx.Rebalancing = true;
            ctx.Wait("rebalancing: waiting for the donors' sheds to finish");
            return;
        }

        if (!Settled(ctx) || Counts(ctx, membership) is not { } counts)
        {
            return;
        }

        var moves = Rebalancer.Plan(counts, ctx.Spec.Rebalance);
        if (moves.Count == 0)
        {
            return;
        }

        ctx.Rebalancing = true;
        var spread = $"{ctx.Name(counts.MaxBy(c => c.Count).Pod)} holds {counts.Max(c => c.Count)}, {ctx.Name(counts.MinBy(c => c.Count).Pod)} {counts.Min(c => c.Count)}";
        if (ctx.LastRebalanceAt is { } last && ctx.Now < last + ctx.Spec.Rebalance.Cooldown)
        {
            ctx.Wait($"unbalanced ({spread}); the rebalance cooldown ends at {last + ctx.Spec.Rebalance.Cooldown:O}");
            return;
        }

        var rate = ctx.Spec.Rebalance.ShedRatePerSecond;
        foreach (var move in moves)
        {
            ctx.Act(new Shed(move.Pod, move.Count, rate, "rebalance"),
                $"unbalanced ({spread}, beyond {ctx.Spec.Rebalance.AbsoluteThreshold} and x{ctx.Spec.Rebalance.RelativeThreshold}): "
                + $"close {move.Count} of {ctx.Name(move.Pod)}'s connections at {rate}/s to bring it from {move.From} to {move.To}");
            ctx.Sheds.Add(new ShedActivity(move.Pod, ShedPurpose.Rebalance, move.Count, rate, ctx.Now, null));
        }
    }

    /// <summary>Nothing else in progress: the StatefulSet has the target size and no pod is being added, drained or removed.</summary>
    private static bool Settled(StepContext ctx) =>
        ctx.View.StatefulSetReplicas == ctx.Target
        && ctx.Pods.Count == 0
        && ctx.StatefulSetChange is null
        && !Enumerable.Range(ctx.Target, Math.Max(0, ctx.View.HighestOrdinal + 1 - ctx.Target)).Any(ctx.View.Running);

    /// <summary>
    /// Every staying pod's count, if every one of them accepts, is in the cluster, sheds nothing, and has a fresh
    /// count taken after the last rebalance ended; otherwise null (and a stale count is reported).
    /// </summary>
    private static List<(int Pod, long Count)>? Counts(StepContext ctx, ClusterMembership membership)
    {
        if (Enumerable.Range(0, ctx.Target).Any(pod => !ctx.View.Accepting(pod) || !membership.InCluster(pod) || ShedLedger.InFlight(ctx, pod)))
        {
            return null;
        }

        var counts = new List<(int Pod, long Count)>();
        var complete = true;
        for (var pod = 0; pod < ctx.Target; pod++)
        {
            if (ctx.View.FreshCount(pod) is not { } count)
            {
                ctx.Stall(StallReason.StaleConnectionCounts, pod);
                ctx.Wait($"{ctx.Name(pod)} has no connection count younger than {ctx.Spec.StalenessBound}: the balance is unknown");
                complete = false;
            }
            else if (ctx.LastRebalanceAt is { } last && count.ObservedAt <= last)
            {
                // The last rebalance is not over until the counts show where its clients went.
                ctx.Rebalancing = true;
                ctx.Wait($"{ctx.Name(pod)}'s count predates the end of the last rebalance");
                complete = false;
            }
            else
            {
                counts.Add((pod, count.Value));
            }
        }

        return complete ? counts : null;
    }
}
