namespace Erlmcp.Autoscaler.Core.Scaling;

/// <summary>
/// The coordinator's decisions, as a pure step function shared by the live coordinator and the simulator: given
/// what is wanted, what is observed, the plan so far and the time, the actions to take now and the plan to keep.
/// </summary>
/// <remarks>
/// The planner never waits: a wait is a state with a deadline, and the executor calls <see cref="Step"/> again on
/// every observation change or tick (each second, say). It works from the observation (level-triggered): what a
/// node reports decides the next call, and the plan only remembers what cannot be observed. So a step repeated
/// with the same inputs issues nothing already in flight, and a new leader resumes from the persisted plan.
/// <para>
/// The executor must persist <see cref="PlanStep.NewPlan"/> (status.plan) before carrying out the actions, so that
/// the plan always knows what it asked for; and stamp a node's status after the step's calls to that node.
/// </para>
/// </remarks>
public static class ScalePlanner
{
    public static PlanStep Step(ClusterSpec spec, ClusterObservation observed, PlanState? plan, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(observed);
        observed.Validate();

        var previous = plan ?? PlanState.Start(observed, now);
        var ctx = new StepContext(spec, new ClusterView(observed, spec, now), previous);

        // A bad spec is reported, not thrown: the coordinator keeps running and acts again once it is fixed.
        if (spec.Validate() is { Count: > 0 } errors)
        {
            ctx.Stall(StallReason.InvalidSpec, detail: string.Join("; ", errors));
            ctx.Wait($"the ErlmcpCluster spec is invalid, nothing is done until it is fixed: {string.Join("; ", errors)}");
            return PlanFinish.Hold(ctx);
        }

        ShedLedger.Settle(ctx);
        TargetResolution.Resolve(ctx);
        ScaleUp.TrackNewPods(ctx, ClusterMembership.Of(ctx));

        // Membership depends on the target, which a rollback may just have lowered.
        var membership = ClusterMembership.Of(ctx);
        Undrain.Run(ctx);
        ScaleUp.RaiseStatefulSet(ctx);
        Membership.Run(ctx, membership);
        ScaleDown.Run(ctx);
        RebalanceStep.Run(ctx, membership);
        return PlanFinish.Finish(ctx, membership);
    }
}
