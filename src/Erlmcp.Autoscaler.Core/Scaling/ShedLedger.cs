namespace Erlmcp.Autoscaler.Core.Scaling;

/// <summary>
/// The shed jobs the plan started: which are still running, how many clients they have yet to close, and how many
/// they may have closed that the pods' counts do not show yet. Shed clients reconnect to the pods that stay, so all
/// three decide how much room those pods really have.
/// </summary>
internal static class ShedLedger
{
    /// <summary>
    /// Marks as ended the sheds that a status taken after them shows finished (no running job on the node), or
    /// whose pod is gone; closes a rebalance when its last shed ends; forgets sheds that ended so long ago that
    /// every count young enough to be used already reflects them.
    /// </summary>
    public static void Settle(StepContext ctx)
    {
        var now = ctx.Now;
        var rebalanceEnded = false;
        for (var i = 0; i < ctx.Sheds.Count; i++)
        {
            var shed = ctx.Sheds[i];
            if (shed.EndedAt is not null)
            {
                continue;
            }

            var node = ctx.View.Node(shed.Pod);
            var finished = !ctx.View.Running(shed.Pod) || node is { RunningShedJobs.Count: 0 } && node.ObservedAt > shed.IssuedAt;
            if (finished)
            {
                ctx.Sheds[i] = shed with { EndedAt = now };
                rebalanceEnded |= shed.Purpose == ShedPurpose.Rebalance;
            }
        }

        if (rebalanceEnded && !ctx.Sheds.Any(s => s is { Purpose: ShedPurpose.Rebalance, EndedAt: null }))
        {
            ctx.LastRebalanceAt = now;
        }

        ctx.Sheds.RemoveAll(s => s.EndedAt is { } ended && ended < now - ctx.Spec.StalenessBound);
    }

    /// <summary>Whether a shed may be closing connections on the pod: one the plan started and has not seen end, or one the node reports.</summary>
    public static bool InFlight(StepContext ctx, int pod) =>
        ctx.View.ShedRunning(pod) || ctx.Sheds.Any(s => s.Pod == pod && s.EndedAt is null);

    /// <summary>
    /// Connections that running sheds have yet to close, on every pod: what the node reports, plus the full count
    /// of sheds issued after the node's last status (not in it yet), or of every unended shed when the node is silent.
    /// </summary>
    public static long Outstanding(StepContext ctx)
    {
        var pods = ctx.Sheds.Where(s => s.EndedAt is null).Select(s => s.Pod)
            .Concat(Enumerable.Range(0, ctx.View.HighestOrdinal + 1).Where(ctx.View.ShedRunning))
            .Distinct();
        long outstanding = 0;
        foreach (var pod in pods)
        {
            var node = ctx.View.Node(pod);
            outstanding += node?.ShedRemaining ?? 0;
            outstanding += ctx.Sheds
                .Where(s => s.Pod == pod && s.EndedAt is null && (node is null || s.IssuedAt >= node.ObservedAt))
                .Sum(s => s.Count);
        }

        return outstanding;
    }

    /// <summary>
    /// At most how many connections the plan's sheds closed after <paramref name="since"/>: a job closes no more
    /// than its rate per second, so this bounds the clients that counts taken at <paramref name="since"/> miss.
    /// </summary>
    public static long ClosedSince(StepContext ctx, DateTimeOffset since)
    {
        long closed = 0;
        foreach (var shed in ctx.Sheds)
        {
            var from = shed.IssuedAt > since ? shed.IssuedAt : since;
            var to = shed.EndedAt ?? ctx.Now;
            if (to > from)
            {
                closed += (long)Math.Ceiling((to - from).TotalSeconds * shed.RatePerSecond);
            }
        }

        return closed;
    }
}
