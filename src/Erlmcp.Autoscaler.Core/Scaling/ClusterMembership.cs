namespace Erlmcp.Autoscaler.Core.Scaling;

/// <summary>
/// Which staying pods form the Erlang cluster. Nodes connect in a full mesh, so connections found on either side
/// join two pods into one group; the cluster is the largest group (the one with the lowest ordinal on a tie), and
/// a pod outside it (new, restarted, or back from a leave) joins it through seeds inside it.
/// </summary>
internal sealed class ClusterMembership
{
    private readonly HashSet<int> cluster;

    private ClusterMembership(HashSet<int> cluster) => this.cluster = cluster;

    /// <summary>Groups the staying pods whose nodes answer and serve, by the peers they report.</summary>
    public static ClusterMembership Of(StepContext ctx)
    {
        var members = Enumerable.Range(0, ctx.Target)
            .Where(p => ctx.View.Running(p) && ctx.View.Node(p) is { State: NodeState.Serving })
            .ToList();
        var groups = new DisjointSets(members);
        foreach (var pod in members)
        {
            foreach (var peer in ctx.View.Node(pod)!.ClusterPeers)
            {
                groups.Union(pod, peer);
            }
        }

        var cluster = members
            .GroupBy(groups.Find)
            .OrderByDescending(g => g.Count())
            .ThenBy(g => g.Min())
            .FirstOrDefault()?
            .ToHashSet() ?? [];
        return new ClusterMembership(cluster);
    }

    public bool InCluster(int pod) => cluster.Contains(pod);

    /// <summary>
    /// The configured seeds that are in the cluster and ready; failing that, its lowest ready pod. A new pod still
    /// joining is no seed, even when it found a peer: the seeds are the pods that were there.
    /// </summary>
    public IReadOnlyList<int> SeedsFor(StepContext ctx, int pod)
    {
        var candidates = cluster
            .Where(p => p != pod && ctx.Pod(p)?.Join is null && ctx.View.Pod(p) is { Ready: true })
            .Order()
            .ToList();
        var configured = ctx.Spec.Join.SeedOrdinals.Where(candidates.Contains).Distinct().ToList();
        return configured.Count > 0 ? configured : candidates.Take(1).ToList();
    }

    /// <summary>Union-find over ordinals; ordinals not registered (pods outside the staying set) are ignored.</summary>
    private sealed class DisjointSets
    {
        private readonly Dictionary<int, int> parent;

        public DisjointSets(IEnumerable<int> items) => parent = items.ToDictionary(i => i, i => i);

        public int Find(int item)
        {
            while (parent[item] != item)
            {
                parent[item] = parent[parent[item]];
                item = parent[item];
            }

            return item;
        }

        public void Union(int a, int b)
        {
            if (!parent.ContainsKey(a) || !parent.ContainsKey(b))
            {
                return;
            }

            var (ra, rb) = (Find(a), Find(b));
            if (ra != rb)
            {
                parent[Math.Max(ra, rb)] = Math.Min(ra, rb);
            }
        }
    }
}
