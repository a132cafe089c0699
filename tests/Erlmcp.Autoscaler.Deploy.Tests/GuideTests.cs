using System.Text.RegularExpressions;
using Erlmcp.Autoscaler.Deploy.Tests.Infrastructure;

namespace Erlmcp.Autoscaler.Deploy.Tests;

/// <summary>The operator guide names what exists: paths, its own anchors, the manifests' references to it.</summary>
public sealed partial class GuideTests
{
    private static readonly string Guide = Repository.Read("docs", "operator-guide.md");

    [Fact]
    public void Every_repository_path_in_the_guide_exists()
    {
        var paths = RepositoryPath().Matches(Guide).Select(m => m.Value.TrimEnd('.', ',', ')')).Where(p => !p.Contains('<', StringComparison.Ordinal)).Distinct().ToList();

        Assert.Contains("deploy/overlays/generated-ca/generate.sh", paths);
        var missing = paths.Where(p => !Path.Exists(Repository.PathOf(p)) && !p.Contains("/generated/", StringComparison.Ordinal)).ToList();
        Assert.True(missing.Count == 0, $"the guide names paths that do not exist: {string.Join(", ", missing)}");
    }

    [Fact]
    public void Every_link_to_the_guide_lands_on_a_heading()
    {
        var anchors = MonitoringTests.GuideAnchors();
        var links = Directory.EnumerateFiles(Repository.Deploy, "*", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}generated{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(File.ReadAllText)
            .Append(Guide)
            .SelectMany(text => GuideLink().Matches(text).Select(m => m.Groups[1].Value))
            .Distinct()
            .ToList();

        Assert.Contains("settings", links);
        var broken = links.Where(l => !anchors.Contains(l)).ToList();
        Assert.True(broken.Count == 0, $"links to missing headings: {string.Join(", ", broken)}");
    }

    [Fact]
    public void The_guide_shows_the_verification_commands()
    {
        Assert.Contains("kubectl get --raw \"/apis/custom.metrics.k8s.io/v1beta2/namespaces/erlmcp/pods/*/erlmcp_connections\" | jq", Guide, StringComparison.Ordinal);
        Assert.Contains("kubectl get erlmcpclusters -n erlmcp", Guide, StringComparison.Ordinal);
        Assert.Contains("erlmcp-autoscaler status", Guide, StringComparison.Ordinal);
        Assert.All(Builds.Folders.Where(f => f.StartsWith("overlays/", StringComparison.Ordinal)), overlay => Assert.Contains($"kubectl apply -k deploy/{overlay}", Guide, StringComparison.Ordinal));
    }

    [GeneratedRegex(@"(?<![\w/.-])(deploy|docs|examples|src|simulations)/[\w./-]+")]
    private static partial Regex RepositoryPath();

    [GeneratedRegex(@"(?:operator-guide\.md|\]\()#([a-z0-9-]+)")]
    private static partial Regex GuideLink();
}
