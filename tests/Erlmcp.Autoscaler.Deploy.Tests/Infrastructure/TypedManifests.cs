using k8s;
using k8s.Models;

namespace Erlmcp.Autoscaler.Deploy.Tests.Infrastructure;

/// <summary>
/// KubernetesClient's typed models for the built-in kinds the manifests use, parsed strictly: a field the type does
/// not have is an error, as <c>kubectl apply --validate=strict</c> makes it.
/// </summary>
internal static class TypedManifests
{
    public static readonly IReadOnlyDictionary<string, Type> BuiltInTypes = new Dictionary<string, Type>(StringComparer.Ordinal)
    {
        ["v1/Namespace"] = typeof(V1Namespace),
        ["v1/ServiceAccount"] = typeof(V1ServiceAccount),
        ["v1/Service"] = typeof(V1Service),
        ["v1/Secret"] = typeof(V1Secret),
        ["v1/ConfigMap"] = typeof(V1ConfigMap),
        ["apps/v1/Deployment"] = typeof(V1Deployment),
        ["apps/v1/StatefulSet"] = typeof(V1StatefulSet),
        ["policy/v1/PodDisruptionBudget"] = typeof(V1PodDisruptionBudget),
        ["networking.k8s.io/v1/NetworkPolicy"] = typeof(V1NetworkPolicy),
        ["rbac.authorization.k8s.io/v1/Role"] = typeof(V1Role),
        ["rbac.authorization.k8s.io/v1/RoleBinding"] = typeof(V1RoleBinding),
        ["rbac.authorization.k8s.io/v1/ClusterRole"] = typeof(V1ClusterRole),
        ["rbac.authorization.k8s.io/v1/ClusterRoleBinding"] = typeof(V1ClusterRoleBinding),
        ["apiregistration.k8s.io/v1/APIService"] = typeof(V1APIService),
        ["apiextensions.k8s.io/v1/CustomResourceDefinition"] = typeof(V1CustomResourceDefinition),
        ["autoscaling/v2/HorizontalPodAutoscaler"] = typeof(V2HorizontalPodAutoscaler),
    };

    public static bool IsBuiltIn(ManifestDocument document) => BuiltInTypes.ContainsKey(document.TypeKey);

    /// <summary>Parses a built-in object strictly into its KubernetesClient type.</summary>
    public static object Parse(ManifestDocument document)
    {
        if (!BuiltInTypes.TryGetValue(document.TypeKey, out var type))
        {
            throw new InvalidOperationException($"{document.Where}: no KubernetesClient type for {document.TypeKey}");
        }

        try
        {
            return KubernetesYaml.LoadAllFromString(document.Yaml, new Dictionary<string, Type> { [document.TypeKey] = type }, strict: true).Single();
        }
        catch (Exception e) when (e is YamlDotNet.Core.YamlException or InvalidOperationException or FormatException)
        {
            throw new InvalidOperationException($"{document.Where}: {Describe(e)}", e);
        }
    }

    public static T Parse<T>(ManifestDocument document) => (T)Parse(document);

    private static string Describe(Exception e) =>
        e.InnerException is null ? e.Message : $"{e.Message} ({Describe(e.InnerException)})";
}
