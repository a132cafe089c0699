namespace Erlmcp.Autoscaler.Server.Sources;

/// <summary>
/// A directory whose pods are set by its owner: a fixed list outside Kubernetes, a test, or the Kubernetes
/// directory, which publishes what its watch sees through one.
/// </summary>
public sealed class StaticPodDirectory : IPodDirectory
{
    private readonly Lock gate = new();
    private PodDirectorySnapshot current = PodDirectorySnapshot.Empty;
    private TaskCompletionSource changed = NewSignal();

    public StaticPodDirectory(IEnumerable<DiscoveredPod>? pods = null)
    {
        if (pods is not null)
        {
            Set(pods);
        }
    }

    public PodDirectorySnapshot Current => Volatile.Read(ref current);

    /// <summary>Replaces the pods, as one change.</summary>
    public void Set(IEnumerable<DiscoveredPod> pods)
    {
        ArgumentNullException.ThrowIfNull(pods);
        var sorted = pods.OrderBy(pod => pod.Reference).ToArray();
        TaskCompletionSource toRelease;
        lock (gate)
        {
            Volatile.Write(ref current, new PodDirectorySnapshot(current.Version + 1, sorted));
            toRelease = changed;
            changed = NewSignal();
        }

        toRelease.SetResult();
    }

    public Task WaitForChangeAsync(long version, CancellationToken cancellationToken)
    {
        Task signal;
        lock (gate)
        {
            if (current.Version > version)
            {
                return Task.CompletedTask;
            }

            signal = changed.Task;
        }

        return signal.WaitAsync(cancellationToken);
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
