namespace Erlmcp.Autoscaler.Core.Scaling;

/// <summary>
/// How many more shed clients the pods that stay can take before one of them reaches its connection limit.
/// </summary>
/// <remarks>
/// Shed clients reconnect to the least-loaded accepting pod (erlmcp's client pool does; a Service spreading them at
/// random would need the minimum room times the pod count instead), so the staying pods fill up like water: none
/// passes its limit while the clients shed fit in the sum of their free room. A staying pod whose count is stale,
/// or that does not accept, is given no room: it is never counted on.
/// </remarks>
internal static class Headroom
{
    /// <summary>
    /// The free room of the accepting staying pods for the clients of <paramref name="draining"/>, less: what
    /// running sheds have yet to close and what they may have closed since the oldest of those counts was taken;
    /// the clients of the pods above it, which go before it (each may keep its allowed remainder, or all under
    /// Force); and the clients of pods removed so recently that the counts may not show them yet. Negative when
    /// what is already on its way overfills the room.
    /// </summary>
    public static HeadroomBudget Budget(StepContext ctx, int draining)
    {
        long free = 0;
        var oldest = ctx.Now;
        for (var pod = 0; pod < ctx.Target; pod++)
        {
            if (!ctx.View.Accepting(pod))
            {
                continue;
            }

            if (ctx.View.FreshCount(pod) is not { } count)
            {
                ctx.Stall(StallReason.StaleConnectionCounts, pod);
                continue;
            }

            free += Math.Max(0, ctx.Spec.ConnectionLimit - count.Value);
            oldest = count.ObservedAt < oldest ? count.ObservedAt : oldest;
        }

        var committed = ShedLedger.Outstanding(ctx) + ShedLedger.ClosedSince(ctx, oldest) + LeavingWithClients(ctx, draining);
        return new HeadroomBudget(free, committed);
    }

    private static long LeavingWithClients(StepContext ctx, int draining)
    {
        long clients = 0;
        for (var pod = draining + 1; pod <= ctx.View.HighestOrdinal; pod++)
        {
            // Any count, however old: a pod that goes holds at most what it was last seen holding.
            clients += ctx.View.Pod(pod)?.Connections?.Value ?? 0;
        }

        return clients + ctx.Removed.Where(r => ctx.View.Pod(r.Pod) is null).Sum(r => r.Connections);
    }
}

/// <param name="Free">The staying pods' room below their limit, by their counts.</param>
/// <param name="Committed">Clients already on their way to those pods that the counts do not show.</param>
internal readonly record struct HeadroomBudget(long Free, long Committed)
{
    public long Available => Free - Committed;
}
