using Erlmcp.Autoscaler.Core.Scaling;

namespace Erlmcp.Autoscaler.Core.Tests.Scaling;

public sealed class PlannedActionTests
{
    [Fact]
    public void Node_actions_are_equal_only_for_the_same_pod()
    {
        Assert.Equal(new EndDrain(2), new EndDrain(2));
        Assert.NotEqual(new EndDrain(2), new EndDrain(3));
        Assert.NotEqual<PlannedAction>(new EndDrain(2), new LeaveCluster(2));
        Assert.NotEqual(new Shed(1, 10, 5, "drain"), new Shed(2, 10, 5, "drain"));
    }

    [Fact]
    public void Joins_compare_their_seeds_by_value()
    {
        Assert.Equal(new JoinCluster(4, [0, 1]), new JoinCluster(4, new List<int> { 0, 1 }));
        Assert.Equal(new JoinCluster(4, [0, 1]).GetHashCode(), new JoinCluster(4, new List<int> { 0, 1 }).GetHashCode());
        Assert.NotEqual(new JoinCluster(4, [0, 1]), new JoinCluster(4, [1, 0]));
        Assert.Equal("JoinCluster { Pod = 4, Seeds = [0, 1] }", new JoinCluster(4, [0, 1]).ToString());
    }

    [Fact]
    public void A_decision_reads_as_the_action_and_why_or_as_a_wait()
    {
        Assert.Equal("EndDrain { Pod = 2 }: it stays", new Decision(new EndDrain(2), "it stays").ToString());
        Assert.Equal("wait: waiting for erlmcp-5 to become ready", new Decision(null, "waiting for erlmcp-5 to become ready").ToString());
    }
}
