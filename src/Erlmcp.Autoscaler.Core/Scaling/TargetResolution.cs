namespace Erlmcp.Autoscaler.Core.Scaling;

/// <summary>Decides the replica count the plan goes to in this step: the desired count, unless it is out of range or a rolled-back scale-up is still on hold.</summary>
internal static class TargetResolution
{
    public static void Resolve(StepContext ctx)
    {
        var spec = ctx.Spec;
        var desired = spec.DesiredReplicas;
        if (desired < spec.MinReplicas || desired > spec.MaxReplicas)
        {
            // Acting on a wild value (0 from a broken pipeline, 10,000 from a typo) would do more harm than holding.
            ctx.Stall(StallReason.DesiredReplicasOutOfRange,
                detail: $"desired replicas {desired} is outside {spec.MinReplicas}..{spec.MaxReplicas}; holding {ctx.Previous.Target}");
            ctx.Wait($"desired replicas {desired} is outside {spec.MinReplicas}..{spec.MaxReplicas}: keeping the target at {ctx.Previous.Target}");
            ctx.Target = ctx.Previous.Target;
        }
        else
        {
            ctx.Target = desired;
        }

        if (ctx.Rollback is not { } rollback)
        {
            return;
        }

        if (ctx.Target <= rollback.Replicas)
        {
            ctx.Rollback = null;
        }
        else if (ctx.Now < rollback.RetryAt)
        {
            ctx.Stall(StallReason.ScaleUpRolledBack, rollback.FailedPod,
                $"{ctx.Name(rollback.FailedPod)} did not become ready and join in time; holding {rollback.Replicas} replicas until {rollback.RetryAt:O}");
            ctx.Wait($"the scale-up to {rollback.AbandonedTarget} was rolled back; trying again at {rollback.RetryAt:O}");
            ctx.Target = rollback.Replicas;
        }
        else
        {
            ctx.Rollback = null;
            ctx.Wait($"retrying the scale-up to {ctx.Target} rolled back at {rollback.Replicas} replicas");
        }
    }
}
