using System.Text.Json.Nodes;
using Erlmcp.Autoscaler.Deploy.Tests.Infrastructure;
using k8s;
using k8s.Models;

namespace Erlmcp.Autoscaler.Deploy.Tests;

/// <summary>
/// Every YAML document of every manifest file under deploy/, and every object of every kustomize build, is a
/// known kind that parses strictly: built-in kinds into KubernetesClient's types, custom kinds against their
/// schema. kustomization.yaml files are checked by kustomize itself (KustomizeBuildTests).
/// </summary>
public sealed class ManifestParsingTests
{
    public static TheoryData<string> ManifestFiles()
    {
        var files = Directory.EnumerateFiles(Repository.Deploy, "*.yaml", SearchOption.AllDirectories)
            .Where(f => Path.GetFileName(f) != "kustomization.yaml")
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}generated{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(f => Path.GetRelativePath(Repository.Root, f))
            .Order(StringComparer.Ordinal);
        return [.. files];
    }

    public static TheoryData<string> BuildFolders() => [.. Builds.Folders, "statefulset component on the fixture"];

    [Theory]
    [MemberData(nameof(ManifestFiles))]
    public void Every_document_of_a_manifest_file_parses_strictly(string file)
    {
        var documents = ManifestDocument.ReadFile(Repository.PathOf(file));

        Assert.NotEmpty(documents);
        foreach (var document in documents)
        {
            // A strategic-merge patch's directive ($patch: delete) is kustomize's, not the object's.
            document.Json.Remove("$patch");
            AssertParses(document with { Yaml = document.Json.ToJsonString() });
        }
    }

    [Theory]
    [MemberData(nameof(BuildFolders))]
    public void Every_object_of_a_build_parses_strictly(string folder)
    {
        var documents = folder.StartsWith("statefulset", StringComparison.Ordinal) ? Builds.PatchedStatefulSet : Builds.Of(folder);

        Assert.NotEmpty(documents);
        foreach (var document in documents)
        {
            AssertParses(document);
        }
    }

    [Fact]
    public void A_misspelt_field_of_a_builtin_kind_is_an_error_naming_it()
    {
        var document = ManifestDocument.ReadAll("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: x}\nspec:\n  replica: 2\n", "test.yaml").Single();

        var error = Assert.Throws<InvalidOperationException>(() => TypedManifests.Parse(document));

        Assert.StartsWith("test.yaml document 1 (Deployment x): ", error.Message, StringComparison.Ordinal);
        Assert.Contains("replica", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_builtin_object_parses_into_its_type_with_its_values()
    {
        var deployment = TypedManifests.Parse<V1Deployment>(Builds.Of("base").Single(d => d.Kind == "Deployment"));

        Assert.Equal(("erlmcp-autoscaler", 2), (deployment.Metadata.Name, deployment.Spec.Replicas));
    }

    [Fact]
    public void An_ErlmcpCluster_field_the_crd_does_not_declare_is_an_error_with_its_path()
    {
        var cluster = ManifestDocument.ReadAll(
            "apiVersion: erlmcp.io/v1alpha1\nkind: ErlmcpCluster\nmetadata: {name: x, labelz: {}}\nspec:\n  replicas: \"4\"\n  drain: {deadline: 600, deadlinePolicy: Later}\n",
            "test.yaml").Single();

        var errors = OpenApiSchema.Validate(cluster.Json, CustomResourceSchemas.ErlmcpCluster);

        Assert.Contains(errors, e => e.StartsWith("metadata: ", StringComparison.Ordinal) && e.Contains("labelz", StringComparison.Ordinal));
        Assert.Contains("spec.replicas: must be integer, not \"4\"", errors);
        Assert.Contains("spec.drain.deadline: unknown field", errors);
        Assert.Contains("spec.drain.deadlinePolicy: \"Later\" is not one of [\"Force\",\"HoldAndReport\"]", errors);
        Assert.Equal(4, errors.Count);
    }

    [Fact]
    public void A_third_party_kind_is_checked_against_its_minimal_schema()
    {
        var monitor = ManifestDocument.ReadAll(
            "apiVersion: monitoring.coreos.com/v1\nkind: ServiceMonitor\nmetadata: {name: x}\nspec:\n  selector: {}\n  endpoints: [{port: metrics, schema: http}]\n",
            "test.yaml").Single();

        Assert.True(CustomResourceSchemas.TryGet(monitor.TypeKey, out var schema));
        Assert.Equal(["spec.endpoints[0].schema: unknown field"], OpenApiSchema.Validate(monitor.Json, schema));
    }

    private static void AssertParses(ManifestDocument document)
    {
        if (TypedManifests.IsBuiltIn(document))
        {
            Assert.IsAssignableFrom<IKubernetesObject>(TypedManifests.Parse(document));
            return;
        }

        Assert.True(CustomResourceSchemas.TryGet(document.TypeKey, out var schema), $"{document.Where}: unknown kind {document.TypeKey} (no KubernetesClient type, no schema)");
        var errors = OpenApiSchema.Validate((JsonObject)document.Json.DeepClone(), schema);
        Assert.True(errors.Count == 0, $"{document.Where}:\n  {string.Join("\n  ", errors)}");
    }
}
