using System.CommandLine;
using System.Globalization;
using Erlmcp.Autoscaler.Simulation.Manifests;
using Erlmcp.Autoscaler.Server;
using Erlmcp.Autoscaler.Server.Connections.Demo;
using Erlmcp.Autoscaler.Server.Coordinator;
using Erlmcp.Autoscaler.Server.Kubernetes;
using Erlmcp.Autoscaler.Server.Options;
using Erlmcp.Autoscaler.Server.Sources;
using Erlmcp.Autoscaler.Server.Sources.Erlang;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace Erlmcp.Autoscaler.Cli;

/// <summary>
/// <c>serve</c>: runs the metrics API server. Settings come from the <c>MetricsApi</c> section of a JSON file
/// (<c>--config</c>), then <c>ERLMCP_AUTOSCALER_</c> environment variables (<c>ERLMCP_AUTOSCALER_MetricsApi__SecurePort</c>),
/// then the flags below, each overriding the one before.
/// </summary>
internal static class ServeCommand
{
    /// <summary>The environment variable prefix of every setting.</summary>
    public const string EnvironmentPrefix = "ERLMCP_AUTOSCALER_";

    /// <summary>Exit code when the server cannot listen (the port is taken, the address is not local).</summary>
    private const int CannotListen = 1;

    public static Command Create(TextWriter error)
    {
        var config = new Option<FileInfo?>("--config") { Description = "A JSON settings file with a MetricsApi section (the flags below override it)." };
        var bindAddress = Flag<string>("--bind-address", nameof(MetricsApiOptions.BindAddress), "The IP address to listen on (default 0.0.0.0: every interface).");
        var securePort = Flag<int?>("--secure-port", nameof(MetricsApiOptions.SecurePort), "The HTTPS port (default 6443; 0 picks a free port).");
        var tlsCertFile = Flag<FileInfo>("--tls-cert-file", nameof(MetricsApiOptions.TlsCertFile), "PEM serving certificate, then its intermediates; reloaded when it changes. Without it a self-signed certificate is generated.");
        var tlsKeyFile = Flag<FileInfo>("--tls-private-key-file", nameof(MetricsApiOptions.TlsPrivateKeyFile), "PEM private key of --tls-cert-file; reloaded when it changes.");
        var selfSignedCaFile = Flag<FileInfo>("--self-signed-ca-file", nameof(MetricsApiOptions.SelfSignedCaFile), "Where to write, as PEM, the authority of a generated certificate (for the APIService caBundle or a kubeconfig).");
        var selfSignedHosts = new Option<string[]>("--self-signed-host")
        {
            Description = "A DNS name or IP address for a generated certificate; repeat for several (default: localhost and 127.0.0.1).",
            AllowMultipleArgumentsPerToken = false,
        };
        var clientCaFile = Flag<FileInfo>("--client-ca-file", nameof(MetricsApiOptions.ClientCaFile), "PEM bundle of the authorities whose client certificates authenticate requests (user = CN, groups = O). Without it: the extension-apiserver-authentication ConfigMap's client-ca-file in Delegated mode, otherwise no client certificate authenticates.");
        var authorizationMode = Flag<string>("--authorization-mode", nameof(MetricsApiOptions.AuthorizationMode), "Delegated (the default, for production: SubjectAccessReview and TokenReview against the cluster, see Kubernetes:Kubeconfig), AlwaysAllow (local development only; the default with --demo) or AlwaysDeny.");
        authorizationMode.Option.AcceptOnlyFromAmong(Enum.GetNames<AuthorizationMode>());
        var stalenessBound = Flag<string>("--staleness-bound", nameof(MetricsApiOptions.StalenessBound), "Values older than this are not served, so the HPA treats the pod as missing (Go duration, default 30s).");
        var perPodLimit = Flag<long?>("--per-pod-connection-limit", nameof(MetricsApiOptions.PerPodConnectionLimit), "erlmcp's max_connections per pod, for erlmcp_connections_headroom (default 25000).");
        var demo = new Option<bool>("--demo")
        {
            Description = "Fill the store with demo data (three pods of StatefulSet erlmcp/erlmcp whose counts swing around 20k), to run without a cluster. Without it a connection source must be configured under Sources.",
        };
        var demoPods = new Option<int?>("--demo-pods")
        {
            Description = "How many demo pods --demo fills the store with (default 3); for benchmarks, not production.",
        };

        var serve = new Command("serve", "Run the metrics API server: custom.metrics.k8s.io and external.metrics.k8s.io over HTTPS, serving erlmcp_connections to the HPA.")
        {
            config, bindAddress.Option, securePort.Option, tlsCertFile.Option, tlsKeyFile.Option, selfSignedCaFile.Option, selfSignedHosts,
            clientCaFile.Option, authorizationMode.Option, stalenessBound.Option, perPodLimit.Option, demo, demoPods,
        };
        var delegatedAuth = new DelegatedAuthFlags();
        delegatedAuth.Options.ToList().ForEach(serve.Options.Add);
        serve.SetAction(async (parse, cancellationToken) =>
        {
            var flags = new Dictionary<string, string?>();
            delegatedAuth.Collect(parse, flags);
            foreach (var flag in (IFlag[])[bindAddress, securePort, tlsCertFile, tlsKeyFile, selfSignedCaFile, clientCaFile, authorizationMode, perPodLimit])
            {
                flag.Collect(parse, flags);
            }

            if (parse.GetValue(stalenessBound.Option) is { } staleness)
            {
                flags[stalenessBound.Key] = GoDuration.TryParse(staleness, out var bound)
                    ? bound.ToString("c", CultureInfo.InvariantCulture)
                    : throw new InputException($"--staleness-bound: \"{staleness}\" is not a duration (for example 30s, 1m)");
            }

            var hosts = parse.GetValue(selfSignedHosts) ?? [];
            for (var i = 0; i < hosts.Length; i++)
            {
                flags[$"{MetricsApiOptions.SectionName}:{nameof(MetricsApiOptions.SelfSignedHosts)}:{i}"] = hosts[i];
            }

            var useDemo = parse.GetValue(demo);
            var pods = parse.GetValue(demoPods) ?? DemoConnectionSource.DefaultPods;
            if (pods <= 0)
            {
                throw new InputException($"--demo-pods: {pods} must be positive");
            }

            return await RunAsync(parse.GetValue(config), flags, useDemo, pods, error, cancellationToken);
        });
        return serve;
    }

    private static async Task<int> RunAsync(FileInfo? configFile, Dictionary<string, string?> flags, bool demo, int demoPods, TextWriter error, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.Configuration.Sources.Clear();
        if (configFile is not null)
        {
            builder.Configuration.AddJsonFile(configFile.FullName, optional: false);
        }

        builder.Configuration.AddEnvironmentVariables(EnvironmentPrefix);
        builder.Configuration.AddInMemoryCollection(flags);
        var noSource = !builder.Configuration.GetSection("Sources").GetChildren().Any();
        if (demo && builder.Configuration[$"{MetricsApiOptions.SectionName}:{nameof(MetricsApiOptions.AuthorizationMode)}"] is null)
        {
            builder.Configuration.AddInMemoryCollection([KeyValuePair.Create($"{MetricsApiOptions.SectionName}:{nameof(MetricsApiOptions.AuthorizationMode)}", (string?)nameof(AuthorizationMode.AlwaysAllow))]);
        }

        try
        {
            builder.AddMetricsApi();
            builder.AddPodDiscovery().AddPrometheusSource();
            builder.AddErlangSource();
            builder.AddCoordinator();
            builder.AddKubernetesCoordinator();
            if (demo)
            {
                builder.AddDemoConnectionSource(demoPods);
            }
            else if (noSource)
            {
                // Serving made-up numbers to a real HPA would scale a real cluster on them: demo data only when asked.
                throw new MetricsApiConfigurationException(
                    "Sources: no connection source is configured: set Sources:Discovery with Sources:Erlang or Sources:Prometheus (Sources:Erlang:Pods outside Kubernetes), or run with --demo");
            }

            await using var app = builder.Build();
            app.UseMetricsApi();
            await app.StartAsync(cancellationToken);
            await app.WaitForShutdownAsync(cancellationToken);
            return 0;
        }
        catch (MetricsApiConfigurationException e)
        {
            await error.WriteLineAsync($"error: {e.Message}");
            return CliApplication.BadInput;
        }
        catch (IOException e)
        {
            await error.WriteLineAsync($"error: cannot serve: {e.Message}");
            return CannotListen;
        }
    }

    private static SettingFlag<T> Flag<T>(string name, string setting, string description) => new(new Option<T>(name) { Description = description }, $"{MetricsApiOptions.SectionName}:{setting}");

    private interface IFlag
    {
        void Collect(ParseResult parse, Dictionary<string, string?> settings);
    }

    /// <summary>A flag that sets one configuration key when given.</summary>
    private sealed record SettingFlag<T>(Option<T> Option, string Key) : IFlag
    {
        public void Collect(ParseResult parse, Dictionary<string, string?> settings)
        {
            if (parse.GetResult(Option) is not null && parse.GetValue(Option) is { } value)
            {
                settings[Key] = value switch
                {
                    FileInfo file => file.FullName,
                    IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
                    _ => value.ToString(),
                };
            }
        }
    }
}
