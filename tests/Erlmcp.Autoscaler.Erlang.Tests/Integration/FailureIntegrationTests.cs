using System.Diagnostics;
using Erlmcp.Autoscaler.Erlang.Connection;
using Erlmcp.Autoscaler.Erlang.Errors;
using Erlmcp.Autoscaler.Erlang.Handshake;
using Erlmcp.Autoscaler.Erlang.Terms;
using Erlmcp.Autoscaler.Erlang.Tests.Support;

namespace Erlmcp.Autoscaler.Erlang.Tests.Integration;

/// <summary>What a user sees when things go wrong, against real nodes.</summary>
public sealed class FailureIntegrationTests(SharedNodeFixture shared) : IClassFixture<SharedNodeFixture>
{
    [Fact]
    public async Task A_wrong_cookie_is_reported_as_an_authentication_error_without_the_cookie()
    {
        const string wrongCookie = "definitely_not_the_cookie_4711";
        await using var pool = new ErlangConnectionPool(new ErlangNodeOptions { Cookie = new ErlangCookie(wrongCookie) });

        var error = await Assert.ThrowsAsync<ErlangAuthenticationException>(() => pool.GetClient(shared.Node.NodeName).RpcAsync("erlang", "node", []));

        Assert.Equal(shared.Node.NodeName, error.Node);
        Assert.Contains("the cookie is wrong or the node refused us", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(wrongCookie, error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(shared.Node.Cookie, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_node_missing_from_EPMD_is_reported_with_its_name_and_host()
    {
        var host = ErlangTestNode.ShortHostName();
        await using var pool = new ErlangConnectionPool(shared.Node.ClientOptions());

        var error = await Assert.ThrowsAsync<ErlangNodeNotRegisteredException>(() => pool.GetClient($"nobody_here_1234@{host}").RpcAsync("erlang", "node", []));

        Assert.Equal("nobody_here_1234", error.NodeName);
        Assert.Equal(host, error.Host);
        Assert.Contains($"'nobody_here_1234' is registered in EPMD on {host}:4369", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_EPMD_that_does_not_answer_is_reported_with_host_and_port()
    {
        var deadPort = ErlangTestNode.FreeTcpPort();
        await using var pool = new ErlangConnectionPool(shared.Node.ClientOptions() with { EpmdPort = deadPort });

        var error = await Assert.ThrowsAsync<ErlangEpmdUnreachableException>(() => pool.GetClient(shared.Node.NodeName).RpcAsync("erlang", "node", []));

        Assert.Equal(deadPort, error.Port);
        Assert.Equal(ErlangTestNode.ShortHostName(), error.Host);
        Assert.Contains("connection refused", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_node_whose_allow_list_excludes_us_refuses_with_not_allowed()
    {
        await using var node = await ErlangTestNode.StartAsync(new ErlangTestNodeSettings { StartupExpression = "net_kernel:allow(['someone_else@nowhere'])" });
        await using var pool = new ErlangConnectionPool(node.ClientOptions());

        var error = await Assert.ThrowsAsync<ErlangHandshakeRefusedException>(() => pool.GetClient(node.NodeName).RpcAsync("erlang", "node", []));

        Assert.Equal("not_allowed", error.Status);
        Assert.Equal(node.NodeName, error.Node);
    }

    [Fact]
    public async Task A_node_killed_during_a_call_fails_the_call_with_node_down_at_once()
    {
        await using var node = await ErlangTestNode.StartAsync();
        await using var pool = new ErlangConnectionPool(node.ClientOptions() with { CallTimeout = TimeSpan.FromMinutes(5) });
        var client = pool.GetClient(node.NodeName);
        await client.ConnectAsync();
        var sleeping = client.RpcAsync("timer", "sleep", [600_000L]);
        var moreSleeping = client.RpcAsync("timer", "sleep", [600_000L]);
        await WaitUntilAsync(async () => await CountSleepersAsync(client) >= 2);

        var killedAt = Stopwatch.StartNew();
        await node.KillAsync();

        var error = await Assert.ThrowsAsync<ErlangNodeDownException>(() => sleeping);
        await Assert.ThrowsAsync<ErlangNodeDownException>(() => moreSleeping);
        Assert.Equal(node.NodeName, error.Node);
        // Far less than the 5-minute call timeout: the closed socket is noticed, not waited out.
        Assert.True(killedAt.Elapsed < TimeSpan.FromSeconds(30), $"node down took {killedAt.Elapsed}");
        Assert.False(client.IsConnected);
    }

    [Fact]
    public async Task After_the_node_restarts_the_next_call_reconnects()
    {
        await using var node = await ErlangTestNode.StartAsync();
        await using var pool = new ErlangConnectionPool(node.ClientOptions());
        var client = pool.GetClient(node.NodeName);
        var before = await client.RpcAsync("os", "getpid", []);

        await node.RestartAsync();
        var after = await client.RpcAsync("os", "getpid", []);

        Assert.NotEqual(before, after);
        Assert.Equal(2, client.ConnectionsOpened);
    }

    [Fact]
    public async Task A_call_while_the_node_is_down_fails_and_the_retry_waits_out_the_backoff()
    {
        await using var node = await ErlangTestNode.StartAsync();
        await using var pool = new ErlangConnectionPool(node.ClientOptions() with { ReconnectInitialDelay = TimeSpan.FromSeconds(1) });
        var client = pool.GetClient(node.NodeName);
        await client.ConnectAsync();
        await node.KillAsync();

        await Assert.ThrowsAsync<ErlangNodeNotRegisteredException>(() => client.RpcAsync("erlang", "node", []));
        var retry = Stopwatch.StartNew();
        await Assert.ThrowsAsync<ErlangNodeNotRegisteredException>(() => client.RpcAsync("erlang", "node", []));

        Assert.True(retry.Elapsed >= TimeSpan.FromSeconds(0.9), $"the retry came after {retry.Elapsed}, before the 1 s backoff");
    }

    [Fact]
    public async Task A_silent_node_is_declared_down_after_the_net_tick_time()
    {
        await using var node = await ErlangTestNode.StartAsync();
        await using var pool = new ErlangConnectionPool(node.ClientOptions() with { NetTickTime = TimeSpan.FromSeconds(2), CallTimeout = TimeSpan.FromMinutes(5) });
        var client = pool.GetClient(node.NodeName);
        await client.ConnectAsync();
        var call = client.RpcAsync("timer", "sleep", [600_000L]);

        node.Freeze();
        try
        {
            var error = await Assert.ThrowsAsync<ErlangNodeDownException>(() => call.WaitAsync(TimeSpan.FromSeconds(60)));
            Assert.Contains("longer than NetTickTime (2 s)", error.Reason, StringComparison.Ordinal);
        }
        finally
        {
            await node.KillAsync();
        }
    }

    /// <summary>How many processes on the node are in timer:sleep (our rpc calls in flight).</summary>
    private static async Task<int> CountSleepersAsync(ErlangNodeClient client)
    {
        var processes = (await client.RpcAsync("erlang", "processes", [])).AsList();
        var sleepers = 0;
        foreach (var pid in processes)
        {
            var info = await client.RpcAsync("erlang", "process_info", [pid, new ErlangAtom("current_function")]);
            if (info is ErlangTuple { Count: 2 } found && found[1].Equals(new ErlangTuple(new ErlangAtom("timer"), new ErlangAtom("sleep"), 1L)))
            {
                sleepers++;
            }
        }

        return sleepers;
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = Stopwatch.StartNew();
        while (!await condition())
        {
            if (deadline.Elapsed > TimeSpan.FromSeconds(30))
            {
                throw new TimeoutException("The condition did not become true within 30 s.");
            }

            await Task.Delay(50);
        }
    }
}
