using Erlmcp.Autoscaler.Core.Connections;
using Erlmcp.Autoscaler.Erlang.Connection;
using Erlmcp.Autoscaler.Erlang.Errors;
using Erlmcp.Autoscaler.Erlang.Handshake;
using Erlmcp.Autoscaler.Server.Sources.Discovery;

namespace Erlmcp.Autoscaler.Server.Sources.Erlang;

/// <summary>
/// Wires the Erlang distribution source into the server when the <c>Sources:Erlang</c> section is set: reads and
/// checks the settings, loads the cookie and the TLS files, and, for a fixed pod list
/// (<c>Sources:Erlang:Pods</c>, outside Kubernetes), registers it as the pod directory.
/// </summary>
public static class ErlangSourceHost
{
    /// <summary>The section of pod discovery, which a fixed pod list replaces.</summary>

    /// <summary>Adds the source when <c>Sources:Erlang</c> is configured; does nothing otherwise. Call after <c>AddMetricsApi</c>.</summary>
    /// <exception cref="MetricsApiConfigurationException">A setting is missing or invalid; the message names each.</exception>
    public static WebApplicationBuilder AddErlangSource(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (!builder.Configuration.GetSection(ErlangSourceOptions.SectionName).Exists())
        {
            return builder;
        }

        var options = ReadOptions(builder.Configuration, MetricsApiHost.ReadOptions(builder.Configuration).StalenessBound);
        var nodeOptions = NodeOptions(options);
        var services = builder.Services;
        if (options.Pods.Count > 0)
        {
            if (builder.Configuration.GetSection(PodDiscoveryOptions.SectionName).Exists())
            {
                throw new MetricsApiConfigurationException(
                    $"{ErlangSourceOptionsValidator.Key(nameof(options.Pods))}: a fixed pod list is for running outside Kubernetes; remove it or {PodDiscoveryOptions.SectionName}");
            }

            var pods = StaticPods(options.Pods);
            services.AddSingleton<IPodDirectory>(provider =>
            {
                // The fixed list stands in for discovery, which describes the pods it finds in the store.
                var store = provider.GetRequiredService<ConnectionStore>();
                foreach (var (pod, settings) in pods.Zip(options.Pods))
                {
                    store.DescribePod(pod.Reference, pod.Labels, settings.StatefulSet);
                }

                return new StaticPodDirectory(pods);
            });
        }

        services.AddHostedService(provider => new ErlangConnectionSource(
            provider.GetRequiredService<IPodDirectory>(),
            provider.GetRequiredService<ConnectionStore>(),
            options,
            nodeOptions,
            provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<ILogger<ErlangConnectionSource>>()));
        return builder;
    }

    /// <summary>Binds the <c>Sources:Erlang</c> section and checks it.</summary>
    /// <param name="stalenessBound">The store's bound (<c>MetricsApi:StalenessBound</c>), which the refresh interval must stay under.</param>
    /// <exception cref="MetricsApiConfigurationException">A value does not convert, or a check fails.</exception>
    public static ErlangSourceOptions ReadOptions(IConfiguration configuration, TimeSpan stalenessBound)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = new ErlangSourceOptions();
        try
        {
            configuration.GetSection(ErlangSourceOptions.SectionName).Bind(options);
        }
        catch (InvalidOperationException e)
        {
            // The binder's message names the key: "Failed to convert configuration value at 'Sources:Erlang:MinInterval' ...".
            throw new MetricsApiConfigurationException(e.InnerException is null ? e.Message : $"{e.Message} {e.InnerException.Message}", e);
        }

        var result = new ErlangSourceOptionsValidator(stalenessBound).Validate(null, options);
        return result.Failed ? throw new MetricsApiConfigurationException(string.Join(Environment.NewLine, result.Failures)) : options;
    }

    /// <summary>How the source's hidden node connects: the cookie, our name, the timeouts and TLS.</summary>
    /// <exception cref="MetricsApiConfigurationException">The cookie or a TLS file does not load; the message names the setting.</exception>
    public static ErlangNodeOptions NodeOptions(ErlangSourceOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var cookie = string.IsNullOrEmpty(options.CookieFile)
            ? Setting(nameof(options.Cookie), () => new ErlangCookie(options.Cookie!))
            : Setting(nameof(options.CookieFile), () => ErlangCookie.FromFile(options.CookieFile));
        var nodeOptions = new ErlangNodeOptions
        {
            Cookie = cookie,
            LocalName = options.LocalName,
            ConnectTimeout = options.ConnectTimeout,
            CallTimeout = options.CallTimeout,
            // The same schedule as the source's own retries, so the client never adds a wait of its own on top.
            ReconnectInitialDelay = options.RetryInitialDelay,
            ReconnectMaxDelay = options.RetryMaxDelay,
            Tls = options.Tls is { } tls ? TlsOptions(tls) : null,
        };
        try
        {
            nodeOptions.Validate();
        }
        catch (ErlangOptionsException e)
        {
            throw new MetricsApiConfigurationException($"{ErlangSourceOptions.SectionName}: {e.Message}", e);
        }

        return nodeOptions;
    }

    private static ErlangTlsOptions TlsOptions(ErlangSourceTlsOptions tls) => ErlangClientFiles.Tls(
        ErlangSourceOptionsValidator.Key("Tls:CaFile"), tls.CaFile!, ErlangSourceOptionsValidator.Key("Tls:CertFile"), tls.CertFile, tls.KeyFile, tls.VerifyHostName);

    private static DiscoveredPod[] StaticPods(List<StaticPodOptions> pods) =>
        [.. pods.Select(pod => new DiscoveredPod(
            new PodReference(pod.Namespace!, pod.Name!), PodIp: null, Ready: true, pod.Node!, pod.Labels, pod.StatefulSet))];

    private static T Setting<T>(string property, Func<T> step) => ErlangClientFiles.Load(ErlangSourceOptionsValidator.Key(property), step);
}
