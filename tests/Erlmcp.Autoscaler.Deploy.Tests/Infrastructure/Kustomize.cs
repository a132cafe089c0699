using System.Collections.Concurrent;

namespace Erlmcp.Autoscaler.Deploy.Tests.Infrastructure;

/// <summary>
/// <c>kubectl kustomize</c> (kubectl 1.32's built-in kustomize, installed by scripts/setup.sh) on a folder, each
/// folder built once per test run.
/// </summary>
internal static class Kustomize
{
    private static readonly ConcurrentDictionary<string, Lazy<string>> Builds = new(StringComparer.Ordinal);

    /// <summary>The build output of <paramref name="directory"/> as YAML text.</summary>
    public static string Build(string directory) =>
        Builds.GetOrAdd(Path.GetFullPath(directory), path => new Lazy<string>(() => ProcessRunner.RunChecked("kubectl", ["kustomize", path], path, TimeSpan.FromMinutes(1)))).Value;

    /// <summary>The build output of <paramref name="directory"/>, one document per object.</summary>
    public static IReadOnlyList<ManifestDocument> BuildDocuments(string directory) =>
        ManifestDocument.ReadAll(Build(directory), $"kubectl kustomize {Path.GetRelativePath(Repository.Root, directory)}");
}
