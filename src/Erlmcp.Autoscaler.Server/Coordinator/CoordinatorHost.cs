using Erlmcp.Autoscaler.Core.Connections;
using Erlmcp.Autoscaler.Erlang.Connection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Erlmcp.Autoscaler.Server.Coordinator;

/// <summary>
/// Wires the coordinator into <c>erlmcp-autoscaler serve</c>: <see cref="AddCoordinator"/> reads and checks the
/// <c>Coordinator</c> section and, when enabled, runs a <see cref="ClusterCoordinator"/> on the leader.
/// </summary>
/// <remarks>
/// The Kubernetes side registers <see cref="IClusterResources"/> and the Lease's <see cref="ILeaderElection"/>.
/// This registers <see cref="ErlangNodeAdmin"/> as <see cref="INodeAdmin"/> (unless one is registered already) over
/// its own connection pool, and <see cref="SingleReplicaLeadership"/> when <c>Coordinator:LeaderElection</c> is false.
/// </remarks>
public static class CoordinatorHost
{
    /// <summary>The key of the coordinator's Erlang connection pool among the services (the sources may have their own).</summary>
    public const string ErlangPoolKey = "Coordinator";

    /// <exception cref="MetricsApiConfigurationException">A setting is missing or invalid; the message names each.</exception>
    public static WebApplicationBuilder AddCoordinator(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = ReadOptions(builder.Configuration);
        if (!options.Enabled)
        {
            return builder;
        }

        var settings = options.CoordinatorSettings();
        var nodeOptions = options.Erlang.NodeOptions(settings.Timeouts.NodeCall);
        var services = builder.Services;
        services.AddSingleton(Microsoft.Extensions.Options.Options.Create(options));
        services.TryAddSingleton(TimeProvider.System);
        services.AddKeyedSingleton(ErlangPoolKey, (_, _) => new ErlangConnectionPool(nodeOptions));
        services.TryAddSingleton<INodeAdmin>(provider => new ErlangNodeAdmin(provider.GetRequiredKeyedService<ErlangConnectionPool>(ErlangPoolKey), settings.Timeouts.NodeCall));
        if (!options.LeaderElection)
        {
            services.AddSingleton<ILeaderElection, SingleReplicaLeadership>();
        }

        services.AddHostedService<CoordinatorService>();
        return builder;
    }

    /// <summary>Binds the <c>Coordinator</c> section and checks it.</summary>
    /// <exception cref="MetricsApiConfigurationException">A value does not convert, or a check fails.</exception>
    public static CoordinatorOptions ReadOptions(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = new CoordinatorOptions();
        try
        {
            configuration.GetSection(CoordinatorOptions.SectionName).Bind(options);
        }
        catch (InvalidOperationException e)
        {
            // The binder's message names the key: "Failed to convert configuration value at 'Coordinator:TickSeconds' ...".
            throw new MetricsApiConfigurationException(e.InnerException is null ? e.Message : $"{e.Message} {e.InnerException.Message}", e);
        }

        var failures = options.Validate();
        return failures.Count > 0 ? throw new MetricsApiConfigurationException(string.Join(Environment.NewLine, failures)) : options;
    }
}

/// <summary>Runs the cluster's coordinator while this replica leads; a new leader's coordinator resumes from status.</summary>
internal sealed class CoordinatorService(IServiceProvider services, IOptions<CoordinatorOptions> options, ILoggerFactory loggers) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var leadership = services.GetService<ILeaderElection>() ?? throw new InvalidOperationException(
            $"{CoordinatorOptions.Key(nameof(CoordinatorOptions.LeaderElection))} is true but no Lease leader election is registered; register the Kubernetes side, or set it to false for a single replica");
        var resources = services.GetService<IClusterResources>() ?? throw new InvalidOperationException(
            $"{CoordinatorOptions.Key(nameof(CoordinatorOptions.Enabled))} is true but no Kubernetes access (IClusterResources) is registered; register the Kubernetes side");
        var nodes = services.GetRequiredService<INodeAdmin>();
        var time = services.GetRequiredService<TimeProvider>();
        var connections = services.GetService<ConnectionStore>();
        var logger = loggers.CreateLogger<ClusterCoordinator>();
        return leadership.RunAsync(
            async leading =>
            {
                logger.Leading(settings.Namespace!, settings.ClusterName!);
                var coordinator = new ClusterCoordinator(settings.Namespace!, settings.ClusterName!, resources, nodes, time, settings.CoordinatorSettings(), connections, loggers);
                await coordinator.RunAsync(leading).ConfigureAwait(false);
                logger.NotLeading(settings.Namespace!, settings.ClusterName!);
            },
            stoppingToken);
    }
}
