using Erlmcp.Autoscaler.Core.Connections;
using Erlmcp.Autoscaler.Server.Kubernetes;
using Erlmcp.Autoscaler.Server.Sources.Discovery;
using Erlmcp.Autoscaler.Server.Sources.Prometheus;
using k8s;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Erlmcp.Autoscaler.Server.Sources;

/// <summary>
/// Registers the connection sources whose configuration section exists (<c>Sources:Discovery</c>,
/// <c>Sources:Prometheus</c>). Call after <see cref="MetricsApiHost.AddMetricsApi"/>, which registers the store.
/// </summary>
public static class SourcesHost
{
    /// <summary>Pod discovery: the Kubernetes list+watch behind <see cref="IPodDirectory"/>.</summary>
    /// <exception cref="MetricsApiConfigurationException">A <c>Sources:Discovery</c> setting is invalid; the message names it.</exception>
    public static WebApplicationBuilder AddPodDiscovery(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (!builder.Configuration.GetSection(PodDiscoveryOptions.SectionName).Exists())
        {
            return builder;
        }

        var settings = PodDiscoveryOptions.Read(builder.Configuration);
        var services = builder.Services;
        services.TryAddSingleton(TimeProvider.System);
        if (!services.Any(service => service.ServiceType == typeof(IKubernetes)))
        {
            services.AddKubernetesClient(builder.Configuration);
        }

        services.AddSingleton(settings);
        services.AddSingleton(provider => new KubernetesPodDirectory(provider.GetRequiredService<ConnectionStore>(), settings.NodeNames));
        services.AddSingleton<IPodDirectory>(provider => provider.GetRequiredService<KubernetesPodDirectory>());
        services.AddHostedService<PodDiscoveryService>();
        return builder;
    }

    /// <summary>The Prometheus text source: scrapes the pods of the <see cref="IPodDirectory"/>.</summary>
    /// <exception cref="MetricsApiConfigurationException">A <c>Sources:Prometheus</c> setting is invalid, or no pods are discovered.</exception>
    public static WebApplicationBuilder AddPrometheusSource(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (!builder.Configuration.GetSection(PrometheusSourceOptions.SectionName).Exists())
        {
            return builder;
        }

        var settings = PrometheusSourceOptions.Read(builder.Configuration);
        var services = builder.Services;
        if (!services.Any(service => service.ServiceType == typeof(IPodDirectory)))
        {
            throw new MetricsApiConfigurationException(
                $"{PrometheusSourceOptions.SectionName} needs {PodDiscoveryOptions.SectionName}: the Prometheus source scrapes the pods that discovery finds");
        }

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(settings);
        services.AddSingleton(provider => new PrometheusScraper(settings, provider.GetRequiredService<TimeProvider>()));
        services.AddHostedService<PrometheusSource>();
        return builder;
    }
}
