using Erlmcp.Autoscaler.Core.Connections;
using Erlmcp.Autoscaler.Server.Sources;

namespace Erlmcp.Autoscaler.Server.Tests.Sources;

public sealed class StaticPodDirectoryTests
{
    private static DiscoveredPod Pod(string name) =>
        new(new PodReference("erlmcp", name), "10.0.0.1", Ready: true, $"erlmcp@{name}", new Dictionary<string, string>(), "erlmcp");

    [Fact]
    public void KeepsThePodsInReferenceOrderAndCountsVersions()
    {
        var directory = new StaticPodDirectory([Pod("erlmcp-1"), Pod("erlmcp-0")]);

        Assert.Equal(1, directory.Current.Version);
        Assert.Equal(["erlmcp-0", "erlmcp-1"], directory.Current.Pods.Select(pod => pod.Reference.Name));
    }

    [Fact]
    public async Task AWaitForAnOlderVersionCompletesAtOnceAndOneForTheCurrentOnAtTheNextChange()
    {
        var directory = new StaticPodDirectory([Pod("erlmcp-0")]);
        Assert.True(directory.WaitForChangeAsync(0, CancellationToken.None).IsCompletedSuccessfully);

        var waiting = directory.WaitForChangeAsync(1, CancellationToken.None);
        Assert.False(waiting.IsCompleted);
        directory.Set([Pod("erlmcp-0"), Pod("erlmcp-1")]);
        await waiting.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(2, directory.Current.Version);
        Assert.Equal(2, directory.Current.Pods.Count);
    }
}
