using System.Net;
using Erlmcp.Autoscaler.Server.Hosting;
using Erlmcp.Autoscaler.Server.Options;
using Erlmcp.Autoscaler.Server.Security.Tls;
using Grpc.AspNetCore.Server;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Erlmcp.Autoscaler.Server.Keda;

/// <summary>
/// Wires the KEDA external scaler: <see cref="AddKedaScaler"/> reads the <c>Keda</c> settings and adds a TLS,
/// HTTP/2-only endpoint (same serving certificate and bind address as the metrics API); <see cref="UseKedaScaler"/>
/// serves the scaler's gRPC methods on that endpoint alone, ahead of the API's middleware.
/// </summary>
public static class KedaHost
{
    /// <exception cref="MetricsApiConfigurationException">A <c>Keda</c> setting is invalid; the message names it.</exception>
    public static WebApplicationBuilder AddKedaScaler(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = ReadOptions(builder.Configuration);
        if (!options.Enabled)
        {
            return builder;
        }

        var listener = new KedaListener();
        builder.Services.AddSingleton(listener);
        builder.Services.AddGrpc();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            var bind = IPAddress.Parse(kestrel.ApplicationServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<MetricsApiOptions>>().Value.BindAddress);
            kestrel.Listen(bind, options.Port, listen =>
            {
                // gRPC needs HTTP/2; KEDA's client speaks it over TLS (ALPN h2).
                listen.Protocols = HttpProtocols.Http2;
                listen.UseHttps(TlsSetup.HandshakeOptions(kestrel.ApplicationServices.GetRequiredService<IServingCertificateSource>()));
                listener.Listener.Configured(listen);
            });
        });
        return builder;
    }

    /// <summary>
    /// Serves the scaler on its endpoint, and nothing else there; its methods are not served on the API's endpoint.
    /// Call before the API's middleware.
    /// </summary>
    public static WebApplication UseKedaScaler(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (app.Services.GetService<KedaListener>() is not { } keda)
        {
            return app;
        }

        app.MapGrpcService<ConnectionScalerService>();
        app.MapWhen(keda.Listener.Received, scaler => scaler.Run(context =>
        {
            if (IsScalerMethod(context) && context.GetEndpoint()!.RequestDelegate is { } method)
            {
                return method(context);
            }

            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        }));
        app.Use((context, next) =>
        {
            if (IsScalerMethod(context))
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return Task.CompletedTask;
            }

            return next(context);
        });
        return app;
    }

    /// <summary>Binds the <c>Keda</c> section and checks it.</summary>
    /// <exception cref="MetricsApiConfigurationException">A value does not convert, or is out of range.</exception>
    public static KedaOptions ReadOptions(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = new KedaOptions();
        try
        {
            configuration.GetSection(KedaOptions.SectionName).Bind(options);
        }
        catch (InvalidOperationException e)
        {
            throw new MetricsApiConfigurationException(e.InnerException is null ? e.Message : $"{e.Message} {e.InnerException.Message}", e);
        }

        if (options.Port is < 0 or > IPEndPoint.MaxPort)
        {
            throw new MetricsApiConfigurationException($"{KedaOptions.SectionName}:{nameof(KedaOptions.Port)}: {options.Port} is not a TCP port (1-65535, or 0 for any free port)");
        }

        return options;
    }

    private static bool IsScalerMethod(HttpContext context) => context.GetEndpoint()?.Metadata.GetMetadata<GrpcMethodMetadata>() is not null;
}
