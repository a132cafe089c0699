using Erlmcp.Autoscaler.Server.Security.Authentication.FrontProxy;
using k8s;

namespace Erlmcp.Autoscaler.Server.Security.Authentication;

/// <summary>
/// Keeps the <see cref="ExtensionApiServerAuthentication"/> ConfigMap current: read once before the server starts
/// (the server does not start without it, as upstream unless told to tolerate the failure), then re-read every
/// interval; a read that fails keeps the last good content. Serves the client CA and the front-proxy settings.
/// </summary>
public sealed class AuthenticationConfigMapSource(IKubernetes client, TimeSpan interval, TimeProvider time, ILogger<AuthenticationConfigMapSource> logger)
    : BackgroundService, ICertificateAuthoritySource, IRequestHeaderSettingsSource
{
    private Loaded? current;

    public CertificateAuthorities? CurrentAuthorities => Volatile.Read(ref current)?.Content.ClientCa;

    public RequestHeaderSettings? CurrentRequestHeader => Volatile.Read(ref current)?.Content.RequestHeader;

    /// <summary>Reads the ConfigMap now; the content changes (and with it the instances verdicts are kept against) only when its data did.</summary>
    /// <exception cref="DelegatedReviewException">The ConfigMap could not be read.</exception>
    /// <exception cref="InvalidDataException">A value in it does not parse.</exception>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        var configMap = await DelegatedReviewException.WrapAsync(
            $"reading ConfigMap {ExtensionApiServerAuthentication.Namespace}/{ExtensionApiServerAuthentication.Name}",
            TimeSpan.FromSeconds(10),
            time,
            linked => client.CoreV1.ReadNamespacedConfigMapAsync(ExtensionApiServerAuthentication.Name, ExtensionApiServerAuthentication.Namespace, cancellationToken: linked),
            cancellationToken);
        var data = new SortedDictionary<string, string>(configMap.Data ?? new Dictionary<string, string>(), StringComparer.Ordinal);
        var previous = Volatile.Read(ref current);
        if (previous is not null && previous.Data.SequenceEqual(data))
        {
            return;
        }

        Volatile.Write(ref current, new Loaded(data, ExtensionApiServerAuthentication.Parse(data)));
        SecurityLog.AuthenticationConfigMapLoaded(logger, ExtensionApiServerAuthentication.Namespace, ExtensionApiServerAuthentication.Name,
            CurrentAuthorities is not null, CurrentRequestHeader is not null);
    }

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await RefreshAsync(cancellationToken);
        }
        catch (Exception e) when (e is DelegatedReviewException or InvalidDataException)
        {
            throw new MetricsApiConfigurationException(
                $"{DelegatedAuthOptions.Key(nameof(DelegatedAuthOptions.SkipLookup))}: is false, so the server needs the ConfigMap, but: {e.Message}", e);
        }

        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(interval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await RefreshAsync(stoppingToken);
            }
            catch (Exception e) when (e is DelegatedReviewException or InvalidDataException)
            {
                SecurityLog.AuthenticationConfigMapNotRefreshed(logger, e.Message);
            }
        }
    }

    private sealed record Loaded(SortedDictionary<string, string> Data, ExtensionApiServerAuthentication Content);
}
