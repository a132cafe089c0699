using System.Globalization;
using Erlmcp.Autoscaler.Core.Connections;

namespace Erlmcp.Autoscaler.Server.Connections.Demo;

/// <summary>
/// A stand-in source for running without a cluster: pods (three unless told otherwise; benchmarks ask for a thousand)
/// of StatefulSet <c>erlmcp</c> in namespace <c>erlmcp</c>, each reporting every second a connection count that
/// swings around the 20,000 target over ten minutes, out of phase with the others. Driven by the
/// <see cref="TimeProvider"/>, so tests can step it. Not a production source.
/// </summary>
public sealed class DemoConnectionSource(ConnectionStore store, TimeProvider time, ILogger<DemoConnectionSource> logger, int pods = DemoConnectionSource.DefaultPods)
    : BackgroundService
{
    public const string Namespace = "erlmcp";
    public const string StatefulSet = "erlmcp";
    public const string Source = "demo";
    public const int DefaultPods = 3;

    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    private static readonly TimeSpan Period = TimeSpan.FromMinutes(10);

    /// <summary>The demo count of pod <paramref name="ordinal"/> at <paramref name="now"/>: 20,000 ± 4,000 plus 1,500 per ordinal.</summary>
    public static long ConnectionsAt(int ordinal, DateTimeOffset now)
    {
        var phase = (now.ToUnixTimeMilliseconds() % (long)Period.TotalMilliseconds) / Period.TotalMilliseconds;
        return 20_000 + (1_500 * ordinal) + (long)Math.Round(4_000 * Math.Sin((2 * Math.PI * phase) + ordinal));
    }

    public static PodReference Pod(int ordinal) => new(Namespace, $"{StatefulSet}-{ordinal}");

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The timer starts before the first values are recorded, so that whoever sees them can step the clock.
        using var timer = new PeriodicTimer(Interval, time);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(pods);
        for (var ordinal = 0; ordinal < pods; ordinal++)
        {
            store.DescribePod(Pod(ordinal), Labels(ordinal), StatefulSet);
        }

        logger.ServingDemoData(pods, Namespace, StatefulSet, Source);
        RecordAll(time.GetUtcNow());
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            RecordAll(time.GetUtcNow());
        }
    }

    private void RecordAll(DateTimeOffset now)
    {
        for (var ordinal = 0; ordinal < pods; ordinal++)
        {
            store.Record(Pod(ordinal), new ConnectionObservation(ConnectionsAt(ordinal, now), now, TimeSpan.Zero, Source));
        }
    }

    /// <summary>The labels a StatefulSet gives its pods, and the app label erlmcp's manifests use.</summary>
    private static Dictionary<string, string> Labels(int ordinal) => new(StringComparer.Ordinal)
    {
        ["app"] = "erlmcp",
        ["apps.kubernetes.io/pod-index"] = ordinal.ToString(CultureInfo.InvariantCulture),
        ["statefulset.kubernetes.io/pod-name"] = Pod(ordinal).Name,
    };
}
