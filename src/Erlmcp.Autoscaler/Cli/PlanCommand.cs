using System.CommandLine;
using System.Globalization;
using Erlmcp.Autoscaler.Core.Connections;
using Erlmcp.Autoscaler.Core.Scaling;
using Erlmcp.Autoscaler.Erlang.Connection;
using Erlmcp.Autoscaler.Server;
using Erlmcp.Autoscaler.Server.Coordinator;
using Erlmcp.Autoscaler.Server.Kubernetes;
using Erlmcp.Autoscaler.Server.Kubernetes.ErlmcpClusters;
using Erlmcp.Autoscaler.Simulation.Manifests;

namespace Erlmcp.Autoscaler.Cli;

/// <summary>
/// <c>plan --dry-run</c>: what the coordinator would decide now for an ErlmcpCluster, one line per decision (the
/// action and the reason), from the cluster as it is. It reads the ErlmcpCluster, its StatefulSet and pods and, with
/// <c>--cookie-file</c>, each node's <c>erlmcp_scale_admin:status()</c>; it changes nothing. Without the cookie
/// the nodes are observed as not answering, so decisions that need a node's status or a fresh count show as waits.
/// </summary>
internal static class PlanCommand
{
    /// <summary>How long observing one node may take.</summary>
    private static readonly TimeSpan NodeCallTimeout = TimeSpan.FromSeconds(5);

    public static Command Create(TextWriter output, TextWriter error)
    {
        var target = ClusterTarget.Create();
        var replicas = new Option<int?>("--replicas") { Description = "Plan for this desired count instead of spec.replicas (what the HPA would write)." };
        var cookieFile = new Option<FileInfo?>("--cookie-file")
        {
            Description = "The erlmcp nodes' cookie: read each node's status over Erlang distribution (status() only). Without it the nodes are shown as not answering.",
        };
        var dryRun = new Option<bool>("--dry-run") { Description = "Read the cluster and show the decisions; change nothing. Required: the coordinator carries plans out." };
        var command = new Command("plan", "Show the steps the coordinator would take now for an ErlmcpCluster: one line per decision, the action and the reason.");
        target.AddTo(command);
        command.Options.Add(replicas);
        command.Options.Add(cookieFile);
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
                await using var pool = parse.GetValue(cookieFile) is { } cookie ? NodePool(cookie) : null;
                var nodes = new DryRunNodes(pool is null ? null : new ErlangNodeAdmin(pool, NodeCallTimeout));
                var observer = new ClusterObserver(nodes, TimeProvider.System, NodeCallTimeout);
                var observed = await observer.ObserveAsync(namespaceName, statefulSet, cluster.NodeNames, cancellationToken);
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

    private static ErlangConnectionPool NodePool(FileInfo cookie)
    {
        var erlang = new CoordinatorErlangOptions { CookieFile = cookie.FullName };
        if (erlang.Validate() is { Count: > 0 } failures)
        {
            throw new InputException($"--cookie-file: {string.Join("; ", failures)}");
        }

        try
        {
            return new ErlangConnectionPool(erlang.NodeOptions(NodeCallTimeout));
        }
        catch (MetricsApiConfigurationException e)
        {
            throw new InputException($"--cookie-file: {e.Message}");
        }
    }

    /// <summary>
    /// The nodes as a dry run sees them: their status is read when there is Erlang access (<paramref name="reader"/>),
    /// otherwise none answers; any other call is refused here, so that a dry run can never change a node.
    /// </summary>
    private sealed class DryRunNodes(INodeAdmin? reader) : INodeAdmin
    {
        public Task<NodeReport> StatusAsync(string node, CancellationToken cancellationToken) =>
            reader?.StatusAsync(node, cancellationToken)
            ?? Task.FromException<NodeReport>(new NodeAdminException($"{node}: not asked (no --cookie-file, so no Erlang access)"));

        public Task JoinClusterAsync(string node, IReadOnlyList<string> seedNodes, CancellationToken cancellationToken) => Refuse(node);

        public Task BeginDrainAsync(string node, TimeSpan healthCheckWait, CancellationToken cancellationToken) => Refuse(node);

        public Task EndDrainAsync(string node, CancellationToken cancellationToken) => Refuse(node);

        public Task<long> ShedAsync(string node, long count, int ratePerSecond, string reason, CancellationToken cancellationToken) =>
            Task.FromException<long>(Refusal(node));

        public Task CancelShedAsync(string node, long job, CancellationToken cancellationToken) => Refuse(node);

        public Task LeaveClusterAsync(string node, TimeSpan timeout, CancellationToken cancellationToken) => Refuse(node);

        private static Task Refuse(string node) => Task.FromException(Refusal(node));

        private static NodeAdminException Refusal(string node) => new($"{node}: a dry run changes nothing");
    }
}
