using Erlmcp.Autoscaler.Erlang.Terms;
using Erlmcp.Autoscaler.Erlang.Tests.Support;

namespace Erlmcp.Autoscaler.Erlang.Tests.Integration;

/// <summary>leave_cluster and join_cluster called from .NET, checked with erlang:nodes() on both nodes.</summary>
public sealed class ClusterMembershipEndToEndTests(ScaleAdminClusterFixture cluster) : IClassFixture<ScaleAdminClusterFixture>
{
    [Fact]
    public async Task Leave_cluster_disconnects_both_sides_and_join_cluster_reconnects_them()
    {
        var (first, second) = (cluster.First, cluster.Second);
        Assert.Equal([second.NodeName], await cluster.VisibleNodesOfAsync(first));
        Assert.Equal([first.NodeName], await cluster.VisibleNodesOfAsync(second));

        var left = (await cluster.AdminAsync(first, "leave_cluster", new ErlangMap((new ErlangAtom("timeout_ms"), 5000L)))).UnwrapOk().AsMap();

        Assert.Equal("leaving", left["state"].AsAtom());
        Assert.Equal(new ErlangList(new ErlangAtom(second.NodeName)), left["disconnected"]);
        Assert.Equal(ErlangList.Empty, left["remaining"]);
        Assert.Empty(await cluster.VisibleNodesOfAsync(first));
        await Eventually.HoldsAsync($"{second.NodeName} no longer lists {first.NodeName}", async () => (await cluster.VisibleNodesOfAsync(second)).Count == 0);

        var seeds = new ErlangMap((new ErlangAtom("seeds"), new ErlangList(new ErlangAtom(second.NodeName))));
        var refused = await cluster.AdminAsync(first, "join_cluster", seeds);
        Assert.Equal(new ErlangTuple(ErlangAtom.Error, new ErlangTuple(new ErlangAtom("refused"), new ErlangAtom("leaving"))), refused);

        (await cluster.AdminAsync(first, "end_drain")).UnwrapOk();
        var joined = (await cluster.AdminAsync(first, "join_cluster", seeds)).UnwrapOk().AsMap();

        Assert.Equal(new ErlangList(new ErlangAtom(second.NodeName)), joined["connected"]);
        Assert.Equal(ErlangList.Empty, joined["failed"]);
        Assert.Equal([second.NodeName], await cluster.VisibleNodesOfAsync(first));
        Assert.Equal([first.NodeName], await cluster.VisibleNodesOfAsync(second));
    }
}
