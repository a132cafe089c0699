using Erlmcp.Autoscaler.Core.Connections;
using k8s;
using k8s.Models;

namespace Erlmcp.Autoscaler.Server.Sources.Discovery;

/// <summary>
/// The erlmcp pods as the Kubernetes list+watch of <see cref="PodDiscoveryService"/> reports them, kept in step with
/// the connection store: every pod listed is described there (labels, StatefulSet), every pod deleted is removed.
/// The version grows by one on every change of the pods; a list or event that changes nothing keeps it.
/// </summary>
public sealed class KubernetesPodDirectory : IPodDirectory
{
    private readonly Lock gate = new();
    private readonly ConnectionStore store;
    private readonly NodeNameTemplate nodeNames;
    private readonly SortedDictionary<PodReference, DiscoveredPod> pods = [];

    // Readers see the published pods (versions and waiting as for a fixed list); the watch changes them under the gate.
    private readonly StaticPodDirectory published = new();

    public KubernetesPodDirectory(ConnectionStore store, NodeNameTemplate nodeNames)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(nodeNames);
        this.store = store;
        this.nodeNames = nodeNames;
    }

    public PodDirectorySnapshot Current => published.Current;

    public Task WaitForChangeAsync(long version, CancellationToken cancellationToken) => published.WaitForChangeAsync(version, cancellationToken);

    /// <summary>
    /// Replaces every pod with a full list: pods absent from it (deleted while no watch saw it) are forgotten. The
    /// first list publishes a version even when it is empty, so that readers know discovery has synced.
    /// </summary>
    /// <returns>How many pods the list removed.</returns>
    public int Replace(IEnumerable<V1Pod> listed)
    {
        ArgumentNullException.ThrowIfNull(listed);
        lock (gate)
        {
            var seen = new HashSet<PodReference>();
            var changes = published.Current.Version == 0 ? 1 : 0;
            foreach (var pod in listed)
            {
                seen.Add(PodDescriptions.Reference(pod));
                changes += Upsert(pod) ? 1 : 0;
            }

            var gone = pods.Keys.Where(reference => !seen.Contains(reference)).ToArray();
            foreach (var reference in gone)
            {
                Forget(reference);
            }

            if (changes + gone.Length > 0)
            {
                Publish();
            }

            return gone.Length;
        }
    }

    /// <summary>Applies one watch event (ADDED, MODIFIED or DELETED; bookmarks and errors are the watcher's).</summary>
    public void Apply(WatchEventType type, V1Pod pod)
    {
        ArgumentNullException.ThrowIfNull(pod);
        lock (gate)
        {
            var changedPods = type switch
            {
                WatchEventType.Added or WatchEventType.Modified => Upsert(pod),
                WatchEventType.Deleted => Forget(PodDescriptions.Reference(pod)),
                _ => throw new ArgumentOutOfRangeException(nameof(type), type, "only ADDED, MODIFIED and DELETED change pods"),
            };
            if (changedPods)
            {
                Publish();
            }
        }
    }

    private bool Upsert(V1Pod pod)
    {
        var described = PodDescriptions.Describe(pod, nodeNames);
        if (described is null)
        {
            return Forget(PodDescriptions.Reference(pod));
        }

        var known = pods.TryGetValue(described.Reference, out var before);
        if (known && PodDescriptions.Same(before!, described))
        {
            return false;
        }

        pods[described.Reference] = described;
        if (!known || !PodDescriptions.SameForStore(before!, described))
        {
            store.DescribePod(described.Reference, described.Labels, described.StatefulSet);
        }

        return true;
    }

    private bool Forget(PodReference reference)
    {
        if (!pods.Remove(reference))
        {
            return false;
        }

        store.Remove(reference);
        return true;
    }

    private void Publish() => published.Set(pods.Values);
}
