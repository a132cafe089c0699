using System.Text.Json.Nodes;

namespace Erlmcp.Autoscaler.Deploy.Tests.Infrastructure;

/// <summary>
/// Schemas of the custom resources the manifests create: ErlmcpCluster from our own CRD (deploy/base/crds), and
/// for the other projects' kinds (cert-manager, Prometheus Operator, KEDA) minimal schemas in Schemas/, written
/// from their upstream CRDs and holding only the fields these manifests may use, so a misspelt or misplaced field
/// is an error.
/// </summary>
internal static class CustomResourceSchemas
{
    private static readonly Lazy<IReadOnlyDictionary<string, JsonObject>> All = new(Load);

    public static bool TryGet(string typeKey, out JsonObject schema) => All.Value.TryGetValue(typeKey, out schema!);

    public static JsonObject ErlmcpCluster => All.Value["erlmcp.io/v1alpha1/ErlmcpCluster"];

    public static string CrdPath => Repository.PathOf("deploy", "base", "crds", "erlmcpclusters.erlmcp.io.yaml");

    private static Dictionary<string, JsonObject> Load()
    {
        var schemas = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        var files = Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Schemas"), "*.yaml").Append(CrdPath);
        foreach (var file in files)
        {
            foreach (var crd in ManifestDocument.ReadFile(file))
            {
                var spec = crd.Json["spec"]!;
                foreach (var version in spec["versions"]!.AsArray())
                {
                    var key = $"{(string?)spec["group"]}/{(string?)version!["name"]}/{(string?)spec["names"]!["kind"]}";
                    schemas[key] = version["schema"]!["openAPIV3Schema"]!.AsObject();
                }
            }
        }

        return schemas;
    }
}
