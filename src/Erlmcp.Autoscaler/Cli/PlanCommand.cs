using System.CommandLine;
using System.Globalization;
using Erlmcp.Autoscaler.Core.Connections;
using Erlmcp.Autoscaler.Core.Scaling;
using Erlmcp.Autoscaler.Server.Coordinator;
using Erlmcp.Autoscaler.Server.Kubernetes;
using Erlmcp.Autoscaler.Server.Kubernetes.ErlmcpClusters;
using Erlmcp.Autoscaler.Simulation.Manifests;

namespace Erlmcp.Autoscaler.Cli;

/// <summary>
/// <c>plan --dry-run</c>: what the coordinator would decide now for an ErlmcpCluster, one line per decision (the
/// action and the reason), from the cluster as it is. It reads the ErlmcpCluster, its StatefulSet and pods, and
/// changes nothing. It has no Erlang access: the nodes are observed as not answering, so decisions that need a
/// node's status or a fresh connection count show as waits.
/// </summary>
internal static class PlanCommand
{
    /// <summary>How long observing one node may take; every call fails at once here.</summary>
    private static readonly TimeSpan NodeCallTimeout = TimeSpan.FromSeconds(5);

    public static Command Create(TextWriter output, TextWriter error)
    {
        var target = ClusterTarget.Create();
        var replicas = new Option<int?>("--replicas") { Description = "Plan for this desired count instead of spec.replicas (what the HPA would write)." };
        var dryRun = new Option<bool>("--dry-run") { Description = "Read the cluster and show the decisions; change nothing. Required: the coordinator carries plans out." };
        var command = new Command("plan", "Show the steps the coordinator would take now for an ErlmcpCluster: one line per decision, the action and the reason.");
        target.AddTo(command);
        command.Options.Add(replicas);
        command.Options.Add(dryRun);
        command.SetAction((parse, cancellationToken) =>
        {
            if (!parse.GetValue(dryRun))
            {
                throw new InputException("plan only runs with --dry-run: the coordinator in erlmcp-autoscaler serve carries plans out");
            }

            return target.RunAsync(parse, error, async (client, namespaceName, name) =>
            {
                var resources = new KubernetesClusterResources(client, "erlmcp-autoscaler-plan", TimeProvider.System);
                ErlmcpClusterSnapshot cluster;
                try
                {
                    cluster = await resources.GetClusterAsync(namespaceName, name, cancellationToken)
                        ?? throw new InputException($"ErlmcpCluster {namespaceName}/{name} does not exist");
                }
                catch (ErlmcpClusterSpecException e)
                {
                    throw new InputException($"ErlmcpCluster {namespaceName}/{name}: {e.Message}");
                }

                var spec = parse.GetValue(replicas) is { } desired ? cluster.Spec with { DesiredReplicas = desired } : cluster.Spec;
                var statefulSet = await resources.GetStatefulSetAsync(namespaceName, spec.StatefulSetName, cancellationToken)
                    ?? throw new InputException($"StatefulSet {namespaceName}/{spec.StatefulSetName} (spec.statefulSetName of ErlmcpCluster {namespaceName}/{name}) does not exist");
                var observer = new ClusterObserver(new UnreachableNodes(), TimeProvider.System, NodeCallTimeout);
                var observed = await observer.ObserveAsync(namespaceName, statefulSet, NodeNameTemplate.Parse(cluster.NodeNameTemplate), cancellationToken);
                var step = ScalePlanner.Step(spec, observed, cluster.Status.Plan, TimeProvider.System.GetUtcNow());

                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"ErlmcpCluster {namespaceName}/{name}: desired {spec.DesiredReplicas}, StatefulSet {statefulSet.Name} at {statefulSet.Replicas} ({statefulSet.Pods.Count(p => p.Ready)} of {statefulSet.Pods.Count} pods ready), plan {cluster.Status.Plan?.Phase.ToString() ?? "none"}"));
                foreach (var decision in step.Explanations)
                {
                    // A condition's reason already says what it reports; its record would repeat it with a timestamp.
                    output.WriteLine(decision.Action is ReportCondition report ? $"ReportCondition {report.Condition.Type}: {decision.Reason}" : decision.ToString());
                }

                output.WriteLine($"phase after this step: {step.NewPlan.Phase} (dry run: nothing was changed)");
                return 0;
            });
        });
        return command;
    }

    /// <summary>The nodes as a dry run sees them: it has no Erlang access, so none answers.</summary>
    private sealed class UnreachableNodes : INodeAdmin
    {
        public Task<NodeReport> StatusAsync(string node, CancellationToken cancellationToken) => Fail<NodeReport>(node);

        public Task JoinClusterAsync(string node, IReadOnlyList<string> seedNodes, CancellationToken cancellationToken) => Fail<bool>(node);

        public Task BeginDrainAsync(string node, TimeSpan healthCheckWait, CancellationToken cancellationToken) => Fail<bool>(node);

        public Task EndDrainAsync(string node, CancellationToken cancellationToken) => Fail<bool>(node);

        public Task<long> ShedAsync(string node, long count, int ratePerSecond, string reason, CancellationToken cancellationToken) => Fail<long>(node);

        public Task CancelShedAsync(string node, long job, CancellationToken cancellationToken) => Fail<bool>(node);

        public Task LeaveClusterAsync(string node, TimeSpan timeout, CancellationToken cancellationToken) => Fail<bool>(node);

        private static Task<T> Fail<T>(string node) => Task.FromException<T>(new NodeAdminException($"{node}: not asked (a dry run has no Erlang access)"));
    }
}
