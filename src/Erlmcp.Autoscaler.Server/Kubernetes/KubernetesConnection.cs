using k8s;

namespace Erlmcp.Autoscaler.Server.Kubernetes;

/// <summary>
/// How the server reaches the Kubernetes API: the pod's service account when it runs in a cluster, otherwise a
/// kubeconfig file (the <c>Kubernetes:Kubeconfig</c> setting, else <c>$KUBECONFIG</c>, else <c>~/.kube/config</c>).
/// </summary>
public static class KubernetesConnection
{
    public const string KubeconfigKey = "Kubernetes:Kubeconfig";

    /// <summary>Builds the client configuration; a missing or unreadable kubeconfig is an error naming the file.</summary>
    /// <exception cref="MetricsApiConfigurationException">No cluster configuration could be read.</exception>
    public static KubernetesClientConfiguration Configuration(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var kubeconfig = configuration[KubeconfigKey];
        if (string.IsNullOrEmpty(kubeconfig) && KubernetesClientConfiguration.IsInCluster())
        {
            return KubernetesClientConfiguration.InClusterConfig();
        }

        var path = string.IsNullOrEmpty(kubeconfig) ? KubernetesClientConfiguration.KubeConfigDefaultLocation : kubeconfig;
        try
        {
            return KubernetesClientConfiguration.BuildConfigFromConfigFile(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or k8s.Exceptions.KubeConfigException or YamlDotNet.Core.YamlException)
        {
            throw new MetricsApiConfigurationException($"{KubeconfigKey}: cannot read a cluster configuration from {path}: {e.Message}", e);
        }
    }

    /// <summary>Registers one <see cref="IKubernetes"/> client for the whole server, built when first needed.</summary>
    public static IServiceCollection AddKubernetesClient(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddSingleton<IKubernetes>(_ => new k8s.Kubernetes(Configuration(configuration)));
        return services;
    }
}
