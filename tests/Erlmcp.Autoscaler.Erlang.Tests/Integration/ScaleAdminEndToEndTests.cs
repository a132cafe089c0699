using System.Diagnostics;
using System.Net;
using Erlmcp.Autoscaler.Erlang.Terms;
using Erlmcp.Autoscaler.Erlang.Tests.Support;
using Xunit.Abstractions;

namespace Erlmcp.Autoscaler.Erlang.Tests.Integration;

/// <summary>Timing-sensitive tests run alone, so that other tests' nodes do not compete for the CPU meanwhile.</summary>
[CollectionDefinition(nameof(RunAlone), DisableParallelization = true)]
public sealed class RunAlone;

/// <summary>
/// The agent's effects seen from outside, as a Kubernetes probe and erlmcp's clients see them: the readiness
/// endpoint over HTTP, new and existing TCP connections to the node's listener, and pushes in our mailbox. Each test
/// leaves the node serving with no connections.
/// </summary>
[Collection(nameof(RunAlone))]
public sealed class ScaleAdminEndToEndTests(ScaleAdminNodeFixture agent, ITestOutputHelper output) : IClassFixture<ScaleAdminNodeFixture>, IAsyncLifetime
{
    private readonly List<EchoConnection> _connections = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var connection in _connections)
        {
            connection.Dispose();
        }

        await agent.AdminAsync("end_drain");
        await WaitForTotalAsync(0);
    }

    [Fact]
    public async Task A_drain_turns_readiness_503_at_once_and_refuses_new_connections_after_the_health_check_wait()
    {
        var healthCheckWait = TimeSpan.FromSeconds(3);
        var existing = await OpenConnectionsAsync(1);
        await WaitForTotalAsync(1);
        Assert.Equal((HttpStatusCode.OK, "serving\n"), await GetReadyAsync());

        var drainStarted = Stopwatch.StartNew();
        await agent.AdminAsync("begin_drain", new ErlangMap((new ErlangAtom("health_check_wait_ms"), (long)healthCheckWait.TotalMilliseconds)));
        var readyDuringWait = await GetReadyAsync();
        var connectDuringWait = await EchoConnection.TryConnectAsync(agent.ListenerPort);
        var checkedWithinWait = drainStarted.Elapsed < healthCheckWait;

        Assert.Equal((HttpStatusCode.ServiceUnavailable, "draining\n"), readyDuringWait);
        Assert.True(checkedWithinWait, $"the checks after begin_drain took {drainStarted.Elapsed}, longer than the health-check wait");
        Assert.Equal(ConnectOutcome.Open, connectDuringWait);

        await Eventually.HoldsAsync("the listener stops accepting", async () => !(await agent.AdminAsync("status"))["accepting"].AsBool());
        Assert.True(drainStarted.Elapsed >= healthCheckWait, $"the listener stopped accepting after {drainStarted.Elapsed}, before the health-check wait");
        Assert.Contains(await EchoConnection.TryConnectAsync(agent.ListenerPort), new[] { ConnectOutcome.Refused, ConnectOutcome.ClosedAtOnce });
        Assert.True(await existing[0].EchoesAsync(), "a connection opened before the drain was dropped");
        Assert.Equal((HttpStatusCode.ServiceUnavailable, "draining\n"), await GetReadyAsync());

        var serving = await agent.AdminAsync("end_drain");

        Assert.Equal("serving", serving["state"].AsAtom());
        Assert.Equal((HttpStatusCode.OK, "serving\n"), await GetReadyAsync());
        Assert.Equal(ConnectOutcome.Open, await EchoConnection.TryConnectAsync(agent.ListenerPort));
    }

    [Fact]
    public async Task A_shed_closes_exactly_the_requested_connections_no_faster_than_the_requested_rate()
    {
        const int open = 30, count = 10, ratePerSecond = 20;
        var connections = await OpenConnectionsAsync(open);
        await WaitForTotalAsync(open);

        var job = (await agent.AdminAsync("shed", new ErlangMap(
            (new ErlangAtom("count"), (long)count), (new ErlangAtom("rate_per_s"), (long)ratePerSecond), (new ErlangAtom("reason"), ErlangBinary.FromUtf8("end-to-end test")))))["job"];
        ErlangMap progress = null!;
        await Eventually.HoldsAsync("the shed job finishes", async () => (progress = await agent.AdminAsync("shed_status", job))["state"].AsAtom() == "done");
        await Eventually.HoldsAsync($"{count} sockets see the close", () => Task.FromResult(connections.Count(c => c.Closed.IsCompleted) >= count), TimeSpan.FromSeconds(5));

        // A surplus close would reach its socket within this time too.
        await Task.Delay(500);
        var closes = connections.Where(c => c.Closed.IsCompleted).Select(c => c.ClosedAt).Order().ToList();
        Assert.Equal(count, closes.Count);
        Assert.Equal(count, progress["closed"].AsLong());
        Assert.Equal(0L, progress["remaining"].AsLong());
        foreach (var survivor in connections.Where(c => !c.Closed.IsCompleted))
        {
            Assert.True(await survivor.EchoesAsync(), "a connection the shed did not close stopped echoing");
        }

        await WaitForTotalAsync(open - count);

        // Spread over the second, not in a burst: 10 closes at 20/s take (10 - 1) / 20 s from first to last.
        var span = Stopwatch.GetElapsedTime(closes[0], closes[^1]);
        output.WriteLine($"closes seen at {string.Join(", ", closes.Select(t => $"{Stopwatch.GetElapsedTime(closes[0], t).TotalMilliseconds:F0}"))} ms");
        Assert.True(span >= TimeSpan.FromSeconds((count - 1) / (double)ratePerSecond) - TimeSpan.FromMilliseconds(50), $"the {count} closes took only {span.TotalMilliseconds} ms");
        var busiestWindow = closes.Max(start => closes.Count(t => t >= start && Stopwatch.GetElapsedTime(start, t) <= TimeSpan.FromMilliseconds(50)));
        Assert.True(busiestWindow <= 2, $"{busiestWindow} closes fell within one 50 ms window: {string.Join(", ", closes.Select(t => Stopwatch.GetElapsedTime(closes[0], t).TotalMilliseconds))} ms");
    }

    [Fact]
    public async Task Subscribe_pushes_follow_connections_opening_and_closing_at_most_once_per_min_interval()
    {
        const int intervalMs = 400, open = 30;
        var client = agent.Client;
        using var stopReading = new CancellationTokenSource();
        var messages = new List<ErlangTerm>();
        var reader = Task.Run(async () =>
        {
            await foreach (var message in client.ReadMailboxAsync(stopReading.Token))
            {
                lock (messages)
                {
                    messages.Add(message);
                }
            }
        });
        var opening = Stopwatch.StartNew();
        var subscribed = await agent.AdminAsync("subscribe", client.Self, new ErlangMap((new ErlangAtom("min_interval_ms"), (long)intervalMs)));
        List<(long Total, long NodeMs)> pushes;
        try
        {
            Assert.Equal(0L, subscribed["total"].AsLong());

            // 30 changes, one every 40 ms or so.
            for (var i = 0; i < open; i++)
            {
                await OpenConnectionsAsync(1);
                await Task.Delay(40);
            }

            await Eventually.HoldsAsync($"a push of {open}", () => Task.FromResult(Pushes(messages).Any(p => p.Total == open)));
            opening.Stop();
            foreach (var connection in _connections)
            {
                connection.Dispose();
            }

            _connections.Clear();
            await Eventually.HoldsAsync("a push of 0 after the closes", () => Task.FromResult(Pushes(messages).SkipWhile(p => p.Total != open).Any(p => p.Total == 0)));
        }
        finally
        {
            await agent.AdminAsync("unsubscribe", client.Self);
            await stopReading.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => reader);
            pushes = Pushes(messages);
        }

        // The first push tells where the count stands; while connections open, the totals only grow, and the
        // changes inside an interval are sent together when it ends (with the value of that moment): 30 changes
        // give a handful of pushes, one per interval of the time they took.
        output.WriteLine($"opening took {opening.ElapsedMilliseconds} ms; pushes (total @ node ms): {string.Join(", ", pushes.Select(p => $"{p.Total} @ {p.NodeMs - pushes[0].NodeMs}"))}");
        var whileOpening = pushes.TakeWhile(p => p.Total != open).Append(pushes.First(p => p.Total == open)).ToList();
        Assert.Equal(0L, pushes[0].Total);
        Assert.Equal([.. whileOpening.Select(p => p.Total).Order()], whileOpening.Select(p => p.Total));
        Assert.InRange(whileOpening.Count, 3, 2 + (int)(opening.ElapsedMilliseconds / intervalMs));
        Assert.Equal(0L, pushes[^1].Total);
        Assert.All(pushes.Zip(pushes.Skip(1)), pair => Assert.NotEqual(pair.First.Total, pair.Second.Total));
        Assert.All(pushes.Zip(pushes.Skip(1)), pair => Assert.True(
            pair.Second.NodeMs - pair.First.NodeMs >= intervalMs,
            $"pushes of {pair.First.Total} and {pair.Second.Total} were stamped {pair.Second.NodeMs - pair.First.NodeMs} ms apart"));
    }

    /// <summary>The (total, node time) of each push among the messages: {erlmcp_scale_admin, connections, Node, Total, TsMs}.</summary>
    private List<(long Total, long NodeMs)> Pushes(List<ErlangTerm> messages)
    {
        lock (messages)
        {
            return
            [
                .. messages
                    .OfType<ErlangTuple>()
                    .Where(m => m.Count == 5 && m[0].Equals(new ErlangAtom("erlmcp_scale_admin")) && m[1].Equals(new ErlangAtom("connections"))
                        && m[2].Equals(new ErlangAtom(agent.Node.NodeName)))
                    .Select(m => (m[3].AsLong(), m[4].AsLong())),
            ];
        }
    }

    private async Task<(HttpStatusCode, string)> GetReadyAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        using var response = await http.GetAsync(new Uri($"http://127.0.0.1:{agent.ReadinessPort}/ready"));
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private async Task<IReadOnlyList<EchoConnection>> OpenConnectionsAsync(int count)
    {
        var opened = new List<EchoConnection>();
        for (var i = 0; i < count; i++)
        {
            opened.Add(await EchoConnection.OpenAsync(agent.ListenerPort));
        }

        _connections.AddRange(opened);
        return opened;
    }

    private Task WaitForTotalAsync(long total) =>
        Eventually.HoldsAsync($"connection_count total {total}", async () => (await agent.AdminAsync("connection_count"))["total"].AsLong() == total);
}
