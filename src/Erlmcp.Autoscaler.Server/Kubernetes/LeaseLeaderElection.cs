using System.Diagnostics.Metrics;
using Erlmcp.Autoscaler.Server.Coordinator;
using Erlmcp.Autoscaler.Server.Observability;
using k8s;
using k8s.LeaderElection;
using k8s.LeaderElection.ResourceLock;

namespace Erlmcp.Autoscaler.Server.Kubernetes;

/// <summary>
/// <see cref="ILeaderElection"/> on a coordination.k8s.io/v1 Lease, through KubernetesClient's
/// <see cref="LeaderElector"/> and <see cref="LeaseLock"/> (client-go's algorithm: acquire, renew every retry period,
/// lose leadership when no renewal succeeds within the renew deadline). On top of it: the leader's work runs with a
/// token cancelled when leadership ends, leadership is given up when that work ends on its own, and the Lease is
/// released (holder cleared) when this replica stops leading, so a successor need not wait for it to expire.
/// </summary>
public sealed class LeaseLeaderElection : ILeaderElection
{
    private static readonly Gauge<int> Leader = ServerTelemetry.Meter.CreateGauge<int>(
        "erlmcp_autoscaler_leader", description: "1 on the replica that holds the coordinator's Lease, 0 on the others.");

    private readonly IKubernetes client;
    private readonly LeaseSettings settings;
    private readonly ILogger logger;

    public LeaseLeaderElection(IKubernetes client, LeaseSettings settings, ILogger<LeaseLeaderElection> logger)
    {
        this.client = client ?? throw new ArgumentNullException(nameof(client));
        this.settings = settings ?? throw new ArgumentNullException(nameof(settings));
        this.logger = logger ?? throw new ArgumentNullException(nameof(logger));
    }

    public async Task RunAsync(Func<CancellationToken, Task> lead, CancellationToken stopping)
    {
        ArgumentNullException.ThrowIfNull(lead);
        Leader.Record(0);
        while (!stopping.IsCancellationRequested)
        {
            if (await RunTermAsync(lead, stopping).ConfigureAwait(false))
            {
                await ReleaseAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>One attempt: wait to acquire, lead until leadership ends. Returns whether this replica led.</summary>
    private async Task<bool> RunTermAsync(Func<CancellationToken, Task> lead, CancellationToken stopping)
    {
        var leaseLock = new LeaseLock(client, settings.Namespace, settings.Name, settings.Identity);
        using var elector = new LeaderElector(new LeaderElectionConfig(leaseLock)
        {
            LeaseDuration = settings.LeaseDuration,
            RenewDeadline = settings.RenewDeadline,
            RetryPeriod = settings.RetryPeriod,
        });

        // Cancelling the term stops the elector's renewals: on stopping, or when the leader's work ends by itself.
        using var term = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        using var leading = new CancellationTokenSource();
        Task? work = null;
        elector.OnStartedLeading += () =>
        {
            Leader.Record(1);
            logger.StartedLeading(settings.Namespace, settings.Name, settings.Identity);
            work = RunLeaderWorkAsync(lead, term, leading.Token);
        };
        elector.OnStoppedLeading += () =>
        {
            Leader.Record(0);
            leading.Cancel();
        };
        elector.OnNewLeader += holder => logger.NewLeader(settings.Namespace, settings.Name, holder);
        elector.OnError += e => logger.LeaseError(e, settings.Namespace, settings.Name);

        try
        {
            await elector.RunUntilLeadershipLostAsync(term.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (term.IsCancellationRequested)
        {
            // Stopping, or the work ended: leadership is given up below.
        }

        if (work is null)
        {
            return false;
        }

        await leading.CancelAsync().ConfigureAwait(false);
        await work.ConfigureAwait(false);
        logger.StoppedLeading(settings.Namespace, settings.Name, settings.Identity);
        return true;
    }

    private async Task RunLeaderWorkAsync(Func<CancellationToken, Task> lead, CancellationTokenSource term, CancellationToken leading)
    {
        try
        {
            await Task.Run(() => lead(leading), CancellationToken.None).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (leading.IsCancellationRequested)
        {
            // The expected end of the work: leadership ended.
        }
        catch (Exception e)
        {
            logger.LeaderWorkFailed(e, settings.Identity);
        }

        if (!leading.IsCancellationRequested)
        {
            // A leader that does no work must let another replica lead.
            await term.CancelAsync().ConfigureAwait(false);
        }
    }

    /// <summary>client-go's release: clear the holder (if it is still this replica) so another replica acquires at once.</summary>
    private async Task ReleaseAsync()
    {
        using var timeout = new CancellationTokenSource(settings.RenewDeadline);
        var leaseLock = new LeaseLock(client, settings.Namespace, settings.Name, settings.Identity);
        try
        {
            var record = await leaseLock.GetAsync(timeout.Token).ConfigureAwait(false);
            if (record.HolderIdentity != settings.Identity)
            {
                return;
            }

            var now = DateTime.UtcNow;
            var released = await leaseLock.UpdateAsync(
                new LeaderElectionRecord
                {
                    HolderIdentity = "",
                    LeaseDurationSeconds = 1,
                    AcquireTime = now,
                    RenewTime = now,
                    LeaderTransitions = record.LeaderTransitions,
                },
                timeout.Token).ConfigureAwait(false);
            if (released)
            {
                logger.LeaseReleased(settings.Namespace, settings.Name);
            }
        }
        catch (Exception e) when (e is k8s.Autorest.HttpOperationException or HttpRequestException or OperationCanceledException)
        {
            // The Lease then expires by itself after its duration.
            logger.LeaseError(e, settings.Namespace, settings.Name);
        }
    }
}

/// <summary>The Lease and timings of <see cref="LeaseLeaderElection"/>; the timings default to client-go's.</summary>
public sealed record LeaseSettings(string Namespace, string Name, string Identity)
{
    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromSeconds(15);

    public TimeSpan RenewDeadline { get; init; } = TimeSpan.FromSeconds(10);

    public TimeSpan RetryPeriod { get; init; } = TimeSpan.FromSeconds(2);
}
