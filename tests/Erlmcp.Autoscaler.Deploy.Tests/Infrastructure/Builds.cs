namespace Erlmcp.Autoscaler.Deploy.Tests.Infrastructure;

/// <summary>
/// What an operator applies, each built once per run: the overlays, the erlmcp side, the monitoring, and the
/// StatefulSet component applied to a typical erlmcp StatefulSet (Fixtures/erlmcp-statefulset.yaml).
/// The generated-ca overlay is built in a copy of deploy/ after running its generate.sh there, so the test never
/// depends on, or writes, certificates in the working tree.
/// </summary>
internal static class Builds
{
    private static readonly Lazy<IReadOnlyList<ManifestDocument>> GeneratedCaBuild = new(BuildGeneratedCa);
    private static readonly Lazy<IReadOnlyList<ManifestDocument>> PatchedStatefulSetBuild = new(BuildPatchedStatefulSet);

    /// <summary>The folders of deploy/ that kustomize builds on their own, by name.</summary>
    public static readonly IReadOnlyList<string> Folders =
    [
        "base", "overlays/cert-manager", "overlays/generated-ca", "overlays/keda", "erlmcp", "monitoring",
    ];

    /// <summary>The overlays an operator installs the autoscaler with (each includes base).</summary>
    public static readonly IReadOnlyList<string> Overlays = ["overlays/cert-manager", "overlays/generated-ca", "overlays/keda"];

    public static IReadOnlyList<ManifestDocument> Of(string folder) => folder switch
    {
        "overlays/generated-ca" => GeneratedCaBuild.Value,
        _ => Kustomize.BuildDocuments(Path.Combine(Repository.Deploy, folder)),
    };

    /// <summary>Every object of every build: each overlay, the erlmcp side, monitoring, the patched StatefulSet.</summary>
    public static IEnumerable<ManifestDocument> All => Folders.SelectMany(Of).Concat(PatchedStatefulSet);

    public static IReadOnlyList<ManifestDocument> PatchedStatefulSet => PatchedStatefulSetBuild.Value;

    private static IReadOnlyList<ManifestDocument> BuildGeneratedCa() => InTemporaryFolder("erlmcp-deploy-copy", folder =>
    {
        var copy = Path.Combine(folder, "deploy");
        CopyDirectory(Repository.Deploy, copy, skip: Path.Combine(Repository.Deploy, "overlays", "generated-ca", "generated"));
        var overlay = Path.Combine(copy, "overlays", "generated-ca");
        ProcessRunner.RunChecked("bash", [Path.Combine(overlay, "generate.sh"), "--days", "30"], overlay, TimeSpan.FromMinutes(1));
        return Kustomize.BuildDocuments(overlay);
    });

    private static IReadOnlyList<ManifestDocument> BuildPatchedStatefulSet() => InTemporaryFolder("erlmcp-statefulset", folder =>
    {
        File.Copy(Path.Combine(AppContext.BaseDirectory, "Fixtures", "erlmcp-statefulset.yaml"), Path.Combine(folder, "statefulset.yaml"));
        var component = Path.GetRelativePath(folder, Path.Combine(Repository.Deploy, "erlmcp", "statefulset"));
        File.WriteAllText(
            Path.Combine(folder, "kustomization.yaml"),
            $"apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n- statefulset.yaml\ncomponents:\n- {component}\n");
        return Kustomize.BuildDocuments(folder);
    });

    /// <summary>Runs <paramref name="build"/> in a new folder that is removed afterwards (the build output is text).</summary>
    private static IReadOnlyList<ManifestDocument> InTemporaryFolder(string prefix, Func<string, IReadOnlyList<ManifestDocument>> build)
    {
        var folder = Directory.CreateTempSubdirectory(prefix).FullName;
        try
        {
            return build(folder);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static void CopyDirectory(string from, string to, string skip)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)), overwrite: true);
        }

        foreach (var directory in Directory.GetDirectories(from).Where(d => d != skip))
        {
            CopyDirectory(directory, Path.Combine(to, Path.GetFileName(directory)), skip);
        }
    }
}
