namespace Erlmcp.Autoscaler.Core.Scaling;

/// <summary>
/// The pods a scale-up adds: raise the StatefulSet, give each new pod its deadline to become ready and join, and
/// roll the scale-up back when one misses it.
/// </summary>
internal static class ScaleUp
{
    /// <summary>Tracks new pods and their deadlines; lowers the target when a new pod failed (before any other part acts on it).</summary>
    public static void TrackNewPods(StepContext ctx, ClusterMembership membership)
    {
        var replicas = ctx.View.StatefulSetReplicas;
        for (var pod = replicas; pod < ctx.Target; pod++)
        {
            if (ctx.Pod(pod) is not { } progress)
            {
                ctx.Pods[pod] = new PodProgress { Ordinal = pod, Stage = PodStage.WaitingForPod, Join = new JoinProgress(null, null, false) };
            }
            else if (progress.Join is null && progress.Drain is not null)
            {
                // A pod drained away and wanted again is a new pod again: it must become ready and rejoin in time.
                ctx.Pods[pod] = progress with { Join = new JoinProgress(null, null, false) };
            }
        }

        int? failed = null;
        foreach (var progress in ctx.Pods.Values.Where(p => p.Join is not null).ToList())
        {
            var join = Advance(ctx, progress.Ordinal, progress.Join!);
            ctx.Pods[progress.Ordinal] = progress with { Join = join };
            if (join.Deadline is { } deadline && ctx.Now >= deadline && !Joined(ctx, membership, progress.Ordinal))
            {
                failed = failed is { } lower && lower < progress.Ordinal ? lower : progress.Ordinal;
            }
        }

        if (failed is { } lowestFailed)
        {
            RollBack(ctx, lowestFailed);
        }
    }

    /// <summary>Raises the StatefulSet to the target; pods the plan drains but that stay are brought back first by <see cref="Undrain"/>.</summary>
    public static void RaiseStatefulSet(StepContext ctx)
    {
        if (ctx.Target > ctx.View.StatefulSetReplicas)
        {
            _ = ctx.EnsureReplicas(ctx.Target, $"scale up from {ctx.View.StatefulSetReplicas} to {ctx.Target} replicas");
        }
    }

    /// <summary>Ready in Kubernetes, serving, and in the Erlang cluster: a new pod's wait is over.</summary>
    public static bool Joined(StepContext ctx, ClusterMembership membership, int pod) =>
        ctx.View.Pod(pod) is { Ready: true, Terminating: false } && ctx.View.Node(pod) is { State: NodeState.Serving } && membership.InCluster(pod);

    private static JoinProgress Advance(StepContext ctx, int pod, JoinProgress join)
    {
        var everReady = join.EverReady || ctx.View.Pod(pod) is { Ready: true, Terminating: false };
        if (pod >= ctx.Target)
        {
            // Going again before it ever served: its clock stops; it starts afresh if it is wanted again.
            return join with { Since = null, Deadline = null, EverReady = everReady };
        }

        if (join.Since is null && CanExist(ctx, pod))
        {
            return new JoinProgress(ctx.Now, ctx.Now + ctx.Spec.Join.Timeout, everReady);
        }

        return join with { EverReady = everReady };
    }

    /// <summary>
    /// Whether the StatefulSet can have created the pod: it covers the ordinal and the pod exists, or (for ordered
    /// pod management, which creates a pod only once the one below is ready) every lower pod is ready. The deadline
    /// of a pod starts then, so that a slow predecessor does not eat its time.
    /// </summary>
    private static bool CanExist(StepContext ctx, int pod) =>
        ctx.View.StatefulSetReplicas > pod
        && (ctx.View.Running(pod) || Enumerable.Range(0, pod).All(lower => ctx.View.Pod(lower) is { Ready: true }));

    private static void RollBack(StepContext ctx, int failedPod)
    {
        var retryAt = ctx.Now + ctx.Spec.Join.RetryAfterRollback;
        var name = ctx.Name(failedPod);
        var why = ctx.View.Pod(failedPod) switch
        {
            null => "was not created",
            { Ready: false } => "did not become ready",
            _ => "did not join the Erlang cluster",
        };
        ctx.Rollback = new RollbackRecord(failedPod, ctx.Target, failedPod, retryAt);
        ctx.Event(EventSeverity.Warning, "ScaleUpRolledBack",
            $"{name} {why} within {ctx.Spec.Join.Timeout}: rolling the scale-up to {ctx.Target} back to {failedPod} replicas; retrying at {retryAt:O}");
        ctx.Stall(StallReason.ScaleUpRolledBack, failedPod,
            $"{name} did not become ready and join in time; holding {failedPod} replicas until {retryAt:O}");
        ctx.Target = failedPod;

        foreach (var progress in ctx.Pods.Values.Where(p => p.Ordinal >= failedPod && p.Join is not null).ToList())
        {
            ctx.Pods[progress.Ordinal] = progress with { Join = progress.Join! with { Since = null, Deadline = null } };
        }
    }
}
