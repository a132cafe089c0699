namespace Erlmcp.Autoscaler.Tests;

/// <summary>Finds the repository's files from the test binaries, wherever the clone is.</summary>
internal static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string File(params string[] parts) => Path.Combine([Root, .. parts]);

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
