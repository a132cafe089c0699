using Erlmcp.Autoscaler.Core.Connections;
using k8s.Models;

namespace Erlmcp.Autoscaler.Server.Sources.Discovery;

/// <summary>Reads what the sources need from a Kubernetes pod object.</summary>
internal static class PodDescriptions
{
    /// <summary>
    /// The pod as the directory lists it, or null when it has finished (phase Succeeded or Failed: no erlmcp node
    /// runs in it). A pod being deleted stays listed: it still holds the connections it is draining.
    /// </summary>
    public static DiscoveredPod? Describe(V1Pod pod, NodeNameTemplate nodeNames)
    {
        ArgumentNullException.ThrowIfNull(pod);
        if (pod.Status?.Phase is "Succeeded" or "Failed")
        {
            return null;
        }

        var reference = Reference(pod);
        var labels = pod.Metadata.Labels is { } podLabels
            ? new Dictionary<string, string>(podLabels, StringComparer.Ordinal)
            : new Dictionary<string, string>(StringComparer.Ordinal);
        return new DiscoveredPod(
            reference,
            string.IsNullOrEmpty(pod.Status?.PodIP) ? null : pod.Status.PodIP,
            IsReady(pod),
            nodeNames.NodeName(reference.Namespace, reference.Name),
            labels,
            ControllingStatefulSet(pod));
    }

    public static PodReference Reference(V1Pod pod) => new(pod.Metadata.NamespaceProperty, pod.Metadata.Name);

    /// <summary>True when the two describe the pod alike (labels compared by content).</summary>
    public static bool Same(DiscoveredPod a, DiscoveredPod b) =>
        a.Reference == b.Reference && a.PodIp == b.PodIp && a.Ready == b.Ready && a.NodeName == b.NodeName &&
        a.StatefulSet == b.StatefulSet && SameLabels(a.Labels, b.Labels);

    /// <summary>True when the store's view of the pod (labels, StatefulSet) is unchanged.</summary>
    public static bool SameForStore(DiscoveredPod a, DiscoveredPod b) => a.StatefulSet == b.StatefulSet && SameLabels(a.Labels, b.Labels);

    private static bool IsReady(V1Pod pod) =>
        pod.Status?.Conditions?.Any(condition => condition.Type == "Ready" && condition.Status == "True") ?? false;

    private static string? ControllingStatefulSet(V1Pod pod) =>
        pod.Metadata.OwnerReferences?.FirstOrDefault(owner => owner.Controller == true && owner.Kind == "StatefulSet")?.Name;

    private static bool SameLabels(IReadOnlyDictionary<string, string> a, IReadOnlyDictionary<string, string> b) =>
        a.Count == b.Count && a.All(label => b.TryGetValue(label.Key, out var value) && value == label.Value);
}
