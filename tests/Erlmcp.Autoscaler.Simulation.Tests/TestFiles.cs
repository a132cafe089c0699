namespace Erlmcp.Autoscaler.Simulation.Tests;

/// <summary>Temporary files and directories for a test, and the shared trace data.</summary>
internal static class TestFiles
{
    /// <summary>
    /// The 1998 World Cup requests per minute, in the <c>shared/</c> folder beside the repository (or beside one of
    /// its parents, as in a worktree): read from there, never copied into the repository.
    /// </summary>
    public static string WorldCupTrace { get; } = FindShared(Path.Combine("traces", "worldcup98", "requests-per-minute.csv"));

    /// <summary>A file of the repository.</summary>
    public static string Repository(params string[] parts)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Erlmcp.Autoscaler.sln")))
            {
                return Path.Combine([dir.FullName, .. parts]);
            }
        }

        throw new InvalidOperationException($"no Erlmcp.Autoscaler.sln above {AppContext.BaseDirectory}");
    }

    public static string Directory() => System.IO.Directory.CreateTempSubdirectory("erlmcp-sim-").FullName;

    /// <summary>Writes <paramref name="content"/> to <paramref name="name"/> in a new temporary directory.</summary>
    public static string Write(string name, string content) => WriteIn(Directory(), name, content);

    public static string WriteIn(string directory, string name, string content)
    {
        var path = Path.Combine(directory, name);
        File.WriteAllText(path, content);
        return path;
    }

    private static string FindShared(string relative)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", relative);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException($"shared/{relative} is not beside the repository or any of its parents ({AppContext.BaseDirectory})");
    }
}
