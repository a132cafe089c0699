using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace Erlmcp.Autoscaler.Server.Kubernetes.ErlmcpClusters;

/// <summary>
/// The ErlmcpCluster custom resource (erlmcp.io/v1alpha1) as it travels over the API, for KubernetesClient. The CRD is
/// <c>deploy/base/crds/erlmcpclusters.erlmcp.io.yaml</c>; JSON names here match its schema (a test checks both ways).
/// </summary>
public sealed class ErlmcpCluster : IKubernetesObject<V1ObjectMeta>, ISpec<V1Alpha1ErlmcpClusterSpec?>, IStatus<V1Alpha1ErlmcpClusterStatus?>
{
    public const string Group = "erlmcp.io";
    public const string Version = "v1alpha1";
    public const string ApiVersionText = Group + "/" + Version;
    public const string KindName = "ErlmcpCluster";
    public const string Plural = "erlmcpclusters";

    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; set; } = ApiVersionText;

    [JsonPropertyName("kind")]
    public string Kind { get; set; } = KindName;

    [JsonPropertyName("metadata")]
    public V1ObjectMeta Metadata { get; set; } = new();

    [JsonPropertyName("spec")]
    public V1Alpha1ErlmcpClusterSpec? Spec { get; set; }

    [JsonPropertyName("status")]
    public V1Alpha1ErlmcpClusterStatus? Status { get; set; }
}
