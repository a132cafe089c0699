namespace Erlmcp.Autoscaler.Tests;

/// <summary>Finds the repository's files from the test binaries, wherever the clone is.</summary>
internal static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string File(params string[] parts) => Path.Combine([Root, .. parts]);

    /// <summary>A file of the <c>shared/</c> folder beside the repository (or beside a parent, as for a worktree).</summary>
    public static string Shared(params string[] parts)
    {
        for (var dir = new DirectoryInfo(Root); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine([dir.FullName, "shared", .. parts]);
            if (System.IO.File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException($"shared/{string.Join('/', parts)} is not beside {Root} or any of its parents");
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (System.IO.File.Exists(Path.Combine(dir.FullName, "Erlmcp.Autoscaler.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"no Erlmcp.Autoscaler.sln above {AppContext.BaseDirectory}");
    }
}
