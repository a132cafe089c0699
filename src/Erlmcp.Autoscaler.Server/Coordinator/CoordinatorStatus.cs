using Erlmcp.Autoscaler.Core.Scaling;

namespace Erlmcp.Autoscaler.Server.Coordinator;

/// <summary>The ErlmcpCluster status a step writes: the plan to resume from, and what the HPA and operators read.</summary>
internal static class CoordinatorStatus
{
    public static ErlmcpClusterStatus Build(
        ErlmcpClusterSnapshot cluster, StatefulSetSnapshot statefulSet, ClusterObservation observed, PlanStep step, DateTimeOffset now) => new()
        {
            // The HPA's "current replicas" through /scale: what runs, not what is wished.
            Replicas = statefulSet.Replicas,
            Selector = statefulSet.Selector,
            Phase = step.NewPlan.Phase,
            Plan = step.NewPlan,
            Conditions = Conditions(cluster.Status.Conditions, step.Actions),
            ObservedGeneration = cluster.Generation,
            Pods = Pods(cluster.Spec, statefulSet, observed, step.NewPlan, now),
        };

    /// <summary>The conditions held, each replaced by the one of the same type the step reports.</summary>
    public static IReadOnlyList<PlanCondition> Conditions(IReadOnlyList<PlanCondition> held, IReadOnlyList<PlannedAction> actions)
    {
        var conditions = held.ToList();
        foreach (var report in actions.OfType<ReportCondition>())
        {
            var index = conditions.FindIndex(c => c.Type == report.Condition.Type);
            if (index >= 0)
            {
                conditions[index] = report.Condition;
            }
            else
            {
                conditions.Add(report.Condition);
            }
        }

        return conditions;
    }

    private static List<PodSummary> Pods(ClusterSpec spec, StatefulSetSnapshot statefulSet, ClusterObservation observed, PlanState plan, DateTimeOffset now)
    {
        var observations = observed.Pods.ToDictionary(p => p.Ordinal);
        var stages = plan.Pods.ToDictionary(p => p.Ordinal, p => p.Stage);
        return
        [
            .. statefulSet.Pods.OrderBy(p => p.Ordinal).Select(pod =>
            {
                var seen = observations.GetValueOrDefault(pod.Ordinal);
                // The count the planner used: one within the staleness bound.
                var count = seen?.Connections is { } c && now - c.ObservedAt <= spec.StalenessBound ? c.Value : (long?)null;
                return new PodSummary(pod.Name, pod.Ordinal, pod.Ready, count, seen?.Node?.State, stages.TryGetValue(pod.Ordinal, out var stage) ? stage : null);
            }),
        ];
    }
}
