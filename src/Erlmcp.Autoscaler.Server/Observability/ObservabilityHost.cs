using System.Net;
using Erlmcp.Autoscaler.Core.Connections;
using Erlmcp.Autoscaler.Server.Hosting;
using Erlmcp.Autoscaler.Server.Options;
using Microsoft.Extensions.Logging.Console;
using OpenTelemetry.Trace;
using Prometheus;

namespace Erlmcp.Autoscaler.Server.Observability;

/// <summary>
/// Wires the server's own telemetry: <see cref="AddServerObservability"/> reads the <c>Observability</c> settings,
/// adds the plain-HTTP Prometheus endpoint, the console log format and, when an OTLP endpoint is configured, tracing;
/// <see cref="UseServerObservability"/> serves <c>/metrics</c> on its port and measures the API's requests.
/// </summary>
public static class ObservabilityHost
{
    /// <summary>The standard OpenTelemetry variable, honoured when <c>Observability:OtlpEndpoint</c> is not set.</summary>
    public const string OtlpEndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <exception cref="MetricsApiConfigurationException">An <c>Observability</c> setting is invalid; the message names it.</exception>
    public static WebApplicationBuilder AddServerObservability(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = ReadOptions(builder.Configuration);
        var services = builder.Services;
        services.Configure<ConsoleLoggerOptions>(console =>
            console.FormatterName = options.LogFormat == LogFormat.Json ? ConsoleFormatterNames.Json : ConsoleFormatterNames.Simple);

        var registry = Prometheus.Metrics.NewCustomRegistry();
        services.AddSingleton(new ServerMetricsRegistry(registry));
        services.AddSingleton(provider => new StoreMetrics(registry, provider.GetRequiredService<ConnectionStore>(), provider.GetRequiredService<TimeProvider>()));
        if (options.MetricsPort != 0)
        {
            var listener = new MetricsListener();
            services.AddSingleton(listener);
            builder.WebHost.ConfigureKestrel(kestrel =>
            {
                var bind = IPAddress.Parse(kestrel.ApplicationServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<MetricsApiOptions>>().Value.BindAddress);
                kestrel.Listen(bind, options.MetricsPort, listen => listener.Listener.Configured(listen));
            });
        }

        if (OtlpEndpoint(options) is { } endpoint)
        {
            services.AddOpenTelemetry().WithTracing(tracing => tracing.AddServerTracing().AddOtlpExporter(otlp => otlp.Endpoint = endpoint));
        }

        return builder;
    }

    /// <summary>
    /// Serves <c>/metrics</c> on its own port (and nothing else there), and counts and times the API's requests by
    /// route template and status code. Call before the API's middleware.
    /// </summary>
    public static WebApplication UseServerObservability(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var registry = app.Services.GetRequiredService<ServerMetricsRegistry>();
        app.Services.GetRequiredService<StoreMetrics>();
        registry.ExportServerTelemetry(app.Lifetime.ApplicationStopped);
        if (app.Services.GetService<MetricsListener>() is { } listener)
        {
            app.MapWhen(listener.Listener.Received, scrape =>
            {
                scrape.Map("/metrics", metrics => metrics.UseMiddleware<MetricServerMiddleware>(new MetricServerMiddleware.Settings { Registry = registry.Registry }));
                scrape.Run(context =>
                {
                    context.Response.StatusCode = StatusCodes.Status404NotFound;
                    return Task.CompletedTask;
                });
            });
        }

        app.UseHttpMetrics(http => http.SetMetricFactory(Prometheus.Metrics.WithCustomRegistry(registry.Registry)));
        return app;
    }

    /// <summary>The server's spans: its own <see cref="ServerTelemetry.ActivitySource"/> and ASP.NET Core's requests (named by route).</summary>
    public static TracerProviderBuilder AddServerTracing(this TracerProviderBuilder tracing)
    {
        ArgumentNullException.ThrowIfNull(tracing);
        return tracing.AddSource(ServerTelemetry.Name).AddAspNetCoreInstrumentation();
    }

    /// <summary>Binds the <c>Observability</c> section and checks it.</summary>
    /// <exception cref="MetricsApiConfigurationException">A value does not convert, or is out of range.</exception>
    public static ObservabilityOptions ReadOptions(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var formatKey = Key(nameof(ObservabilityOptions.LogFormat));
        if (configuration[formatKey] is { Length: > 0 } format && !Enum.TryParse<LogFormat>(format, ignoreCase: true, out _))
        {
            throw new MetricsApiConfigurationException($"{formatKey}: \"{format}\" is not one of {string.Join(", ", Enum.GetNames<LogFormat>())}");
        }

        var options = new ObservabilityOptions();
        try
        {
            configuration.GetSection(ObservabilityOptions.SectionName).Bind(options);
        }
        catch (InvalidOperationException e)
        {
            throw new MetricsApiConfigurationException(e.InnerException is null ? e.Message : $"{e.Message} {e.InnerException.Message}", e);
        }

        if (options.MetricsPort is < 0 or > IPEndPoint.MaxPort)
        {
            throw new MetricsApiConfigurationException($"{Key(nameof(ObservabilityOptions.MetricsPort))}: {options.MetricsPort} is not a TCP port (1-65535, or 0 for no /metrics endpoint)");
        }

        if (!string.IsNullOrEmpty(options.OtlpEndpoint) && !IsHttpUri(options.OtlpEndpoint))
        {
            throw new MetricsApiConfigurationException($"{Key(nameof(ObservabilityOptions.OtlpEndpoint))}: \"{options.OtlpEndpoint}\" is not an absolute http or https URI");
        }

        return options;
    }

    /// <summary>The OTLP endpoint from the setting, else from <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>; null when neither is set.</summary>
    internal static Uri? OtlpEndpoint(ObservabilityOptions options)
    {
        if (!string.IsNullOrEmpty(options.OtlpEndpoint))
        {
            return new Uri(options.OtlpEndpoint);
        }

        var variable = Environment.GetEnvironmentVariable(OtlpEndpointVariable);
        if (string.IsNullOrEmpty(variable))
        {
            return null;
        }

        return IsHttpUri(variable)
            ? new Uri(variable)
            : throw new MetricsApiConfigurationException($"{OtlpEndpointVariable}: \"{variable}\" is not an absolute http or https URI");
    }

    private static bool IsHttpUri(string text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);

    private static string Key(string property) => $"{ObservabilityOptions.SectionName}:{property}";
}
