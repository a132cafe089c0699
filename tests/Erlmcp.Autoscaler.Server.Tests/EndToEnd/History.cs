using Xunit.Abstractions;

namespace Erlmcp.Autoscaler.Server.Tests.EndToEnd;

/// <summary>Assertions and a readable dump over a <see cref="ClusterHistory"/>.</summary>
internal static class History
{
    /// <summary>
    /// Each pod in <paramref name="ordinals"/> held no connection when it left the Erlang cluster and when its
    /// container was stopped, and left before the StatefulSet was first lowered below it.
    /// </summary>
    public static void AssertRemovedEmptyAfterLeaving(ClusterHistory history, IEnumerable<int> ordinals)
    {
        foreach (var ordinal in ordinals)
        {
            var pod = InMemoryCluster.PodName(ordinal);
            var leaves = history.Leaves.Where(l => l.Pod == pod).ToList();
            Assert.True(leaves.Count > 0, $"{pod} never left the Erlang cluster");
            Assert.All(leaves, leave => Assert.Equal(0, leave.Connections));
            var lowered = history.Scales.FirstOrDefault(s => s.From > ordinal && s.To <= ordinal);
            Assert.True(lowered is not null, $"the StatefulSet was never lowered below {pod}");
            Assert.True(leaves[0].Sequence < lowered.Sequence, $"the StatefulSet went {lowered.From} -> {lowered.To} before {pod} left the cluster");
            Assert.Equal([0L], history.Stops.Where(s => s.Pod == pod && !s.Crash).Select(s => s.Connections));
        }
    }

    /// <summary>The history without status writes, one line each, for the test's output.</summary>
    public static void Write(ITestOutputHelper output, ClusterHistory history)
    {
        foreach (var entry in history.Entries.Where(e => e is not StatusWritten and not PodReadinessChanged))
        {
            output.WriteLine(entry.ToString());
        }

        output.WriteLine($"{history.StatusWrites.Count} status writes");
    }
}
