using System.Globalization;
using System.Net;
using System.Text.Json;
using Erlmcp.Autoscaler.Core.Labels;
using Erlmcp.Autoscaler.Core.Scaling;
using Erlmcp.Autoscaler.Server.Coordinator;
using Erlmcp.Autoscaler.Server.Kubernetes.ErlmcpClusters;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Erlmcp.Autoscaler.Server.Kubernetes;

/// <summary>
/// <see cref="IClusterResources"/> through KubernetesClient: the ErlmcpCluster through the custom objects API, the
/// StatefulSet and the pods it owns, its scale subresource, and events.k8s.io/v1 Events (see <see cref="ClusterEventRecorder"/>).
/// </summary>
public sealed class KubernetesClusterResources : IClusterResources
{
    private readonly IKubernetes client;
    private readonly ClusterEventRecorder events;

    /// <param name="reportingInstance">This server's pod name, the Events' <c>reportingInstance</c>.</param>
    public KubernetesClusterResources(IKubernetes client, string reportingInstance, TimeProvider time)
    {
        this.client = client ?? throw new ArgumentNullException(nameof(client));
        events = new ClusterEventRecorder(client, reportingInstance, time);
    }

    /// <exception cref="ErlmcpClusterSpecException">The spec cannot be planned with; each error names its field.</exception>
    public async Task<ErlmcpClusterSnapshot?> GetClusterAsync(string namespaceName, string name, CancellationToken cancellationToken)
    {
        ErlmcpCluster resource;
        try
        {
            resource = await client.CustomObjects.GetNamespacedCustomObjectAsync<ErlmcpCluster>(
                ErlmcpCluster.Group, ErlmcpCluster.Version, namespaceName, ErlmcpCluster.Plural, name, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        var (spec, nodeNames) = ErlmcpClusterSpecMapping.ToClusterSpec(resource.Spec);
        var metadata = resource.Metadata;
        return new ErlmcpClusterSnapshot(
            metadata.NamespaceProperty ?? namespaceName,
            metadata.Name ?? name,
            metadata.Uid ?? "",
            metadata.Generation ?? 0,
            metadata.ResourceVersion ?? "",
            spec,
            nodeNames,
            ErlmcpClusterStatusMapping.FromResource(resource.Status));
    }

    /// <exception cref="LabelSelectorException">The StatefulSet's selector is invalid.</exception>
    public async Task<StatefulSetSnapshot?> GetStatefulSetAsync(string namespaceName, string name, CancellationToken cancellationToken)
    {
        V1StatefulSet statefulSet;
        try
        {
            statefulSet = await client.AppsV1.ReadNamespacedStatefulSetAsync(name, namespaceName, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        var selector = SelectorText(statefulSet.Spec.Selector);
        var pods = await client.CoreV1.ListNamespacedPodAsync(namespaceName, labelSelector: selector, cancellationToken: cancellationToken).ConfigureAwait(false);
        var owned = new List<PodSnapshot>();
        foreach (var pod in pods.Items)
        {
            if (IsControlledBy(pod, statefulSet) && StatefulSetPodNames.Ordinal(statefulSet.Metadata.Name, pod.Metadata.Name) is { } ordinal)
            {
                owned.Add(new PodSnapshot(pod.Metadata.Name, ordinal, IsReady(pod), pod.Metadata.DeletionTimestamp is not null));
            }
        }

        // Kubernetes defaults spec.replicas to 1; a StatefulSet read back from the API always has it.
        return new StatefulSetSnapshot(statefulSet.Metadata.Name, statefulSet.Spec.Replicas ?? 1, selector, [.. owned.OrderBy(p => p.Ordinal)]);
    }

    public async Task ScaleStatefulSetAsync(string namespaceName, string name, int replicas, CancellationToken cancellationToken)
    {
        // A merge patch of the scale subresource sets replicas and nothing else, whatever else changed meanwhile.
        var patch = new V1Patch(JsonSerializer.Serialize(new { spec = new { replicas } }), V1Patch.PatchType.MergePatch);
        await client.AppsV1.PatchNamespacedStatefulSetScaleAsync(patch, name, namespaceName, cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    public async Task<string> UpdateStatusAsync(ErlmcpClusterSnapshot cluster, ErlmcpClusterStatus status, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(status);

        // The status subresource ignores everything but status; the resourceVersion makes the write conditional.
        var body = new ErlmcpCluster
        {
            Metadata = new V1ObjectMeta { Name = cluster.Name, NamespaceProperty = cluster.Namespace, ResourceVersion = cluster.ResourceVersion },
            Status = ErlmcpClusterStatusMapping.ToResource(status),
        };
        try
        {
            var updated = await client.CustomObjects.ReplaceNamespacedCustomObjectStatusAsync<ErlmcpCluster>(
                body, ErlmcpCluster.Group, ErlmcpCluster.Version, cluster.Namespace, ErlmcpCluster.Plural, cluster.Name,
                cancellationToken: cancellationToken).ConfigureAwait(false);
            return updated.Metadata.ResourceVersion;
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Conflict)
        {
            throw new ClusterConflictException(
                $"ErlmcpCluster {cluster.Namespace}/{cluster.Name} changed since resourceVersion {cluster.ResourceVersion} was read", e);
        }
    }

    public Task RecordEventAsync(ErlmcpClusterSnapshot cluster, EventSeverity severity, string reason, string message, CancellationToken cancellationToken) =>
        events.RecordAsync(cluster, severity, reason, message, cancellationToken);

    /// <summary>The selector in the string form the scale subresource and list calls use (<c>app=erlmcp</c>).</summary>
    private static string SelectorText(V1LabelSelector? selector) =>
        LabelSelector.FromSpec(selector is null
            ? null
            : new LabelSelectorSpec(
                selector.MatchLabels?.ToDictionary(StringComparer.Ordinal) ?? new Dictionary<string, string>(StringComparer.Ordinal),
                [.. (selector.MatchExpressions ?? []).Select(e => new LabelSelectorRequirement(e.Key, e.OperatorProperty, [.. e.Values ?? []]))])).ToString();

    // A pod matching the selector may belong to another controller; only the StatefulSet's own pods count.
    private static bool IsControlledBy(V1Pod pod, V1StatefulSet statefulSet) =>
        pod.Metadata.OwnerReferences?.Any(o => o.Controller == true && o.Kind == "StatefulSet" && o.Uid == statefulSet.Metadata.Uid) == true;

    private static bool IsReady(V1Pod pod) => pod.Status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true;
}
