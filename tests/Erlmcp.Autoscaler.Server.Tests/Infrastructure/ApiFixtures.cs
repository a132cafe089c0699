using System.Text.Json.Nodes;

namespace Erlmcp.Autoscaler.Server.Tests.Infrastructure;

/// <summary>
/// The upstream Kubernetes API serialization fixtures (kubernetes/api testdata, every field set) in
/// <c>shared/kubernetes/api-fixtures</c> beside the repository (or beside one of its parents, as for a worktree).
/// </summary>
internal static class ApiFixtures
{
    /// <summary>The fixture's JSON text, for example <c>Read("core.v1.Pod")</c>.</summary>
    public static string Read(string name) => File.ReadAllText(PathOf(name + ".json"));

    /// <summary>The fixture as a mutable JSON tree, for a test to set the fields it is about.</summary>
    public static JsonObject ReadObject(string name) => JsonNode.Parse(Read(name))!.AsObject();

    private static string PathOf(string file)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "kubernetes", "api-fixtures", file);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException($"shared/kubernetes/api-fixtures/{file} is not beside the repository or any of its parents ({AppContext.BaseDirectory})");
    }
}
