using Erlmcp.Autoscaler.Erlang.Connection;
using Erlmcp.Autoscaler.Server.Coordinator;

namespace Erlmcp.Autoscaler.Server.Tests.EndToEnd;

/// <summary>
/// A <see cref="ClusterCoordinator"/> over the in-memory cluster, its node calls made by <see cref="ErlangNodeAdmin"/>
/// through a distribution pool of its own (as a server replica has), run in real time by <c>RunAsync</c> until
/// stopped. Stopping it is what a leader that dies mid-plan looks like to the next one.
/// </summary>
internal sealed class RunningCoordinator : IAsyncDisposable
{
    private static readonly ClusterCoordinatorSettings Settings = new() { Tick = TimeSpan.FromMilliseconds(250) };

    private readonly ErlangConnectionPool _distribution;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _run;

    private RunningCoordinator(string name, ErlangConnectionPool distribution, ClusterCoordinator coordinator)
    {
        Name = name;
        _distribution = distribution;
        _run = Task.Run(() => coordinator.RunAsync(_stop.Token));
    }

    public string Name { get; }

    public static RunningCoordinator Start(string name, EndToEndEnvironment environment)
    {
        var distribution = new ErlangConnectionPool(environment.Fixture.NodeOptions());
        var nodes = new RecordingNodeAdmin(name, new ErlangNodeAdmin(distribution, TimeSpan.FromSeconds(10)), environment.Cluster);
        var coordinator = new ClusterCoordinator(InMemoryCluster.Namespace, InMemoryCluster.ClusterName, environment.Cluster, nodes, TimeProvider.System, Settings);
        return new RunningCoordinator(name, distribution, coordinator);
    }

    /// <summary>Cancels <c>RunAsync</c> (wherever the step is) and drops the coordinator's node connections.</summary>
    public async Task StopAsync()
    {
        if (!_stop.IsCancellationRequested)
        {
            await _stop.CancelAsync();
            await _run;
            await _distribution.DisposeAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stop.Dispose();
    }
}
