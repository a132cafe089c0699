using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Erlmcp.Autoscaler.Deploy.Tests.Infrastructure;
using Erlmcp.Autoscaler.Server.Connections;
using k8s;
using k8s.Models;

namespace Erlmcp.Autoscaler.Deploy.Tests;

/// <summary>
/// The erlmcp side (deploy/erlmcp and its StatefulSet component) agrees with the CRD, the server, the agent and the
/// simulator: the HPA scales the ErlmcpCluster on the server's metric, the cluster's names reach the pods, and the
/// pods' shutdown fits the drain.
/// </summary>
public sealed partial class ErlmcpSideTests
{
    private static readonly IReadOnlyList<ManifestDocument> Erlmcp = Builds.Of("erlmcp");

    private static V2HorizontalPodAutoscaler Hpa => Erlmcp.One<V2HorizontalPodAutoscaler>("HorizontalPodAutoscaler", "erlmcp");

    private static JsonObject ClusterSpec => Erlmcp.Document("ErlmcpCluster", "erlmcp").Json["spec"]!.AsObject();

    private static V1StatefulSet StatefulSet => Builds.PatchedStatefulSet.One<V1StatefulSet>("StatefulSet", "erlmcp");

    private static V1Container Erlang => StatefulSet.Spec.Template.Spec.Containers.Single(c => c.Name == "erlmcp");

    private static V1Container AutoscalerServer => Builds.Of("base").One<V1Deployment>("Deployment", "erlmcp-autoscaler").Spec.Template.Spec.Containers.Single();

    [Fact]
    public void The_HPA_scales_the_ErlmcpCluster_through_its_scale_subresource()
    {
        var crd = TypedManifests.Parse<V1CustomResourceDefinition>(ManifestDocument.ReadFile(CustomResourceSchemas.CrdPath).Single());
        var version = crd.Spec.Versions.Single(v => v.Storage);
        var target = Hpa.Spec.ScaleTargetRef;

        Assert.Equal(($"{crd.Spec.Group}/{version.Name}", crd.Spec.Names.Kind), (target.ApiVersion, target.Kind));
        Assert.Equal(Hpa.Metadata.NamespaceProperty, Erlmcp.Document("ErlmcpCluster", target.Name).Namespace);
        Assert.Equal((".spec.replicas", ".status.replicas", ".status.selector"), (version.Subresources.Scale.SpecReplicasPath, version.Subresources.Scale.StatusReplicasPath, version.Subresources.Scale.LabelSelectorPath));
    }

    [Fact]
    public void The_HPA_reads_the_metric_the_server_serves_at_the_cluster_connection_target()
    {
        var pods = Assert.Single(Hpa.Spec.Metrics, m => m.Type == "Pods").Pods;

        Assert.Equal(ConnectionMetricNames.Connections, pods.Metric.Name);
        Assert.Equal("AverageValue", pods.Target.Type);
        Assert.Equal((decimal)ClusterSpec["connectionTarget"]!, pods.Target.AverageValue.ToDecimal());
        Assert.Equal(((int?)Hpa.Spec.MinReplicas, Hpa.Spec.MaxReplicas), ((int?)ClusterSpec["minReplicas"], (int)ClusterSpec["maxReplicas"]!));
    }

    [Fact]
    public void The_HPA_is_the_one_the_simulator_replays_by_default()
    {
        // examples/hpa/erlmcp-hpa.yaml is embedded in the simulator as the deployment guide's HPA.
        var simulated = TypedManifests.Parse<V2HorizontalPodAutoscaler>(ManifestDocument.ReadFile(Repository.PathOf("examples", "hpa", "erlmcp-hpa.yaml")).Single());

        Assert.Equal(KubernetesJson.Serialize(simulated.Spec), KubernetesJson.Serialize(Hpa.Spec));
    }

    [Fact]
    public void The_cluster_names_its_pods_as_the_server_discovers_them()
    {
        var template = (string)ClusterSpec["nodeNameTemplate"]!;
        var headless = Erlmcp.One<V1Service>("Service", "erlmcp-headless");

        Assert.Equal(AutoscalerServer.Env("ERLMCP_AUTOSCALER_Sources__Discovery__NodeNameTemplate"), template);
        Assert.Contains($"{{pod}}.{headless.Metadata.Name}.{{namespace}}.", template, StringComparison.Ordinal);
        Assert.Equal(AutoscalerServer.Env("ERLMCP_AUTOSCALER_Sources__Discovery__Namespace"), headless.Metadata.NamespaceProperty);
        var selector = AutoscalerServer.Env("ERLMCP_AUTOSCALER_Sources__Discovery__LabelSelector")!.Split('=');
        Assert.Equal(new Dictionary<string, string> { [selector[0]] = selector[1] }, headless.Spec.Selector);
        Assert.True(Objects.Selects(headless.Spec.Selector, StatefulSet.Spec.Template.Metadata.Labels));
    }

    [Fact]
    public void The_headless_service_keeps_draining_pods_in_the_erlang_cluster()
    {
        var headless = Erlmcp.One<V1Service>("Service", "erlmcp-headless");

        Assert.Equal(("None", true), (headless.Spec.ClusterIP, headless.Spec.PublishNotReadyAddresses));
        Assert.Equal(headless.Metadata.Name, StatefulSet.Spec.ServiceName);
        Assert.Equal((string)ClusterSpec["statefulSetName"]!, StatefulSet.Metadata.Name);
        foreach (var port in headless.Spec.Ports)
        {
            Assert.Equal(port.Port, Erlang.TargetOf(port.TargetPort)?.ContainerPort);
        }

        Assert.Equal([("dist", 9100), ("epmd", 4369)], headless.Spec.Ports.Select(p => (p.Name, p.Port)).Order());
    }

    [Fact]
    public void The_patch_adds_the_agent_probes_to_the_operator_container_and_keeps_its_fields()
    {
        Assert.Equal("erlmcp:1.0.0", Erlang.Image);
        Assert.Equal([("dist", 9100), ("epmd", 4369), ("http", 8080), ("metrics", 9090), ("readiness", ServerFacts.AgentReadinessPort)], Erlang.Ports.Select(p => (p.Name, p.ContainerPort)).Order());
        Assert.Equal(("/ready", ServerFacts.AgentReadinessPort), (Erlang.ReadinessProbe.HttpGet.Path, Erlang.TargetOf(Erlang.ReadinessProbe.HttpGet.Port)!.ContainerPort));
        Assert.Null(Erlang.ReadinessProbe.TcpSocket);
        Assert.Equal(("/healthz", ServerFacts.AgentReadinessPort), (Erlang.LivenessProbe.HttpGet.Path, Erlang.TargetOf(Erlang.LivenessProbe.HttpGet.Port)!.ContainerPort));
    }

    [Fact]
    public void The_prestop_hook_waits_for_the_drain_and_the_grace_period_covers_it()
    {
        var command = Erlang.Lifecycle.PreStop.Exec.Command;
        var script = command[^1];
        var drain = ClusterSpec["drain"]!;
        var deadline = int.Parse(PrestopDeadline().Match(script).Groups[1].Value, CultureInfo.InvariantCulture);

        Assert.Equal(["sh", "-c"], command.Take(2));
        Assert.EndsWith("/priv/prestop.sh", script, StringComparison.Ordinal);
        Assert.True(File.Exists(Repository.PathOf("src", "erlang", "erlmcp_scale_admin", "priv", "prestop.sh")));
        Assert.Contains($"READINESS_PORT={ServerFacts.AgentReadinessPort}", script, StringComparison.Ordinal);
        Assert.True(deadline >= (int)drain["healthCheckWaitSeconds"]! + (int)drain["deadlineSeconds"]!, $"DRAIN_DEADLINE_S={deadline} is shorter than the drain's health-check wait plus its deadline");
        Assert.True(StatefulSet.Spec.Template.Spec.TerminationGracePeriodSeconds >= deadline + 30, $"terminationGracePeriodSeconds {StatefulSet.Spec.Template.Spec.TerminationGracePeriodSeconds} leaves erlmcp under 30 s after a {deadline} s preStop");
    }

    [Fact]
    public void The_keda_overlay_replaces_the_HPA_with_a_ScaledObject_on_the_scaler_service()
    {
        var keda = Builds.Of("overlays/keda");
        var scaled = keda.Document("ScaledObject", "erlmcp").Json["spec"]!;
        var trigger = scaled["triggers"]![0]!;
        var address = ((string)trigger["metadata"]!["scalerAddress"]!).Split(':');
        var host = address[0].Split('.');
        var service = keda.One<V1Service>("Service", host[0]);

        Assert.DoesNotContain(keda, d => d.Kind == "HorizontalPodAutoscaler");
        Assert.Equal(("external", "AverageValue", ConnectionMetricNames.Total), ((string?)trigger["type"], (string?)trigger["metricType"], (string?)trigger["metadata"]!["metricName"]));
        Assert.Equal((Hpa.Metadata.NamespaceProperty, (string)ClusterSpec["statefulSetName"]!), ((string?)trigger["metadata"]!["namespace"], (string?)trigger["metadata"]!["statefulSet"]));
        Assert.Equal(AutoscalerServer.Env("ERLMCP_AUTOSCALER_Sources__Discovery__LabelSelector"), (string?)trigger["metadata"]!["labelSelector"]);
        Assert.Equal((service.Metadata.NamespaceProperty, "svc"), (host[1], host[2]));
        Assert.Equal(ServerFacts.KedaPort, Assert.Single(service.Spec.Ports).Port);
        Assert.Equal(ServerFacts.KedaPort, int.Parse(address[1], CultureInfo.InvariantCulture));
        Assert.Equal((Hpa.Spec.ScaleTargetRef.Kind, Hpa.Spec.ScaleTargetRef.Name), ((string?)scaled["scaleTargetRef"]!["kind"], (string?)scaled["scaleTargetRef"]!["name"]));
        Assert.Equal(((int?)Hpa.Spec.MinReplicas, Hpa.Spec.MaxReplicas), ((int?)scaled["minReplicaCount"], (int)scaled["maxReplicaCount"]!));
        Assert.Equal(KubernetesJson.Serialize(Hpa.Spec.Behavior), KubernetesJson.Serialize(KubernetesJson.Deserialize<V2HorizontalPodAutoscalerBehavior>(scaled["advanced"]!["horizontalPodAutoscalerConfig"]!["behavior"]!.ToJsonString())));
        Assert.Equal(decimal.Parse((string)trigger["metadata"]!["targetConnectionsPerPod"]!, CultureInfo.InvariantCulture), Hpa.Spec.Metrics.Single(m => m.Type == "Pods").Pods.Target.AverageValue.ToDecimal());
        var authentication = keda.Document("TriggerAuthentication", (string)trigger["authenticationRef"]!["name"]!);
        Assert.Equal("erlmcp", authentication.Namespace);
        Assert.Equal("caCert", (string?)authentication.Json["spec"]!["secretTargetRef"]![0]!["parameter"]);
    }

    [GeneratedRegex(@"DRAIN_DEADLINE_S=(\d+)")]
    private static partial Regex PrestopDeadline();
}
