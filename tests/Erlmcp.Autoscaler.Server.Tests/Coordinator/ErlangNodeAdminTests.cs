using System.Net.Sockets;
using Erlmcp.Autoscaler.Core.Scaling;
using Erlmcp.Autoscaler.Erlang.Connection;
using Erlmcp.Autoscaler.Erlang.Tests.Integration;
using Erlmcp.Autoscaler.Erlang.Tests.Support;
using Erlmcp.Autoscaler.Server.Coordinator;

namespace Erlmcp.Autoscaler.Server.Tests.Coordinator;

/// <summary>
/// Two real nodes running the erlmcp_scale_admin agent (built from src/erlang), with one cookie and not connected to
/// each other, reached by <see cref="ErlangNodeAdmin"/> as a hidden node.
/// </summary>
public sealed class ErlangAgentsFixture : IAsyncLifetime
{
    private string _buildDirectory = string.Empty;

    public ErlangTestNode First { get; private set; } = null!;

    public ErlangTestNode Second { get; private set; } = null!;

    public ErlangConnectionPool Pool { get; private set; } = null!;

    public ErlangNodeAdmin Admin { get; private set; } = null!;

    /// <summary>The port of the first node's gen_tcp listener, whose connections its agent counts, drains and sheds.</summary>
    public int FirstListenerPort { get; private set; }

    public async Task InitializeAsync()
    {
        _buildDirectory = await ScaleAdminAgent.BuildAsync();
        First = await ScaleAdminAgent.StartNodeAsync(_buildDirectory);
        Second = await ScaleAdminAgent.StartNodeAsync(_buildDirectory, First.Cookie);
        Pool = new ErlangConnectionPool(First.ClientOptions());
        Admin = new ErlangNodeAdmin(Pool, TimeSpan.FromSeconds(30));
        var ports = (await Pool.GetClient(First.NodeName).RpcAsync("erlmcp_scale_admin_testnode", "ports", [])).UnwrapOk().AsMap();
        FirstListenerPort = ports["listener_port"].AsInt();
    }

    public async Task DisposeAsync()
    {
        await Pool.DisposeAsync();
        await First.DisposeAsync();
        await Second.DisposeAsync();
        Directory.Delete(_buildDirectory, recursive: true);
    }
}

/// <summary>
/// <see cref="ErlangNodeAdmin"/> against the real agent. The tests share two nodes and run one at a time (one class);
/// each leaves them serving, apart, and without connections.
/// </summary>
public sealed class ErlangNodeAdminTests(ErlangAgentsFixture agents) : IClassFixture<ErlangAgentsFixture>, IAsyncLifetime
{
    private readonly List<TcpClient> _clients = [];

    private ErlangNodeAdmin Admin => agents.Admin;

    private string First => agents.First.NodeName;

    private string Second => agents.Second.NodeName;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }

        await Admin.EndDrainAsync(First, CancellationToken.None);
        await Eventually.HoldsAsync("the first node holds no connection", async () => (await StatusAsync(First)).Connections == 0);
    }

    [Fact]
    public async Task Status_reports_the_node_exactly()
    {
        var status = await StatusAsync(First);

        Assert.Equal((First, NodeState.Serving, true, 0L, 100L, 0L), (status.Node, status.State, status.Accepting, status.Connections, status.Limit, status.ShedRemaining));
        Assert.Empty(status.ClusterNodes);
        Assert.Empty(status.RunningShedJobs);
    }

    [Fact]
    public async Task Status_counts_the_open_client_connections()
    {
        await ConnectAsync(3);

        await Eventually.HoldsAsync("status counts 3 connections", async () => (await StatusAsync(First)).Connections == 3);
    }

    [Fact]
    public async Task Begin_drain_stops_accepting_and_end_drain_serves_again()
    {
        await ConnectAsync(1);
        await Eventually.HoldsAsync("status counts 1 connection", async () => (await StatusAsync(First)).Connections == 1);

        await Admin.BeginDrainAsync(First, TimeSpan.Zero, CancellationToken.None);
        NodeReport draining = null!;
        await Eventually.HoldsAsync("the listener stops accepting", async () => !(draining = await StatusAsync(First)).Accepting);
        // Not drained: a client is still connected.
        Assert.Equal(NodeState.Draining, draining.State);

        await Admin.EndDrainAsync(First, CancellationToken.None);
        var serving = await StatusAsync(First);
        Assert.Equal((NodeState.Serving, true, 1L), (serving.State, serving.Accepting, serving.Connections));
    }

    [Fact]
    public async Task A_drained_node_with_no_connection_reports_drained()
    {
        await Admin.BeginDrainAsync(First, TimeSpan.Zero, CancellationToken.None);

        NodeReport drained = null!;
        await Eventually.HoldsAsync("the node is drained", async () => (drained = await StatusAsync(First)).State == NodeState.Drained);
        Assert.False(drained.Accepting);
    }

    [Fact]
    public async Task Shed_closes_the_requested_count_and_its_job_is_seen_running_then_gone()
    {
        await ConnectAsync(4);
        await Eventually.HoldsAsync("status counts 4 connections", async () => (await StatusAsync(First)).Connections == 4);

        var job = await Admin.ShedAsync(First, 2, 100, "coordinator test", CancellationToken.None);

        Assert.True(job > 0, $"job id {job}");
        await Eventually.HoldsAsync("the shed job ends with 2 connections left", async () => await StatusAsync(First) is { RunningShedJobs.Count: 0, ShedRemaining: 0, Connections: 2 });
    }

    [Fact]
    public async Task Cancel_shed_stops_a_running_job()
    {
        await ConnectAsync(4);
        await Eventually.HoldsAsync("status counts 4 connections", async () => (await StatusAsync(First)).Connections == 4);
        var job = await Admin.ShedAsync(First, 3, 1, "slow shed", CancellationToken.None);
        var running = await StatusAsync(First);
        Assert.Equal([job], running.RunningShedJobs);
        Assert.InRange(running.ShedRemaining, 2, 3);

        await Admin.CancelShedAsync(First, job, CancellationToken.None);

        var cancelled = await StatusAsync(First);
        Assert.Empty(cancelled.RunningShedJobs);
        Assert.Equal(0, cancelled.ShedRemaining);
        Assert.InRange(cancelled.Connections, 2, 4);
    }

    [Fact]
    public async Task Join_connects_the_two_nodes_and_leave_parts_them_and_refuses_joins_until_end_drain()
    {
        await Admin.JoinClusterAsync(First, [Second], CancellationToken.None);

        Assert.Equal([Second], (await StatusAsync(First)).ClusterNodes);
        Assert.Equal([First], (await StatusAsync(Second)).ClusterNodes);

        await Admin.LeaveClusterAsync(First, TimeSpan.FromSeconds(5), CancellationToken.None);

        var left = await StatusAsync(First);
        Assert.Equal(NodeState.Leaving, left.State);
        Assert.Empty(left.ClusterNodes);
        await Eventually.HoldsAsync("the second node sees the first gone", async () => (await StatusAsync(Second)).ClusterNodes.Count == 0);
        var refused = await Assert.ThrowsAsync<NodeAdminException>(() => Admin.JoinClusterAsync(First, [Second], CancellationToken.None));
        Assert.Equal($"erlmcp_scale_admin:join_cluster on node '{First}' failed: {{error, {{refused,leaving}}}}", refused.Message);

        await Admin.EndDrainAsync(First, CancellationToken.None);
        Assert.Equal(NodeState.Serving, (await StatusAsync(First)).State);
    }

    [Fact]
    public async Task A_join_that_reaches_no_seed_fails_naming_the_seeds()
    {
        var gone = $"test_gone_{Guid.NewGuid():N}@{ErlangTestNode.ShortHostName()}";

        var error = await Assert.ThrowsAsync<NodeAdminException>(() => Admin.JoinClusterAsync(First, [gone], CancellationToken.None));

        Assert.Equal($"erlmcp_scale_admin:join_cluster on node '{First}' failed: could not connect to any seed ({gone})", error.Message);
        Assert.Empty((await StatusAsync(First)).ClusterNodes);
    }

    [Fact]
    public async Task An_error_reply_names_the_node_the_call_and_the_reason()
    {
        var error = await Assert.ThrowsAsync<NodeAdminException>(() => Admin.ShedAsync(First, 0, 10, "bad count", CancellationToken.None));

        Assert.Equal($"erlmcp_scale_admin:shed on node '{First}' failed: {{error, {{badarg,count,0}}}}", error.Message);
    }

    [Fact]
    public async Task A_node_that_is_not_running_fails_with_its_name()
    {
        var gone = $"test_gone_{Guid.NewGuid():N}@{ErlangTestNode.ShortHostName()}";

        var error = await Assert.ThrowsAsync<NodeAdminException>(() => Admin.StatusAsync(gone, CancellationToken.None));

        // EPMD on the node's host knows no such node: that is the reason given.
        var reason = Assert.IsType<Erlang.Errors.ErlangNodeNotRegisteredException>(error.InnerException);
        Assert.Equal($"erlmcp_scale_admin:status on node '{gone}' failed: {reason.Message}", error.Message);
    }

    private Task<NodeReport> StatusAsync(string node) => Admin.StatusAsync(node, CancellationToken.None);

    private async Task ConnectAsync(int count)
    {
        for (var i = 0; i < count; i++)
        {
            var client = new TcpClient();
            _clients.Add(client);
            await client.ConnectAsync("127.0.0.1", agents.FirstListenerPort);
        }
    }
}
