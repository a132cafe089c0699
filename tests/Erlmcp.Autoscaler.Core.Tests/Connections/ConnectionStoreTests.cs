using Erlmcp.Autoscaler.Core.Connections;

namespace Erlmcp.Autoscaler.Core.Tests.Connections;

public sealed class ConnectionStoreTests
{
    private static readonly DateTimeOffset T0 = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);
    private static readonly PodReference Pod0 = new("erlmcp", "erlmcp-0");
    private static readonly PodReference Pod1 = new("erlmcp", "erlmcp-1");

    private static ConnectionObservation Seen(long connections, DateTimeOffset at, string source = "erlang") =>
        new(connections, at, TimeSpan.FromSeconds(5), source);

    [Fact]
    public void A_recorded_value_is_served_with_its_time_window_and_source()
    {
        var store = new ConnectionStore(Bound);

        Assert.True(store.Record(Pod0, Seen(20_000, T0)));

        Assert.True(store.Snapshot(T0.AddSeconds(1)).TryGetFresh(Pod0, out var entry));
        Assert.Equal(Pod0, entry.Pod);
        Assert.Equal(new ConnectionObservation(20_000, T0, TimeSpan.FromSeconds(5), "erlang"), entry.Latest);
        Assert.Empty(entry.Labels);
        Assert.Null(entry.StatefulSet);
    }

    [Theory]
    [InlineData(-5, true)]
    [InlineData(0, true)]
    [InlineData(29_999, true)]
    [InlineData(30_000, true)]
    [InlineData(30_001, false)]
    [InlineData(3_600_000, false)]
    public void A_value_is_fresh_while_its_age_is_at_most_the_bound(int ageMilliseconds, bool fresh)
    {
        var store = new ConnectionStore(Bound);
        store.Record(Pod0, Seen(100, T0));

        var snapshot = store.Snapshot(T0.AddMilliseconds(ageMilliseconds));

        Assert.Equal(fresh, snapshot.TryGetFresh(Pod0, out _));
        Assert.Equal(fresh, snapshot.IsFresh(snapshot.Pods[0]));
    }

    [Fact]
    public void A_stale_pod_is_still_held_and_fresh_again_after_a_new_value()
    {
        var store = new ConnectionStore(Bound);
        store.Record(Pod0, Seen(100, T0));
        var later = T0.AddMinutes(5);

        Assert.False(store.Snapshot(later).TryGetFresh(Pod0, out _));
        Assert.Equal(1, store.Count);

        store.Record(Pod0, Seen(120, later));
        Assert.True(store.Snapshot(later).TryGetFresh(Pod0, out var entry));
        Assert.Equal(120, entry.Latest!.Connections);
    }

    [Fact]
    public void An_older_observation_never_replaces_a_newer_one()
    {
        var store = new ConnectionStore(Bound);
        store.Record(Pod0, Seen(200, T0.AddSeconds(10), "erlang"));

        Assert.False(store.Record(Pod0, Seen(100, T0, "prometheus")));
        Assert.True(store.Record(Pod0, Seen(300, T0.AddSeconds(10), "prometheus")));
        Assert.Equal(new ConnectionObservation(300, T0.AddSeconds(10), TimeSpan.FromSeconds(5), "prometheus"), store.Snapshot(T0).Pods[0].Latest);

        Assert.True(store.Record(Pod0, Seen(50, T0.AddSeconds(11), "erlang")));
        Assert.Equal(50, store.Snapshot(T0).Pods[0].Latest!.Connections);
    }

    [Fact]
    public void Describing_a_pod_keeps_its_value_and_recording_keeps_its_labels()
    {
        var store = new ConnectionStore(Bound);
        store.Record(Pod0, Seen(100, T0));

        store.DescribePod(Pod0, new Dictionary<string, string> { ["app"] = "erlmcp" }, "erlmcp");
        store.Record(Pod0, Seen(150, T0.AddSeconds(1)));

        var entry = store.Snapshot(T0).Pods[0];
        Assert.Equal(new Dictionary<string, string> { ["app"] = "erlmcp" }, entry.Labels);
        Assert.Equal("erlmcp", entry.StatefulSet);
        Assert.Equal(150, entry.Latest!.Connections);
    }

    [Fact]
    public void Described_labels_are_a_copy_the_caller_cannot_change()
    {
        var store = new ConnectionStore(Bound);
        var labels = new Dictionary<string, string> { ["app"] = "erlmcp" };
        store.DescribePod(Pod0, labels, statefulSet: null);

        labels["app"] = "other";

        Assert.Equal("erlmcp", store.Snapshot(T0).Pods[0].Labels["app"]);
    }

    [Fact]
    public void A_described_pod_without_a_value_is_held_but_never_fresh()
    {
        var store = new ConnectionStore(Bound);
        store.DescribePod(Pod0, new Dictionary<string, string>(), "erlmcp");

        var snapshot = store.Snapshot(T0);

        Assert.Equal(1, snapshot.Pods.Length);
        Assert.Null(snapshot.Pods[0].Latest);
        Assert.False(snapshot.TryGetFresh(Pod0, out _));
        Assert.False(snapshot.IsFresh(snapshot.Pods[0]));
    }

    [Fact]
    public void Removing_forgets_the_pod_and_says_whether_it_was_held()
    {
        var store = new ConnectionStore(Bound);
        store.Record(Pod0, Seen(100, T0));
        store.Record(Pod1, Seen(100, T0));

        Assert.True(store.Remove(Pod0));
        Assert.False(store.Remove(Pod0));

        Assert.False(store.Snapshot(T0).TryGetFresh(Pod0, out _));
        Assert.Equal([Pod1], PodsOf(store.Snapshot(T0).Pods));
    }

    [Fact]
    public void A_snapshot_does_not_change_when_the_store_does()
    {
        var store = new ConnectionStore(Bound);
        store.Record(Pod0, Seen(100, T0));
        var before = store.Snapshot(T0);

        store.Record(Pod0, Seen(999, T0.AddSeconds(1)));
        store.Record(Pod1, Seen(5, T0));
        store.Remove(Pod0);

        Assert.Equal([Pod0], PodsOf(before.Pods));
        Assert.Equal(100, before.Pods[0].Latest!.Connections);
    }

    [Fact]
    public void Pods_are_ordered_by_namespace_then_name_and_listed_per_namespace()
    {
        var store = new ConnectionStore(Bound);
        PodReference[] recorded =
        [
            new("erlmcp", "erlmcp-2"), new("b", "x"), new("erlmcp", "erlmcp-10"), new("a", "z"), new("erlmcp", "erlmcp-0"),
        ];
        foreach (var pod in recorded)
        {
            store.Record(pod, Seen(1, T0));
        }

        var snapshot = store.Snapshot(T0);

        Assert.Equal(
            [new("a", "z"), new("b", "x"), new("erlmcp", "erlmcp-0"), new("erlmcp", "erlmcp-10"), new("erlmcp", "erlmcp-2")],
            PodsOf(snapshot.Pods));
        Assert.Equal([new("erlmcp", "erlmcp-0"), new("erlmcp", "erlmcp-10"), new("erlmcp", "erlmcp-2")], PodsOf(snapshot.InNamespace("erlmcp")));
        Assert.Equal([new("b", "x")], PodsOf(snapshot.InNamespace("b")));
        Assert.Empty(PodsOf(snapshot.InNamespace("c")));
        Assert.Empty(PodsOf(snapshot.InNamespace("0")));
        Assert.Empty(PodsOf(snapshot.InNamespace("zzz")));
    }

    [Fact]
    public void Source_freshness_gives_the_newest_value_its_age_and_the_pod_counts_per_source()
    {
        var store = new ConnectionStore(Bound);
        store.Record(new("erlmcp", "a"), Seen(1, T0, "erlang"));
        store.Record(new("erlmcp", "b"), Seen(1, T0.AddSeconds(20), "erlang"));
        store.Record(new("erlmcp", "c"), Seen(1, T0.AddSeconds(5), "prometheus"));
        store.DescribePod(new("erlmcp", "d"), new Dictionary<string, string>(), null);

        var sources = store.Snapshot(T0.AddSeconds(40)).Sources();

        Assert.Equal(
            [
                new SourceFreshness("erlang", T0.AddSeconds(20), TimeSpan.FromSeconds(20), FreshPods: 1, StalePods: 1),
                new SourceFreshness("prometheus", T0.AddSeconds(5), TimeSpan.FromSeconds(35), FreshPods: 0, StalePods: 1),
            ],
            sources);
    }

    [Fact]
    public void The_default_snapshot_is_empty()
    {
        var snapshot = default(ConnectionSnapshot);

        Assert.Equal(0, snapshot.Pods.Length);
        Assert.Equal(0, snapshot.InNamespace("erlmcp").Length);
        Assert.False(snapshot.TryGetFresh(Pod0, out _));
        Assert.Empty(snapshot.Sources());
    }

    [Fact]
    public void Invalid_bounds_and_observations_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ConnectionStore(TimeSpan.Zero));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ConnectionObservation(-1, T0, TimeSpan.Zero, "erlang"));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ConnectionObservation(1, T0, TimeSpan.FromSeconds(-1), "erlang"));
        Assert.Throws<ArgumentException>(() => new ConnectionObservation(1, T0, TimeSpan.Zero, ""));
        Assert.Throws<ArgumentException>(() => new PodReference("", "erlmcp-0"));
    }

    internal static PodReference[] PodsOf(ReadOnlySpan<PodConnections> entries)
    {
        var pods = new PodReference[entries.Length];
        for (var i = 0; i < entries.Length; i++)
        {
            pods[i] = entries[i].Pod;
        }

        return pods;
    }
}
