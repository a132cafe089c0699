using System.Numerics;
using Erlmcp.Autoscaler.Erlang.Errors;
using Erlmcp.Autoscaler.Erlang.Terms;

namespace Erlmcp.Autoscaler.Erlang.Tests.Integration;

/// <summary>rpc calls, sends and the mailbox against one real OTP node.</summary>
public sealed class RpcIntegrationTests(SharedNodeFixture shared) : IClassFixture<SharedNodeFixture>
{
    private static readonly TimeSpan MailboxWait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Rpc_erlang_node_returns_the_node_name()
    {
        var result = await shared.Client.RpcAsync("erlang", "node", []);

        Assert.Equal(new ErlangAtom(shared.Node.NodeName), result);
    }

    [Fact]
    public async Task Rpc_lists_reverse_returns_the_reversed_list()
    {
        var result = await shared.Client.RpcAsync("lists", "reverse", [new ErlangList(1L, new ErlangAtom("two"), ErlangBinary.FromUtf8("three"))]);

        Assert.Equal(new ErlangList(ErlangBinary.FromUtf8("three"), new ErlangAtom("two"), 1L), result);
    }

    [Fact]
    public async Task Rpc_multiplies_bignums_both_ways()
    {
        var big = BigInteger.Pow(2, 200) + 7;

        var result = await shared.Client.RpcAsync("erlang", "*", [big, -3L]);

        Assert.Equal(big * -3, result.AsBigInteger());
    }

    [Fact]
    public async Task Rpc_returns_a_map_readable_through_accessors()
    {
        var pairs = new ErlangList(
            new ErlangTuple(new ErlangAtom("connections"), 20000L),
            new ErlangTuple(new ErlangAtom("accepting"), true),
            new ErlangTuple(new ErlangAtom("node"), ErlangBinary.FromUtf8("erlmcp-0")));

        var map = (await shared.Client.RpcAsync("maps", "from_list", [pairs])).AsMap();

        Assert.Equal(20000L, map["connections"].AsLong());
        Assert.True(map["accepting"].AsBool());
        Assert.Equal("erlmcp-0", map["node"].AsString());
        Assert.Equal(3, map.Count);
    }

    [Fact]
    public async Task Rpc_ok_tuple_unwraps_to_its_value()
    {
        var result = await shared.Client.RpcAsync("erlang", "list_to_tuple", [new ErlangList(ErlangAtom.Ok, 42L)]);

        Assert.Equal(42L, result.UnwrapOk().AsLong());
    }

    [Fact]
    public async Task Rpc_returns_a_binary()
    {
        var result = await shared.Client.RpcAsync("erlang", "list_to_binary", [ErlangList.FromString("hello")]);

        Assert.Equal("hello"u8.ToArray(), result.AsBinary().ToArray());
    }

    [Fact]
    public async Task Rpc_of_an_undefined_function_raises_the_badrpc_reason()
    {
        var error = await Assert.ThrowsAsync<ErlangRpcException>(() => shared.Client.RpcAsync("no_such_module", "nope", [1L]));

        // {badrpc, {'EXIT', {undef, [{no_such_module, nope, [1], []} | _]}}}
        var exit = error.Reason.AsTuple();
        Assert.Equal(new ErlangAtom("EXIT"), exit[0]);
        Assert.Equal(new ErlangAtom("undef"), exit[1].AsTuple()[0]);
        Assert.Equal("no_such_module:nope/1", error.Call);
        Assert.Contains("undef", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rpc_of_a_crashing_function_raises_the_error_reason()
    {
        var error = await Assert.ThrowsAsync<ErlangRpcException>(() => shared.Client.RpcAsync("erlang", "error", [new ErlangAtom("boom")]));

        Assert.Equal(new ErlangAtom("boom"), error.Reason.AsTuple()[1].AsTuple()[0]);
    }

    [Fact]
    public async Task Two_hundred_concurrent_calls_on_one_connection_each_get_their_own_answer()
    {
        var client = shared.Client;
        await client.ConnectAsync();
        var opened = client.ConnectionsOpened;

        var results = await Task.WhenAll(Enumerable.Range(0, 200).Select(i => client.RpcAsync("erlang", "+", [(long)i, 1_000_000L])));

        Assert.Equal(Enumerable.Range(0, 200).Select(i => 1_000_000L + i), results.Select(r => r.AsLong()));
        Assert.Equal(opened, client.ConnectionsOpened);
    }

    [Fact]
    public async Task Replies_larger_than_the_read_buffer_arrive_whole_among_small_ones()
    {
        var client = shared.Client;
        int[] sizes = [1, 70_000, 3, 5_000_000, 65_530, 200_000, 2, 131_072, 9];

        // binary:copy(<<I>>, Size) for the I-th size, all in flight at once, so that large and small replies share reads.
        var replies = await Task.WhenAll(sizes.Select((size, i) => client.RpcAsync("binary", "copy", [new ErlangBinary([(byte)i]), (long)size])));

        for (var i = 0; i < sizes.Length; i++)
        {
            var bytes = replies[i].AsBinary();
            Assert.Equal(sizes[i], bytes.Length);
            Assert.True(bytes.Span.IndexOfAnyExcept((byte)i) < 0, $"reply {i} holds a byte other than {i}");
        }

        Assert.Equal(new ErlangAtom(shared.Node.NodeName), await client.RpcAsync("erlang", "node", []));
    }

    [Fact]
    public async Task A_call_that_outlives_its_timeout_raises_a_timeout_naming_the_call_and_the_connection_stays_usable()
    {
        var client = shared.Client;

        var error = await Assert.ThrowsAsync<ErlangTimeoutException>(
            () => client.RpcAsync("timer", "sleep", [5000L], timeout: TimeSpan.FromMilliseconds(300)));

        Assert.Equal($"rpc timer:sleep/1 on node '{shared.Node.NodeName}'", error.Operation);
        Assert.Equal(TimeSpan.FromMilliseconds(300), error.Timeout);
        Assert.Contains("300 ms", error.Message, StringComparison.Ordinal);
        Assert.Equal(new ErlangAtom(shared.Node.NodeName), await client.RpcAsync("erlang", "node", []));
    }

    [Fact]
    public async Task A_message_the_node_sends_to_our_pid_arrives_in_the_mailbox()
    {
        var client = shared.Client;
        var message = new ErlangTuple(new ErlangAtom("hello"), client.MakeRef());

        await client.RpcAsync("erlang", "send", [client.Self, message]);

        Assert.Equal(message, await ReadMailboxUntilAsync(client, m => m.Equals(message)));
    }

    [Fact]
    public async Task Sending_to_a_registered_name_reaches_that_process()
    {
        var client = shared.Client;
        var payload = client.MakeRef();

        await client.SendAsync("echo", new ErlangTuple(client.Self, payload));

        var expected = new ErlangTuple(new ErlangAtom("echo"), payload);
        Assert.Equal(expected, await ReadMailboxUntilAsync(client, m => m.Equals(expected)));
    }

    [Fact]
    public async Task Sending_to_a_pid_reaches_that_process()
    {
        var client = shared.Client;
        var echo = (await client.RpcAsync("erlang", "whereis", [new ErlangAtom("echo")])).AsPid();
        var payload = client.MakeRef();

        await client.SendAsync(echo, new ErlangTuple(client.Self, payload));

        var expected = new ErlangTuple(new ErlangAtom("echo"), payload);
        Assert.Equal(expected, await ReadMailboxUntilAsync(client, m => m.Equals(expected)));
    }

    [Fact]
    public async Task The_node_sees_us_as_a_hidden_node()
    {
        var client = shared.Client;

        var hidden = await client.RpcAsync("erlang", "nodes", [new ErlangAtom("hidden")]);
        var visible = await client.RpcAsync("erlang", "nodes", []);

        Assert.Contains(new ErlangAtom(client.LocalNodeName), hidden.AsList());
        Assert.DoesNotContain(new ErlangAtom(client.LocalNodeName), visible.AsList());
    }

    /// <summary>Reads the mailbox (as an IAsyncEnumerable) until a message matches; other tests' messages are skipped.</summary>
    internal static async Task<ErlangTerm> ReadMailboxUntilAsync(Erlmcp.Autoscaler.Erlang.Connection.ErlangNodeClient client, Func<ErlangTerm, bool> match)
    {
        using var timeout = new CancellationTokenSource(MailboxWait);
        await foreach (var message in client.ReadMailboxAsync(timeout.Token))
        {
            if (match(message))
            {
                return message;
            }
        }

        throw new InvalidOperationException("The mailbox closed.");
    }
}
