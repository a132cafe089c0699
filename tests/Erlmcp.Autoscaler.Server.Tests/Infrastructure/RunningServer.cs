using System.Net;
using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Erlmcp.Autoscaler.Core.Connections;
using k8s;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Erlmcp.Autoscaler.Server.Tests.Infrastructure;

/// <summary>
/// The metrics API on real Kestrel at https://127.0.0.1 on a free port, with real TLS: by default served with the
/// test serving certificate from files, client certificates checked against the test client authority, authorization
/// AlwaysAllow and the clock fake, starting at <see cref="Now"/>.
/// </summary>
internal sealed class RunningServer : IAsyncDisposable
{
    public static readonly DateTimeOffset Now = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly WebApplication app;

    private RunningServer(WebApplication app, TestCertificates certificates, FakeTimeProvider time)
    {
        this.app = app;
        Certificates = certificates;
        Time = time;
        // The metrics API listens first; the KEDA and /metrics endpoints, when a test turns them on, come after it.
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Port = new Uri(address).Port;
        BaseAddress = new Uri($"https://127.0.0.1:{Port}");
    }

    public TestCertificates Certificates { get; }

    public FakeTimeProvider Time { get; }

    public int Port { get; }

    public Uri BaseAddress { get; }

    public ConnectionStore Store => app.Services.GetRequiredService<ConnectionStore>();

    public IServiceProvider Services => app.Services;

    /// <summary>
    /// Starts a server with new test certificates, deleted when it is disposed. <paramref name="settings"/> go over
    /// the defaults (<c>MetricsApi:*</c> keys); a null value removes a default. <paramref name="kubernetes"/> (a
    /// <see cref="FakeApiServer"/>'s client) answers the server's TokenReviews, SubjectAccessReviews and ConfigMap reads.
    /// </summary>
    public static async Task<RunningServer> StartAsync(
        Func<TestCertificates, IReadOnlyDictionary<string, string?>>? settings = null,
        IKubernetes? kubernetes = null,
        Action<WebApplicationBuilder>? configure = null)
    {
        var certificates = new TestCertificates();
        var configuration = new Dictionary<string, string?>
        {
            ["MetricsApi:BindAddress"] = "127.0.0.1",
            ["MetricsApi:SecurePort"] = "0",
            ["MetricsApi:TlsCertFile"] = certificates.ServingCertFile,
            ["MetricsApi:TlsPrivateKeyFile"] = certificates.ServingKeyFile,
            ["MetricsApi:ClientCaFile"] = certificates.ClientAuthorityFile,
            ["MetricsApi:AuthorizationMode"] = "AlwaysAllow",
            ["MetricsApi:StalenessBound"] = "00:00:30",
            ["Keda:Enabled"] = "false",
            ["Observability:MetricsPort"] = "0",
        };
        foreach (var (key, value) in settings?.Invoke(certificates) ?? new Dictionary<string, string?>())
        {
            configuration[key] = value;
        }

        var builder = WebApplication.CreateSlimBuilder();
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection(configuration.Where(pair => pair.Value is not null));
        builder.Logging.ClearProviders();
        var time = new FakeTimeProvider(Now);
        builder.Services.AddSingleton<TimeProvider>(time);
        if (kubernetes is not null)
        {
            builder.Services.AddSingleton(kubernetes);
        }

        builder.AddMetricsApi();
        configure?.Invoke(builder);
        var app = builder.Build();
        app.UseMetricsApi();
        try
        {
            await app.StartAsync();
        }
        catch
        {
            // A server that does not start (a test of its startup errors) leaves nothing behind.
            await app.DisposeAsync();
            certificates.DeleteFiles();
            throw;
        }

        return new RunningServer(app, certificates, time);
    }

    /// <summary>
    /// A client on its own connections that trusts only the test serving authority (or <paramref name="trust"/>),
    /// presenting <paramref name="clientCertificate"/> when given.
    /// </summary>
    public HttpClient Client(X509Certificate2? clientCertificate = null, X509Certificate2? trust = null, Action<X509Certificate2>? seeServerCertificate = null) =>
        new(Handler(clientCertificate, trust, seeServerCertificate)) { BaseAddress = BaseAddress, DefaultRequestVersion = HttpVersion.Version20 };

    /// <summary>The handler of <see cref="Client"/>, for clients built on one (gRPC channels).</summary>
    public SocketsHttpHandler Handler(X509Certificate2? clientCertificate = null, X509Certificate2? trust = null, Action<X509Certificate2>? seeServerCertificate = null)
    {
        var authority = trust ?? Certificates.ServingAuthority;
        return new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions
            {
                EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
                ClientCertificates = clientCertificate is null ? null : [clientCertificate],
                LocalCertificateSelectionCallback = clientCertificate is null ? null : (_, _, _, _, _) => clientCertificate,
                RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                {
                    if (certificate is not X509Certificate2 server)
                    {
                        return false;
                    }

                    seeServerCertificate?.Invoke(server);
                    using var chain = new X509Chain();
                    chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                    chain.ChainPolicy.CustomTrustStore.Add(authority);
                    chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                    return chain.Build(server);
                },
            },
        };
    }

    /// <summary>A client presenting Alice's certificate (user alice, groups erlmcp-operators and dev).</summary>
    public HttpClient AliceClient() => Client(Certificates.Alice);

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
        Certificates.DeleteFiles();
    }
}
