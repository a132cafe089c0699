using Erlmcp.Autoscaler.Server.Coordinator;
using k8s;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Erlmcp.Autoscaler.Server.Kubernetes;

/// <summary>Wires the coordinator's Kubernetes side into <c>erlmcp-autoscaler serve</c>.</summary>
public static class KubernetesCoordinatorHost
{
    /// <summary>Where a pod's service account token is mounted with the pod's namespace.</summary>
    public const string ServiceAccountNamespaceFile = "/var/run/secrets/kubernetes.io/serviceaccount/namespace";

    /// <summary>
    /// When <c>Coordinator:Enabled</c>, registers <see cref="IClusterResources"/> and (unless
    /// <c>Coordinator:LeaderElection</c> is false) the Lease's <see cref="ILeaderElection"/> over the server's one
    /// Kubernetes client, with <see cref="CoordinatorLeaseOptions"/> validated at startup. The coordinator's loop is
    /// registered by the executor (<see cref="CoordinatorHost.AddCoordinator"/>).
    /// </summary>
    public static WebApplicationBuilder AddKubernetesCoordinator(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var section = builder.Configuration.GetSection(CoordinatorLeaseOptions.SectionName);
        builder.Services.AddOptions<CoordinatorLeaseOptions>()
            .Bind(section)
            .PostConfigure(o => FillDefaults(o, Environment.GetEnvironmentVariable("POD_NAME"), ServerNamespace()))
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<CoordinatorLeaseOptions>, CoordinatorLeaseOptionsValidator>();
        if (!section.GetValue<bool>(nameof(CoordinatorLeaseOptions.Enabled)))
        {
            return builder;
        }

        if (!builder.Services.Any(d => d.ServiceType == typeof(IKubernetes)))
        {
            builder.Services.AddKubernetesClient(builder.Configuration);
        }

        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<IClusterResources>(sp => new KubernetesClusterResources(
            sp.GetRequiredService<IKubernetes>(), Options(sp).Identity!, sp.GetRequiredService<TimeProvider>()));
        if (!section.GetValue(nameof(CoordinatorLeaseOptions.LeaderElection), true))
        {
            return builder;
        }

        builder.Services.AddSingleton<ILeaderElection>(sp =>
        {
            var options = Options(sp);
            return new LeaseLeaderElection(
                sp.GetRequiredService<IKubernetes>(),
                new LeaseSettings(options.LeaseNamespace!, options.LeaseName, options.Identity!),
                sp.GetRequiredService<ILogger<LeaseLeaderElection>>());
        });
        return builder;
    }

    /// <summary>
    /// The pod's defaults: the Lease in the server's own namespace (else the ErlmcpCluster's), the identity from
    /// <c>$POD_NAME</c> else the host name.
    /// </summary>
    internal static void FillDefaults(CoordinatorLeaseOptions options, string? podName, string? serverNamespace)
    {
        options.LeaseNamespace ??= serverNamespace ?? options.Namespace;
        options.Identity ??= string.IsNullOrEmpty(podName) ? Environment.MachineName : podName;
    }

    private static CoordinatorLeaseOptions Options(IServiceProvider services) => services.GetRequiredService<IOptions<CoordinatorLeaseOptions>>().Value;

    private static string? ServerNamespace()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("POD_NAMESPACE");
        if (!string.IsNullOrEmpty(fromEnvironment))
        {
            return fromEnvironment;
        }

        return File.Exists(ServiceAccountNamespaceFile) ? File.ReadAllText(ServiceAccountNamespaceFile).Trim() : null;
    }
}
