namespace Erlmcp.Autoscaler.Core.Scaling;

/// <summary>
/// Keeps every staying pod in the Erlang cluster: a ready pod outside it (new, restarted, or back from a leave)
/// joins through the seeds; a new pod's wait ends once it is ready and in.
/// </summary>
internal static class Membership
{
    public static void Run(StepContext ctx, ClusterMembership membership)
    {
        // New pods that made it first: they are seeds for the others from this very step.
        foreach (var pod in ctx.Pods.Values.Where(p => p.Join is not null && p.Ordinal < ctx.Target).Select(p => p.Ordinal).ToList())
        {
            if (ScaleUp.Joined(ctx, membership, pod))
            {
                ClearJoin(ctx, pod);
                ctx.Wait($"{ctx.Name(pod)} is ready and in the cluster");
            }
        }

        for (var pod = 0; pod < ctx.Target; pod++)
        {
            if (ScaleUp.Joined(ctx, membership, pod))
            {
                continue;
            }

            var isNew = ctx.Pod(pod)?.Join is not null;

            var observed = ctx.View.Pod(pod);
            if (observed is null || observed.Terminating)
            {
                Waiting(ctx, pod, isNew, PodStage.WaitingForPod, "to be created");
                continue;
            }

            if (!observed.Ready)
            {
                Waiting(ctx, pod, isNew, PodStage.WaitingForReady, "to become ready");
                continue;
            }

            // Serving but outside the cluster: join. Draining or leaving: Undrain brings it back first.
            if (ctx.View.Node(pod) is not { State: NodeState.Serving })
            {
                continue;
            }

            ctx.SetStage(pod, PodStage.Joining);
            var seeds = membership.SeedsFor(ctx, pod);
            if (seeds.Count == 0)
            {
                ctx.Stall(StallReason.NoSeedAvailable, pod);
                ctx.Wait($"{ctx.Name(pod)} is outside the cluster and no seed pod is ready to join it through");
                continue;
            }

            ctx.Request(ActionKind.JoinCluster, pod, new JoinCluster(pod, seeds),
                $"{ctx.Name(pod)} is ready and outside the Erlang cluster: join it through {string.Join(", ", seeds.Select(ctx.Name))}");
        }
    }

    private static void Waiting(StepContext ctx, int pod, bool isNew, PodStage stage, string what)
    {
        if (isNew)
        {
            ctx.SetStage(pod, stage);
            var deadline = ctx.Pod(pod)!.Join!.Deadline;
            ctx.Wait($"waiting for {ctx.Name(pod)} {what}" + (deadline is { } d ? $" (deadline {d:O})" : ""));
        }
        else if (stage == PodStage.WaitingForPod)
        {
            // A pod that was there and is not: the StatefulSet recreates it; nothing to do but wait and say so.
            ctx.Stall(StallReason.PodMissing, pod);
            ctx.Wait($"{ctx.Name(pod)} is missing; waiting for the StatefulSet to recreate it");
        }
    }

    private static void ClearJoin(StepContext ctx, int pod)
    {
        var progress = ctx.Pods[pod] with { Join = null };
        if (progress.Drain is null)
        {
            ctx.Pods.Remove(pod);
        }
        else
        {
            ctx.Pods[pod] = progress;
        }
    }
}
