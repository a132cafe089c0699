using CsCheck;
using Erlmcp.Autoscaler.Core.Connections;

namespace Erlmcp.Autoscaler.Core.Tests.Connections;

/// <summary>The store under concurrent writers and readers, and against a simple model over generated operations.</summary>
public sealed class ConnectionStoreConcurrencyTests
{
    private static readonly DateTimeOffset T0 = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Concurrent_writers_lose_no_pod_and_keep_the_newest_value_of_each()
    {
        const int Writers = 8, PodsPerWriter = 50, Rounds = 20;
        var store = new ConnectionStore(TimeSpan.FromMinutes(1));
        var readerErrors = 0;
        using var stop = new CancellationTokenSource();
        var reader = Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                var pods = store.Snapshot(T0).Pods;
                for (var i = 1; i < pods.Length; i++)
                {
                    if (pods[i - 1].Pod.CompareTo(pods[i].Pod) >= 0)
                    {
                        Interlocked.Increment(ref readerErrors);
                    }
                }
            }
        });

        // Every writer reports every shared pod and its own pods, in rounds whose times increase.
        Parallel.For(0, Writers, new ParallelOptions { MaxDegreeOfParallelism = Writers }, writer =>
        {
            for (var round = 0; round < Rounds; round++)
            {
                for (var i = 0; i < PodsPerWriter; i++)
                {
                    var at = T0.AddSeconds(round);
                    store.Record(new PodReference("own", $"w{writer}-p{i}"), new ConnectionObservation(round, at, TimeSpan.Zero, "erlang"));
                    store.Record(new PodReference("shared", $"p{i}"), new ConnectionObservation((round * 100) + writer, at, TimeSpan.Zero, $"w{writer}"));
                }
            }
        });
        await stop.CancelAsync();
        await reader;

        var snapshot = store.Snapshot(T0);
        Assert.Equal(0, readerErrors);
        Assert.Equal(Writers * PodsPerWriter, snapshot.InNamespace("own").Length);
        foreach (var own in snapshot.InNamespace("own"))
        {
            Assert.Equal(Rounds - 1, own.Latest!.Connections);
        }

        Assert.Equal(PodsPerWriter, snapshot.InNamespace("shared").Length);
        foreach (var shared in snapshot.InNamespace("shared"))
        {
            // The last round's time: any writer's report of that round may hold, never an earlier round's.
            Assert.Equal(T0.AddSeconds(Rounds - 1), shared.Latest!.ObservedAt);
            Assert.Equal(Rounds - 1, shared.Latest.Connections / 100);
        }
    }

    private sealed record Operation(int Kind, int Pod, long Connections, int Second);

    [Fact]
    public void Any_sequence_of_operations_matches_a_dictionary_model() =>
        Gen.Select(Gen.Int[0, 2], Gen.Int[0, 5], Gen.Long[0, 30_000], Gen.Int[0, 60], (kind, pod, connections, second) => new Operation(kind, pod, connections, second))
            .List[0, 60]
            .Sample(operations =>
            {
                var store = new ConnectionStore(TimeSpan.FromSeconds(30));
                var model = new SortedDictionary<PodReference, (long Connections, DateTimeOffset At)?>();
                foreach (var operation in operations)
                {
                    var pod = new PodReference(operation.Pod % 2 == 0 ? "even" : "odd", $"erlmcp-{operation.Pod}");
                    var at = T0.AddSeconds(operation.Second);
                    switch (operation.Kind)
                    {
                        case 0:
                            var held = model.GetValueOrDefault(pod);
                            var newer = held is not { } h || h.At <= at;
                            Assert.Equal(newer, store.Record(pod, new ConnectionObservation(operation.Connections, at, TimeSpan.Zero, "erlang")));
                            model[pod] = newer ? (operation.Connections, at) : held;
                            break;
                        case 1:
                            store.DescribePod(pod, new Dictionary<string, string> { ["pod"] = pod.Name }, "erlmcp");
                            model.TryAdd(pod, null);
                            break;
                        default:
                            Assert.Equal(model.Remove(pod), store.Remove(pod));
                            break;
                    }
                }

                var now = T0.AddSeconds(60);
                var snapshot = store.Snapshot(now);
                Assert.Equal([.. model.Keys], ConnectionStoreTests.PodsOf(snapshot.Pods));
                foreach (var (pod, value) in model)
                {
                    var fresh = value is { } v && now - v.At <= TimeSpan.FromSeconds(30);
                    Assert.Equal(fresh, snapshot.TryGetFresh(pod, out var entry));
                    if (fresh)
                    {
                        Assert.Equal(value!.Value.Connections, entry!.Latest!.Connections);
                    }
                }
            });
}
