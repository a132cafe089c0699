using System.CommandLine;
using System.Globalization;
using System.Net;
using Erlmcp.Autoscaler.Core.Scaling;
using Erlmcp.Autoscaler.Server;
using Erlmcp.Autoscaler.Server.Coordinator;
using Erlmcp.Autoscaler.Server.Kubernetes;
using Erlmcp.Autoscaler.Server.Kubernetes.ErlmcpClusters;
using Erlmcp.Autoscaler.Simulation.Manifests;
using k8s;
using k8s.Autorest;
using Microsoft.Extensions.Configuration;
using Spectre.Console;

namespace Erlmcp.Autoscaler.Cli;

/// <summary>
/// <c>status</c>: an ErlmcpCluster as the coordinator last wrote it: phase, desired and current replicas,
/// conditions, each pod's connections and node state, and the plan in progress.
/// </summary>
internal static class StatusCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var target = ClusterTarget.Create();
        var format = new Option<string>("--output", "-o") { Description = "Output format.", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json");
        var command = new Command("status", "Show an ErlmcpCluster's phase, replicas, conditions, pods and plan, as the coordinator last wrote them.");
        target.AddTo(command);
        command.Options.Add(format);
        command.SetAction((parse, cancellationToken) => target.RunAsync(parse, error, async (client, namespaceName, name) =>
        {
            var cluster = await ReadAsync(client, namespaceName, name, cancellationToken);
            if (parse.GetValue(format) == "json")
            {
                output.WriteLine(KubernetesJson.Serialize(new { @namespace = namespaceName, name, desired = cluster.Spec?.Replicas, status = cluster.Status }));
                return 0;
            }

            WriteTable(output, cluster, ErlmcpClusterStatusMapping.FromResource(cluster.Status));
            return 0;
        }));
        return command;
    }

    /// <summary>The ErlmcpCluster; a missing one is an error the user can fix.</summary>
    internal static async Task<ErlmcpCluster> ReadAsync(IKubernetes client, string namespaceName, string name, CancellationToken cancellationToken)
    {
        try
        {
            return await client.CustomObjects.GetNamespacedCustomObjectAsync<ErlmcpCluster>(
                ErlmcpCluster.Group, ErlmcpCluster.Version, namespaceName, ErlmcpCluster.Plural, name, cancellationToken);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            throw new InputException($"ErlmcpCluster {namespaceName}/{name} does not exist");
        }
    }

    private static void WriteTable(TextWriter output, ErlmcpCluster cluster, ErlmcpClusterStatus status)
    {
        var console = Console(output);
        var metadata = cluster.Metadata;
        output.WriteLine($"ErlmcpCluster {metadata.NamespaceProperty}/{metadata.Name}");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"phase {status.Phase?.ToString() ?? "unknown"}, desired {cluster.Spec?.Replicas?.ToString(CultureInfo.InvariantCulture) ?? "unset"}, replicas {status.Replicas}, selector {status.Selector ?? "unset"}, observed generation {status.ObservedGeneration} of {metadata.Generation ?? 0}"));

        var conditions = new Table { Title = new TableTitle("conditions") };
        foreach (var column in (string[])["type", "status", "reason", "message", "since"])
        {
            conditions.AddColumn(column);
        }

        foreach (var c in status.Conditions)
        {
            conditions.AddRow(Text(c.Type), Text(c.Status ? "True" : "False"), Text(c.Reason), Text(c.Message), Text(Time(c.LastTransitionTime)));
        }

        console.Write(conditions);

        var pods = new Table { Title = new TableTitle("pods") };
        pods.AddColumn("pod").AddColumn("ready").AddColumn(new TableColumn("connections").RightAligned()).AddColumn("node").AddColumn("stage");
        foreach (var p in status.Pods)
        {
            pods.AddRow(Text(p.Name), Text(p.Ready ? "yes" : "no"), Text(p.Connections?.ToString(CultureInfo.InvariantCulture) ?? "-"), Text(p.NodeState?.ToString() ?? "-"), Text(p.Stage?.ToString() ?? "-"));
        }

        console.Write(pods);

        if (status.Plan is not { } plan)
        {
            output.WriteLine("plan: none");
            return;
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"plan: {plan.Phase} to {plan.Target} from {plan.FromReplicas} since {Time(plan.PhaseSince)}"));
        var planPods = new Table { Title = new TableTitle("plan pods") };
        planPods.AddColumn("pod").AddColumn("stage").AddColumn("join deadline").AddColumn("drain deadline");
        var statefulSet = cluster.Spec?.StatefulSetName ?? "erlmcp";
        foreach (var p in plan.Pods)
        {
            planPods.AddRow(
                Text(StatefulSetPodNames.Name(statefulSet, p.Ordinal)),
                Text(p.Stage.ToString()),
                Text(p.Join?.Deadline is { } join ? Time(join) : "-"),
                Text(p.Drain?.Deadline is { } drain ? Time(drain) : "-"));
        }

        console.Write(planPods);
    }

    private static Text Text(string value) => new(value);

    private static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    internal static IAnsiConsole Console(TextWriter output)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        console.Profile.Width = 160; // messages are long; a narrower table would wrap them
        return console;
    }
}

/// <summary>The options that name an ErlmcpCluster and how to reach its API server, shared by <c>status</c> and <c>plan</c>.</summary>
internal sealed class ClusterTarget
{
    private readonly Option<string> namespaceOption = new("--namespace", "-n") { Description = "The ErlmcpCluster's namespace.", DefaultValueFactory = _ => "erlmcp" };
    private readonly Option<string> clusterOption = new("--cluster") { Description = "The ErlmcpCluster's name.", DefaultValueFactory = _ => "erlmcp" };
    private readonly Option<FileInfo?> kubeconfigOption = new("--kubeconfig")
    {
        Description = "The kubeconfig file (default: the pod's service account in a cluster, else $KUBECONFIG, else ~/.kube/config).",
    };

    public static ClusterTarget Create() => new();

    public void AddTo(Command command)
    {
        command.Options.Add(namespaceOption);
        command.Options.Add(clusterOption);
        command.Options.Add(kubeconfigOption);
    }

    private (string Namespace, string Name) Names(ParseResult parse) => (parse.GetValue(namespaceOption)!, parse.GetValue(clusterOption)!);

    /// <summary>
    /// Runs <paramref name="body"/> with a client for the API server; an API server that cannot be reached or
    /// refuses is reported on <paramref name="error"/> with exit code 1.
    /// </summary>
    public async Task<int> RunAsync(ParseResult parse, TextWriter error, Func<IKubernetes, string, string, Task<int>> body)
    {
        var (namespaceName, name) = Names(parse);
        using var client = Client(parse);
        try
        {
            return await body(client, namespaceName, name);
        }
        catch (HttpRequestException e)
        {
            error.WriteLine($"error: cannot reach the Kubernetes API server: {e.Message}");
            return 1;
        }
        catch (HttpOperationException e)
        {
            error.WriteLine($"error: the Kubernetes API server answered {(int)e.Response.StatusCode}: {e.Response.Content}");
            return 1;
        }
    }

    /// <exception cref="InputException">No cluster configuration could be read; the message names the file.</exception>
    private k8s.Kubernetes Client(ParseResult parse)
    {
        var settings = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { [KubernetesConnection.KubeconfigKey] = parse.GetValue(kubeconfigOption)?.FullName })
            .Build();
        try
        {
            return new k8s.Kubernetes(KubernetesConnection.Configuration(settings));
        }
        catch (MetricsApiConfigurationException e)
        {
            throw new InputException(e.Message.Replace(KubernetesConnection.KubeconfigKey, "--kubeconfig", StringComparison.Ordinal));
        }
    }
}
