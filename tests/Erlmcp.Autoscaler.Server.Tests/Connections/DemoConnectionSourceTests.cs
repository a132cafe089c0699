using Erlmcp.Autoscaler.Core.Connections;
using Erlmcp.Autoscaler.Server.Connections.Demo;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Erlmcp.Autoscaler.Server.Tests.Connections;

public sealed class DemoConnectionSourceTests
{
    [Fact]
    public async Task Each_tick_of_the_clock_records_every_demo_pod_with_its_labels()
    {
        var start = new DateTimeOffset(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);
        var time = new FakeTimeProvider(start);
        var store = new ConnectionStore(TimeSpan.FromSeconds(30));
        using var source = new DemoConnectionSource(store, time, NullLogger<DemoConnectionSource>.Instance);

        await source.StartAsync(CancellationToken.None);
        await WaitUntilAsync(() => store.Snapshot(start).Pods.Length == DemoConnectionSource.DefaultPods && store.Snapshot(start).Pods[^1].Latest is not null);
        AssertRecorded(store, start);
        for (var tick = 1; tick <= 3; tick++)
        {
            time.Advance(DemoConnectionSource.Interval);
            await WaitUntilAsync(() => store.Snapshot(time.GetUtcNow()).Pods[0].Latest!.ObservedAt == time.GetUtcNow());
            AssertRecorded(store, time.GetUtcNow());
        }

        await source.StopAsync(CancellationToken.None);
    }

    [Fact]
    public void Demo_counts_swing_around_the_target_and_differ_between_pods()
    {
        var start = new DateTimeOffset(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);
        var counts = Enumerable.Range(0, 600).Select(second => DemoConnectionSource.ConnectionsAt(0, start.AddSeconds(second))).ToArray();

        Assert.InRange(counts.Min(), 16_000, 16_100);
        Assert.InRange(counts.Max(), 23_900, 24_000);
        Assert.NotEqual(DemoConnectionSource.ConnectionsAt(0, start), DemoConnectionSource.ConnectionsAt(1, start));
        Assert.Equal(DemoConnectionSource.ConnectionsAt(2, start), DemoConnectionSource.ConnectionsAt(2, start.AddMinutes(10)));
    }

    private static void AssertRecorded(ConnectionStore store, DateTimeOffset now)
    {
        var pods = store.Snapshot(now).Pods;
        Assert.Equal(DemoConnectionSource.DefaultPods, pods.Length);
        for (var ordinal = 0; ordinal < DemoConnectionSource.DefaultPods; ordinal++)
        {
            var pod = pods[ordinal];
            Assert.Equal(DemoConnectionSource.Pod(ordinal), pod.Pod);
            Assert.Equal("erlmcp", pod.StatefulSet);
            Assert.Equal("erlmcp", pod.Labels["app"]);
            Assert.Equal(new ConnectionObservation(DemoConnectionSource.ConnectionsAt(ordinal, now), now, TimeSpan.Zero, "demo"), pod.Latest);
        }
    }

    /// <summary>The timer callback runs on the thread pool after Advance; wait for its effect, not for a duration.</summary>
    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var giveUp = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!condition())
        {
            await Task.Delay(1, giveUp.Token);
        }
    }
}
