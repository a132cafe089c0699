using System.Net;
using Erlmcp.Autoscaler.Core.Connections;
using Erlmcp.Autoscaler.Server.Api;
using Erlmcp.Autoscaler.Server.Api.CustomMetrics;
using Erlmcp.Autoscaler.Server.Api.Discovery;
using Erlmcp.Autoscaler.Server.Api.ExternalMetrics;
using Erlmcp.Autoscaler.Server.Api.Health;
using Erlmcp.Autoscaler.Server.Api.OpenApi;
using Erlmcp.Autoscaler.Server.Connections;
using Erlmcp.Autoscaler.Server.Connections.Demo;
using Erlmcp.Autoscaler.Server.Keda;
using Erlmcp.Autoscaler.Server.Metrics;
using Erlmcp.Autoscaler.Server.Observability;
using Erlmcp.Autoscaler.Server.Options;
using Erlmcp.Autoscaler.Server.Security;
using Erlmcp.Autoscaler.Server.Security.Authentication;
using Erlmcp.Autoscaler.Server.Security.Tls;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Erlmcp.Autoscaler.Server;

/// <summary>
/// Wires the metrics API into a web application: <see cref="AddMetricsApi"/> reads and checks the
/// <c>MetricsApi</c> settings and registers the store, the providers, authentication, authorization and the HTTPS
/// endpoint; <see cref="UseMetricsApi"/> installs the request pipeline and the routes.
/// </summary>
public static class MetricsApiHost
{
    /// <exception cref="MetricsApiConfigurationException">A setting is missing or invalid; the message names each.</exception>
    public static WebApplicationBuilder AddMetricsApi(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = ReadOptions(builder.Configuration);
        // ASP.NET Core logs two lines per request at Information: too much on a path the HPA polls and wrk measures.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        var services = builder.Services;
        services.AddSingleton(Microsoft.Extensions.Options.Options.Create(options));
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(new ConnectionStore(options.StalenessBound));
        services.AddSingleton(provider => new ConnectionMetricsProvider(
            provider.GetRequiredService<ConnectionStore>(), provider.GetRequiredService<TimeProvider>(), options.PerPodConnectionLimit));
        services.AddSingleton<ICustomMetricsProvider>(provider => provider.GetRequiredService<ConnectionMetricsProvider>());
        services.AddSingleton<IExternalMetricsProvider>(provider => provider.GetRequiredService<ConnectionMetricsProvider>());
        services.AddSingleton<DiscoveryDocuments>();
        services.AddSingleton<IServingCertificateSource>(provider => ServingCertificate(options, provider));
        builder.AddApiSecurity(options);

        builder.WebHost.UseKestrelHttpsConfiguration();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestLineSize = RequestTargetLimitMiddleware.KestrelRequestLineLimit;
            kestrel.Listen(IPAddress.Parse(options.BindAddress), options.SecurePort, listen =>
            {
                listen.Protocols = HttpProtocols.Http1AndHttp2;
                listen.UseHttps(TlsSetup.HandshakeOptions(kestrel.ApplicationServices.GetRequiredService<IServingCertificateSource>()));
            });
        });
        builder.AddServerObservability().AddKedaScaler();
        return builder;
    }

    /// <summary>Fills the store from the demo source (<see cref="DemoConnectionSource"/>), for running without a cluster.</summary>
    public static WebApplicationBuilder AddDemoConnectionSource(this WebApplicationBuilder builder, int pods = DemoConnectionSource.DefaultPods)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(pods);
        builder.Services.AddHostedService(provider => new DemoConnectionSource(
            provider.GetRequiredService<ConnectionStore>(), provider.GetRequiredService<TimeProvider>(), provider.GetRequiredService<ILogger<DemoConnectionSource>>(), pods));
        return builder;
    }

    public static WebApplication UseMetricsApi(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        WarnAboutDevelopmentSettings(app);
        app.UseServerObservability().UseKedaScaler();
        app.UseMiddleware<ApiErrorMiddleware>();
        app.UseMiddleware<RequestTargetLimitMiddleware>();
        app.UseMiddleware<ApiSecurityMiddleware>();
        app.MapHealth();
        app.MapOpenApi();
        app.MapDiscovery();
        app.MapCustomMetrics();
        app.MapExternalMetrics();
        app.MapNotFoundFallback();
        return app;
    }

    /// <summary>Binds the <c>MetricsApi</c> section and checks it.</summary>
    /// <exception cref="MetricsApiConfigurationException">A value does not convert, or a check fails.</exception>
    public static MetricsApiOptions ReadOptions(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        // The binder reports an unknown enum name without its key: check it first.
        var modeKey = MetricsApiOptionsValidator.Key(nameof(MetricsApiOptions.AuthorizationMode));
        if (configuration[modeKey] is { Length: > 0 } mode && !Enum.TryParse<AuthorizationMode>(mode, ignoreCase: true, out _))
        {
            throw new MetricsApiConfigurationException($"{modeKey}: \"{mode}\" is not one of {string.Join(", ", Enum.GetNames<AuthorizationMode>())}");
        }

        var options = new MetricsApiOptions();
        try
        {
            configuration.GetSection(MetricsApiOptions.SectionName).Bind(options);
        }
        catch (InvalidOperationException e)
        {
            // The binder's message names the key: "Failed to convert configuration value at 'MetricsApi:SecurePort' ...".
            throw new MetricsApiConfigurationException(e.InnerException is null ? e.Message : $"{e.Message} {e.InnerException.Message}", e);
        }

        var result = new MetricsApiOptionsValidator().Validate(null, options);
        return result.Failed ? throw new MetricsApiConfigurationException(string.Join(Environment.NewLine, result.Failures)) : options;
    }

    private static IServingCertificateSource ServingCertificate(MetricsApiOptions options, IServiceProvider provider)
    {
        if (!string.IsNullOrEmpty(options.TlsCertFile))
        {
            return Setting(nameof(MetricsApiOptions.TlsCertFile), () => new FileServingCertificate(
                options.TlsCertFile, options.TlsPrivateKeyFile!, provider.GetRequiredService<ILogger<FileServingCertificate>>()));
        }

        var generated = new GeneratedServingCertificate(options.SelfSignedHosts, TimeProvider.System.GetUtcNow());
        if (!string.IsNullOrEmpty(options.SelfSignedCaFile))
        {
            Setting(nameof(MetricsApiOptions.SelfSignedCaFile), () =>
            {
                generated.WriteAuthority(options.SelfSignedCaFile);
                return generated;
            });
        }

        return generated;
    }

    /// <summary>Runs a step that reads or writes the file a setting names; its failure becomes a configuration error naming the setting.</summary>
    private static T Setting<T>(string property, Func<T> step)
    {
        try
        {
            return step();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException or System.Security.Cryptography.CryptographicException)
        {
            throw new MetricsApiConfigurationException($"{MetricsApiOptionsValidator.Key(property)}: {e.Message}", e);
        }
    }

    private static void WarnAboutDevelopmentSettings(WebApplication app)
    {
        var options = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<MetricsApiOptions>>().Value;
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(MetricsApiHost).FullName!);
        if (options.AuthorizationMode == AuthorizationMode.AlwaysAllow)
        {
            logger.AuthorizationOff(MetricsApiOptionsValidator.Key(nameof(MetricsApiOptions.AuthorizationMode)));
        }

        if (!app.Services.GetServices<IRequestAuthenticator>().Any())
        {
            logger.AuthenticationOff(MetricsApiOptionsValidator.Key(nameof(MetricsApiOptions.ClientCaFile)));
        }

        if (string.IsNullOrEmpty(options.TlsCertFile))
        {
            logger.GeneratedCertificate(string.Join(", ", options.SelfSignedHosts), string.IsNullOrEmpty(options.SelfSignedCaFile) ? "no file" : options.SelfSignedCaFile);
        }
    }
}
