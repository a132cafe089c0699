using System.Globalization;
using Erlmcp.Autoscaler.Simulation.Model;

namespace Erlmcp.Autoscaler.Simulation.Strategies;

/// <summary>
/// The plain Kubernetes setup the coordinator is compared with: the HPA writes the StatefulSet's replicas directly,
/// and the StatefulSet controller (podManagementPolicy Parallel) creates the missing ordinals at once and deletes the
/// highest ordinals at once, with the clients on them, who then reconnect to the pods that remain.
/// </summary>
public sealed class BaselineStrategy : IScalingStrategy
{
    public string Name => ScalingStrategies.Baseline;

    /// <summary>The StatefulSet's status.replicas: the pods it has created, whatever their state.</summary>
    public int StatusReplicas(SimCluster cluster)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        return cluster.Existing;
    }

    public IReadOnlyList<ScalingAction> Step(int desiredReplicas, SimCluster cluster, long nowMs)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        var pods = cluster.Pods;
        List<ScalingAction>? actions = null;
        for (var ordinal = pods.Count - 1; ordinal >= desiredReplicas; ordinal--)
        {
            if (pods[ordinal].State != PodState.Gone)
            {
                (actions ??= []).Add(new ScalingAction(ScalingActionKind.DeletePod, ordinal,
                    string.Create(CultureInfo.InvariantCulture, $"StatefulSet replicas {desiredReplicas}: ordinal {ordinal} deleted with its {pods[ordinal].Connections} clients")));
            }
        }

        for (var ordinal = 0; ordinal < Math.Min(desiredReplicas, pods.Count); ordinal++)
        {
            if (pods[ordinal].State == PodState.Gone)
            {
                (actions ??= []).Add(new ScalingAction(ScalingActionKind.CreatePod, ordinal,
                    string.Create(CultureInfo.InvariantCulture, $"StatefulSet replicas {desiredReplicas}: ordinal {ordinal} missing")));
            }
        }

        return actions ?? (IReadOnlyList<ScalingAction>)[];
    }
}
