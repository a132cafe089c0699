namespace Erlmcp.Autoscaler.Core.Scaling;

/// <summary>
/// Something the executor must do now. The set is closed: a switch over these records is exhaustive. Pods are
/// StatefulSet ordinals; the executor turns them into pod and node names.
/// </summary>
public abstract record PlannedAction
{
    private protected PlannedAction()
    {
    }
}

/// <summary>Patch the StatefulSet's <c>spec.replicas</c> (through its scale subresource).</summary>
public sealed record SetStatefulSetReplicas(int Replicas) : PlannedAction;

/// <summary><c>join_cluster(#{seeds})</c> on the pod's node, the seeds given as ordinals.</summary>
public sealed record JoinCluster(int Pod, IReadOnlyList<int> Seeds) : PlannedAction
{
    // Compared by the seeds' values, so that tests and the executor's de-duplication see equal joins as equal.
    public bool Equals(JoinCluster? other) => other is not null && Pod == other.Pod && Seeds.SequenceEqual(other.Seeds);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Pod);
        foreach (var seed in Seeds)
        {
            hash.Add(seed);
        }

        return hash.ToHashCode();
    }

    protected override bool PrintMembers(System.Text.StringBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Append($"Pod = {Pod}, Seeds = [{string.Join(", ", Seeds)}]");
        return true;
    }
}

/// <summary><c>begin_drain(#{health_check_wait_ms})</c>: readiness false now, listeners stop after the wait.</summary>
public sealed record BeginDrain(int Pod, TimeSpan HealthCheckWait) : PlannedAction;

/// <summary><c>end_drain()</c>: the pod accepts and is ready again (also lifts a leave).</summary>
public sealed record EndDrain(int Pod) : PlannedAction;

/// <summary><c>shed(#{count, rate_per_s, reason})</c>: close that many connections at no more than the rate.</summary>
public sealed record Shed(int Pod, long Count, int RatePerSecond, string Reason) : PlannedAction;

/// <summary><c>cancel_shed(JobId)</c>.</summary>
public sealed record CancelShed(int Pod, long Job) : PlannedAction;

/// <summary><c>leave_cluster(#{timeout_ms})</c>: disconnect from every peer on purpose.</summary>
public sealed record LeaveCluster(int Pod) : PlannedAction;

/// <summary>Set this condition in the ErlmcpCluster's <c>status.conditions</c> (emitted only when it changes).</summary>
public sealed record ReportCondition(PlanCondition Condition) : PlannedAction;

/// <summary>Record a Kubernetes Event on the ErlmcpCluster for something that happened once.</summary>
public sealed record ReportEvent(EventSeverity Severity, string Reason, string Message) : PlannedAction;

/// <summary>The Kubernetes Event type.</summary>
public enum EventSeverity
{
    Normal,
    Warning,
}

/// <summary>
/// One line of explanation: an action and why, or (with no action) why the planner waits. Every action of a step
/// has exactly one decision, in the same order.
/// </summary>
public sealed record Decision(PlannedAction? Action, string Reason)
{
    public override string ToString() => Action is null ? $"wait: {Reason}" : $"{Action}: {Reason}";
}

/// <summary>What one call of <see cref="ScalePlanner.Step"/> decided.</summary>
public sealed record PlanStep(IReadOnlyList<PlannedAction> Actions, PlanState NewPlan, IReadOnlyList<Decision> Explanations);
