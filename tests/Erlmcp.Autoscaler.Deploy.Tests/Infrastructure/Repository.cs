namespace Erlmcp.Autoscaler.Deploy.Tests.Infrastructure;

/// <summary>Paths in the repository under test, found from the test's working directory upwards.</summary>
internal static class Repository
{
    public static string Root { get; } = FindRoot();

    public static string Deploy => Path.Combine(Root, "deploy");

    public static string PathOf(params string[] parts) => Path.Combine([Root, .. parts]);

    public static string Read(params string[] parts) => File.ReadAllText(PathOf(parts));

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Erlmcp.Autoscaler.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"no Erlmcp.Autoscaler.sln above {AppContext.BaseDirectory}");
    }
}
