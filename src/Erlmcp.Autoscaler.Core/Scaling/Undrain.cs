namespace Erlmcp.Autoscaler.Core.Scaling;

/// <summary>
/// Pods the plan began to drain that stay after all (the desired count rose again): stop their sheds and make them
/// serve again. Only pods the plan drained are touched; a pod drained by hand is the operator's business.
/// </summary>
internal static class Undrain
{
    public static void Run(StepContext ctx)
    {
        foreach (var progress in ctx.Pods.Values.Where(p => p.Drain is not null && p.Ordinal < ctx.Target).ToList())
        {
            var pod = progress.Ordinal;
            var name = ctx.Name(pod);
            if (!ctx.View.Running(pod))
            {
                // The StatefulSet recreates it, and a new node starts serving: there is no drain left to undo.
                Forget(ctx, progress);
                continue;
            }

            ctx.SetStage(pod, PodStage.Undraining);
            var node = ctx.View.Node(pod);
            if (node is null)
            {
                ctx.Request(ActionKind.EndDrain, pod, new EndDrain(pod), $"{name} stays (target {ctx.Target}): end its drain");
                continue;
            }

            // Calls follow the latest status (a call already made waits out its backoff); the drain is known undone
            // only from a status taken after the plan's last call, which an older one could contradict.
            if (node.RunningShedJobs.Count > 0)
            {
                ctx.Request(ActionKind.CancelShed, pod, node.RunningShedJobs.Select(job => new CancelShed(pod, job)),
                    $"{name} stays (target {ctx.Target}): stop shedding its connections");
            }

            if (node.State != NodeState.Serving)
            {
                ctx.Request(ActionKind.EndDrain, pod, new EndDrain(pod), $"{name} stays (target {ctx.Target}): end its drain so it serves again");
            }
            else if (ctx.SettledNode(pod) is { State: NodeState.Serving, RunningShedJobs.Count: 0 })
            {
                Forget(ctx, progress);
                ctx.Wait($"{name} serves again");
            }
        }
    }

    private static void Forget(StepContext ctx, PodProgress progress)
    {
        if (progress.Join is null)
        {
            ctx.Pods.Remove(progress.Ordinal);
        }
        else
        {
            ctx.Pods[progress.Ordinal] = progress with { Drain = null };
        }
    }
}
