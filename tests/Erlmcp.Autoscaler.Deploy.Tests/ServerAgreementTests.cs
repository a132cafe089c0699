using System.Text.RegularExpressions;
using Erlmcp.Autoscaler.Deploy.Tests.Infrastructure;
using Erlmcp.Autoscaler.Server.Coordinator;
using Erlmcp.Autoscaler.Server.Keda;
using Erlmcp.Autoscaler.Server.Kubernetes;
using Erlmcp.Autoscaler.Server.Observability;
using Erlmcp.Autoscaler.Server.Options;
using Erlmcp.Autoscaler.Server.Security;
using Erlmcp.Autoscaler.Server.Sources.Discovery;
using Erlmcp.Autoscaler.Server.Sources.Erlang;
using Erlmcp.Autoscaler.Server.Sources.Prometheus;
using k8s.Models;

namespace Erlmcp.Autoscaler.Deploy.Tests;

/// <summary>The autoscaler's objects agree with each other and with the server's defaults: ports, labels, names, settings.</summary>
public sealed partial class ServerAgreementTests
{
    /// <summary>The options types the server binds, by configuration section (two types may share one).</summary>
    private static readonly (string Section, Type Options)[] OptionTypes =
    [
        (MetricsApiOptions.SectionName, typeof(MetricsApiOptions)),
        (DelegatedAuthOptions.SectionName, typeof(DelegatedAuthOptions)),
        (PodDiscoveryOptions.SectionName, typeof(PodDiscoveryOptions)),
        (PrometheusSourceOptions.SectionName, typeof(PrometheusSourceOptions)),
        (ErlangSourceOptions.SectionName, typeof(ErlangSourceOptions)),
        (CoordinatorOptions.SectionName, typeof(CoordinatorOptions)),
        (CoordinatorLeaseOptions.SectionName, typeof(CoordinatorLeaseOptions)),
        (KedaOptions.SectionName, typeof(KedaOptions)),
        (ObservabilityOptions.SectionName, typeof(ObservabilityOptions)),
    ];

    private static readonly IReadOnlyList<ManifestDocument> Base = Builds.Of("base");

    private static V1Deployment Deployment => Base.One<V1Deployment>("Deployment", "erlmcp-autoscaler");

    private static V1Container Server => Deployment.Spec.Template.Spec.Containers.Single();

    [Fact]
    public void Container_ports_are_the_server_defaults()
    {
        var ports = Server.Ports.ToDictionary(p => p.Name, p => p.ContainerPort);

        Assert.Equal(new Dictionary<string, int> { ["https"] = ServerFacts.SecurePort, ["keda"] = ServerFacts.KedaPort, ["metrics"] = ServerFacts.MetricsPort }, ports);
    }

    [Fact]
    public void Every_service_selects_the_server_pods_and_reaches_the_container_port_it_is_for()
    {
        var expected = new Dictionary<string, (int Port, int ContainerPort)>
        {
            ["erlmcp-autoscaler-api"] = (443, ServerFacts.SecurePort),
            ["erlmcp-autoscaler-keda"] = (ServerFacts.KedaPort, ServerFacts.KedaPort),
            ["erlmcp-autoscaler-metrics"] = (ServerFacts.MetricsPort, ServerFacts.MetricsPort),
        };
        var services = Base.All<V1Service>("Service");

        Assert.Equal(expected.Keys.Order(), services.Select(s => s.Metadata.Name).Order());
        foreach (var service in services)
        {
            Assert.True(Objects.Selects(service.Spec.Selector, Deployment.Spec.Template.Metadata.Labels), $"Service {service.Metadata.Name} does not select the server's pods");
            Assert.Equal(Deployment.Metadata.NamespaceProperty, service.Metadata.NamespaceProperty);
            var port = Assert.Single(service.Spec.Ports);
            Assert.Equal((expected[service.Metadata.Name].Port, expected[service.Metadata.Name].ContainerPort), (port.Port, Server.TargetOf(port.TargetPort)?.ContainerPort ?? -1));
        }
    }

    [Fact]
    public void The_deployment_selector_matches_its_pod_template()
    {
        Assert.True(Objects.Selects(Deployment.Spec.Selector.MatchLabels, Deployment.Spec.Template.Metadata.Labels));
    }

    [Fact]
    public void Every_APIService_points_at_the_api_service_whose_port_reaches_the_secure_port()
    {
        var apiServices = Base.All<V1APIService>("APIService");

        Assert.Equal(
            ["v1beta1.custom.metrics.k8s.io", "v1beta1.external.metrics.k8s.io", "v1beta2.custom.metrics.k8s.io"],
            apiServices.Select(a => a.Metadata.Name).Order(StringComparer.Ordinal));
        foreach (var apiService in apiServices)
        {
            Assert.Equal($"{apiService.Spec.Version}.{apiService.Spec.Group}", apiService.Metadata.Name);
            var service = Base.One<V1Service>("Service", apiService.Spec.Service.Name);
            Assert.Equal(service.Metadata.NamespaceProperty, apiService.Spec.Service.NamespaceProperty);
            var port = Assert.Single(service.Spec.Ports, p => p.Port == apiService.Spec.Service.Port);
            Assert.Equal(ServerFacts.SecurePort, Server.TargetOf(port.TargetPort)?.ContainerPort);
            Assert.NotEqual(true, apiService.Spec.InsecureSkipTLSVerify);
        }
    }

    [Fact]
    public void Custom_metrics_v1beta2_is_preferred_over_v1beta1()
    {
        var v1beta2 = Base.One<V1APIService>("APIService", "v1beta2.custom.metrics.k8s.io");
        var v1beta1 = Base.One<V1APIService>("APIService", "v1beta1.custom.metrics.k8s.io");

        Assert.Equal(v1beta2.Spec.GroupPriorityMinimum, v1beta1.Spec.GroupPriorityMinimum);
        Assert.True(v1beta2.Spec.VersionPriority > v1beta1.Spec.VersionPriority, $"versionPriority v1beta2 {v1beta2.Spec.VersionPriority} <= v1beta1 {v1beta1.Spec.VersionPriority}");
    }

    [Fact]
    public void The_disruption_budget_keeps_one_server_and_lets_one_go()
    {
        var budget = Base.One<V1PodDisruptionBudget>("PodDisruptionBudget", "erlmcp-autoscaler");

        Assert.True(Objects.Selects(budget.Spec.Selector.MatchLabels, Deployment.Spec.Template.Metadata.Labels));
        Assert.Equal(("1", 2), (budget.Spec.MinAvailable.Value, Deployment.Spec.Replicas));
    }

    [Fact]
    public void The_network_policy_admits_each_port_from_its_caller_only()
    {
        var policy = Base.One<V1NetworkPolicy>("NetworkPolicy", "erlmcp-autoscaler");

        Assert.True(Objects.Selects(policy.Spec.PodSelector.MatchLabels, Deployment.Spec.Template.Metadata.Labels));
        Assert.Equal(["Ingress"], policy.Spec.PolicyTypes);
        var admitted = policy.Spec.Ingress.ToDictionary(
            rule => int.Parse(Assert.Single(rule.Ports).Port.Value, System.Globalization.CultureInfo.InvariantCulture),
            rule => rule.FromProperty is null ? "anywhere" : string.Join(",", rule.FromProperty.Select(f => f.NamespaceSelector.MatchLabels["kubernetes.io/metadata.name"])));
        Assert.Equal(
            new Dictionary<int, string> { [ServerFacts.SecurePort] = "anywhere", [ServerFacts.KedaPort] = "keda", [ServerFacts.MetricsPort] = "monitoring" },
            admitted);
    }

    [Fact]
    public void Every_setting_in_the_environment_names_a_server_option()
    {
        var options = OptionTypes.SelectMany(o => SettingKeys(o.Section.Replace(":", "__", StringComparison.Ordinal), o.Options)).ToHashSet(StringComparer.Ordinal);
        var settings = Server.Env.Where(e => e.Name.StartsWith(ServerFacts.EnvironmentPrefix, StringComparison.Ordinal)).Select(e => e.Name[ServerFacts.EnvironmentPrefix.Length..]).ToList();

        Assert.Contains("MetricsApi__TlsCertFile", settings);
        Assert.Contains("Coordinator__Enabled", settings);
        var unknown = settings.Where(s => !options.Contains(s)).ToList();
        Assert.True(unknown.Count == 0, $"settings that name no option: {string.Join(", ", unknown)}");
    }

    [Fact]
    public void The_pod_knows_its_name_and_namespace()
    {
        Assert.Equal("metadata.name", Server.Env.Single(e => e.Name == "POD_NAME").ValueFrom.FieldRef.FieldPath);
        Assert.Equal("metadata.namespace", Server.Env.Single(e => e.Name == "POD_NAMESPACE").ValueFrom.FieldRef.FieldPath);
    }

    [Fact]
    public void The_serving_certificate_files_are_where_the_settings_point()
    {
        var pod = Deployment.Spec.Template.Spec;
        foreach (var setting in new[] { "MetricsApi__TlsCertFile", "MetricsApi__TlsPrivateKeyFile" })
        {
            var path = Server.Env(ServerFacts.EnvironmentPrefix + setting)!;
            var mount = Assert.Single(Server.VolumeMounts, m => path.StartsWith(m.MountPath + "/", StringComparison.Ordinal));
            var volume = pod.Volumes.Single(v => v.Name == mount.Name);
            Assert.Equal("erlmcp-autoscaler-serving-cert", volume.Secret.SecretName);
            Assert.Contains(Path.GetFileName(path), new[] { "tls.crt", "tls.key" });
        }
    }

    [Fact]
    public void The_image_tag_is_the_project_version()
    {
        var version = VersionPattern().Match(Repository.Read("Directory.Build.props")).Groups[1].Value;

        Assert.Equal($"erlmcp-autoscaler:{version}", Server.Image);
    }

    [Fact]
    public void The_probes_call_the_server_health_paths_over_https()
    {
        Assert.Equal(("HTTPS", "https", "/livez"), (Server.LivenessProbe.HttpGet.Scheme, Server.LivenessProbe.HttpGet.Port.Value, Server.LivenessProbe.HttpGet.Path));
        Assert.Equal(("HTTPS", "https", "/readyz"), (Server.ReadinessProbe.HttpGet.Scheme, Server.ReadinessProbe.HttpGet.Port.Value, Server.ReadinessProbe.HttpGet.Path));
        Assert.Equal(("HTTPS", "/livez"), (Server.StartupProbe.HttpGet.Scheme, Server.StartupProbe.HttpGet.Path));
    }

    [GeneratedRegex("<Version>([^<]+)</Version>")]
    private static partial Regex VersionPattern();

    /// <summary>Every key under <paramref name="prefix"/> that binds a property of <paramref name="options"/>, nested option objects included.</summary>
    private static IEnumerable<string> SettingKeys(string prefix, Type options) =>
        options.GetProperties().SelectMany(property =>
            property.PropertyType.IsClass && property.PropertyType.Namespace?.StartsWith("Erlmcp.Autoscaler", StringComparison.Ordinal) == true
                ? SettingKeys($"{prefix}__{property.Name}", property.PropertyType)
                : [$"{prefix}__{property.Name}"]);
}
