using System.Net.Sockets;
using Erlmcp.Autoscaler.Erlang.Terms;
using Erlmcp.Autoscaler.Erlang.Tests.Support;

namespace Erlmcp.Autoscaler.Erlang.Tests.Integration;

/// <summary>
/// The node contract of DESIGN.md called from .NET on the real agent. The tests share one node and run one at
/// a time (one class), each leaving it serving with no connections.
/// </summary>
public sealed class ScaleAdminIntegrationTests(ScaleAdminNodeFixture agent) : IClassFixture<ScaleAdminNodeFixture>, IAsyncLifetime
{
    private readonly List<TcpClient> _connections = [];

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
    public async Task Status_reports_the_node_serving()
    {
        var status = await agent.AdminAsync("status");

        Assert.Equal(agent.Node.NodeName, status["node"].AsAtom());
        Assert.Equal("serving", status["state"].AsAtom());
        Assert.True(status["accepting"].AsBool());
        Assert.Equal(100L, status["limit"].AsLong());
    }

    [Fact]
    public async Task Connection_count_counts_real_TCP_connections_opened_from_dotnet()
    {
        await OpenConnectionsAsync(3);

        var count = await WaitForTotalAsync(3);

        Assert.Equal(3L, count["by_listener"].AsMap()["tcp"].AsLong());
        Assert.Equal(100L, count["limit"].AsLong());
        Assert.True(count["accepting"].AsBool());
        Assert.InRange(count["ts_ms"].AsLong(), DateTimeOffset.UtcNow.AddMinutes(-5).ToUnixTimeMilliseconds(), DateTimeOffset.UtcNow.AddMinutes(5).ToUnixTimeMilliseconds());
    }

    [Fact]
    public async Task Subscribe_pushes_connection_totals_to_our_mailbox()
    {
        var client = agent.Client;
        await agent.AdminAsync("subscribe", client.Self, new ErlangMap((new ErlangAtom("min_interval_ms"), 0L)));
        try
        {
            await OpenConnectionsAsync(2);

            // {erlmcp_scale_admin, connections, Node, Total, TsMs}, up to the total of 2.
            var push = (await RpcIntegrationTests.ReadMailboxUntilAsync(client, m => IsPush(m) && m.AsTuple()[3].AsLong() == 2)).AsTuple();
            Assert.Equal(new ErlangAtom("connections"), push[1]);
            Assert.Equal(new ErlangAtom(agent.Node.NodeName), push[2]);
            Assert.True(push[4].AsLong() > 0);
        }
        finally
        {
            await agent.AdminAsync("unsubscribe", client.Self);
        }
    }

    [Fact]
    public async Task Begin_drain_stops_accepting_and_end_drain_resumes()
    {
        var draining = await agent.AdminAsync("begin_drain", new ErlangMap((new ErlangAtom("health_check_wait_ms"), 0L)));
        Assert.Contains(draining["state"].AsAtom(), new[] { "draining", "drained" });
        Assert.False(draining["ready"].AsBool());
        await Eventually.HoldsAsync("the listener stops accepting", async () => !(await agent.AdminAsync("status"))["accepting"].AsBool());

        var serving = await agent.AdminAsync("end_drain");

        Assert.Equal("serving", serving["state"].AsAtom());
        Assert.True((await agent.AdminAsync("status"))["accepting"].AsBool());
    }

    [Fact]
    public async Task Shed_closes_the_requested_connections_and_reports_progress()
    {
        await OpenConnectionsAsync(4);
        await WaitForTotalAsync(4);

        var job = (await agent.AdminAsync("shed", new ErlangMap(
            (new ErlangAtom("count"), 2L), (new ErlangAtom("rate_per_s"), 100L), (new ErlangAtom("reason"), ErlangBinary.FromUtf8("dotnet test")))))["job"];
        ErlangMap progress = null!;
        await Eventually.HoldsAsync("the shed job finishes", async () => (progress = await agent.AdminAsync("shed_status", job))["state"].AsAtom() == "done");

        Assert.Equal(2L, progress["requested"].AsLong());
        Assert.Equal(2L, progress["closed"].AsLong());
        Assert.Equal(0L, progress["remaining"].AsLong());
        await WaitForTotalAsync(2);
    }

    [Fact]
    public async Task A_bad_argument_comes_back_as_an_error_reply_naming_the_field()
    {
        var reply = await agent.Client.RpcAsync("erlmcp_scale_admin", "shed", [new ErlangMap((new ErlangAtom("count"), 0L), (new ErlangAtom("rate_per_s"), 1L))]);

        var error = Assert.Throws<Errors.ErlangErrorReplyException>(() => reply.UnwrapOk());
        Assert.Contains("count", error.Reason.ToString(), StringComparison.Ordinal);
    }

    private static bool IsPush(ErlangTerm message) =>
        message is ErlangTuple { Count: 5 } tuple && tuple[0].Equals(new ErlangAtom("erlmcp_scale_admin"));

    private async Task OpenConnectionsAsync(int count)
    {
        for (var i = 0; i < count; i++)
        {
            var connection = new TcpClient();
            _connections.Add(connection);
            await connection.ConnectAsync("127.0.0.1", agent.ListenerPort);
        }
    }

    private async Task<ErlangMap> WaitForTotalAsync(long total)
    {
        ErlangMap count = null!;
        await Eventually.HoldsAsync($"connection_count total {total}", async () => (count = await agent.AdminAsync("connection_count"))["total"].AsLong() == total);
        return count;
    }
}
