namespace Erlmcp.Autoscaler.Core.Hpa;

/// <summary>
/// The request each pod makes for a resource, the denominator of utilization: upstream's <c>calculateRequests</c>,
/// <c>calculatePodLevelRequests</c> and <c>calculatePodRequestsFromContainers</c>.
/// </summary>
internal static class PodRequests
{
    private const string HugePagesPrefix = "hugepages-";

    /// <summary>
    /// Requests by pod name. A named <paramref name="container"/> uses that container's request; otherwise the
    /// pod-level request when the PodLevelResources feature is enabled and the pod sets pod-level requests (KEP-2837);
    /// otherwise the sum over the containers, restartable init containers (sidecars) included.
    /// </summary>
    /// <exception cref="ReplicaCalculationException">A container lacks the request, or the named container is not in a pod.</exception>
    public static Dictionary<string, long> Calculate(
        IReadOnlyList<PodInfo> pods, string container, string resource, bool podLevelResourcesEnabled)
    {
        var requests = new Dictionary<string, long>(pods.Count);
        for (var i = 0; i < pods.Count; i++)
        {
            var pod = pods[i];
            var usePodLevelRequests = podLevelResourcesEnabled && IsPodLevelRequestsSet(pod) && container.Length == 0;
            requests[pod.Name] = usePodLevelRequests
                ? FromPodLevel(pod, resource)
                : FromContainers(pod, container, resource);
        }

        return requests;
    }

    /// <summary>
    /// resourcehelpers.PodRequests for one resource: the pod-level request when set, else what the containers
    /// declare. PodInfo carries no non-restartable init containers and no overhead, so the container fallback is
    /// the plain sum (upstream takes the max with init containers and adds the overhead).
    /// </summary>
    internal static long FromPodLevel(PodInfo pod, string resource)
    {
        if (IsSupportedPodLevelResource(resource)
            && pod.PodLevelRequestsMilli is { } podLevel
            && podLevel.TryGetValue(resource, out var podRequest))
        {
            return podRequest;
        }

        long sum = 0;
        var declared = false;
        var containers = pod.Containers;
        for (var i = 0; i < containers.Count; i++)
        {
            if (containers[i].RequestsMilli.TryGetValue(resource, out var request))
            {
                sum += request;
                declared = true;
            }
        }

        return declared
            ? sum
            : throw new ReplicaCalculationException($"missing pod-level request for {resource} in Pod {pod.Name}");
    }

    /// <summary>
    /// The named container's request, or the sum over the regular containers and then the restartable init
    /// containers (the order upstream checks them in, which decides which missing request is reported).
    /// </summary>
    internal static long FromContainers(PodInfo pod, string container, string resource)
    {
        long request = 0;
        if (AddContainerRequests(pod, container, resource, restartableInit: false, ref request)
            || AddContainerRequests(pod, container, resource, restartableInit: true, ref request))
        {
            return request;
        }

        return container.Length == 0
            ? request
            : throw new ReplicaCalculationException($"container {container} not found in Pod {pod.Name}");
    }

    /// <summary>
    /// Adds to <paramref name="request"/> the requests of the regular containers, or of the restartable init
    /// containers, that <paramref name="container"/> selects (all when empty); true once the named container is found.
    /// </summary>
    private static bool AddContainerRequests(
        PodInfo pod, string container, string resource, bool restartableInit, ref long request)
    {
        var containers = pod.Containers;
        for (var i = 0; i < containers.Count; i++)
        {
            var c = containers[i];
            if (c.IsRestartableInit != restartableInit)
            {
                continue;
            }

            if (container.Length == 0 || container == c.Name)
            {
                if (!c.RequestsMilli.TryGetValue(resource, out var containerRequest))
                {
                    throw new ReplicaCalculationException(
                        $"missing request for {resource} in container {c.Name} of Pod {pod.Name}");
                }

                request += containerRequest;
            }

            // Container names are unique inside a pod.
            if (container == c.Name)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>resourcehelpers.IsPodLevelRequestsSet: the pod sets a request for a resource supported at pod level.</summary>
    private static bool IsPodLevelRequestsSet(PodInfo pod)
    {
        if (pod.PodLevelRequestsMilli is not { Count: > 0 } podLevel)
        {
            return false;
        }

        foreach (var name in podLevel.Keys)
        {
            if (IsSupportedPodLevelResource(name))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsSupportedPodLevelResource(string resource) =>
        resource is PodGrouping.Cpu or "memory" || resource.StartsWith(HugePagesPrefix, StringComparison.Ordinal);
}
