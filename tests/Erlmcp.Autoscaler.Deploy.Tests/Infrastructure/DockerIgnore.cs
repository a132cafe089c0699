using System.Text;
using System.Text.RegularExpressions;

namespace Erlmcp.Autoscaler.Deploy.Tests.Infrastructure;

/// <summary>
/// A .dockerignore, matched as Docker does: each line a path pattern from the context root (<c>*</c> within a
/// segment, <c>**</c> across segments, a trailing slash ignored), a path excluded when it or a folder above it
/// matches, the last matching line winning and <c>!</c> lines re-including.
/// </summary>
internal sealed class DockerIgnore(IReadOnlyList<(Regex Pattern, bool Include)> rules)
{
    public static DockerIgnore Parse(string text) => new([.. text.Split('\n')
        .Select(l => l.Trim())
        .Where(l => l.Length > 0 && !l.StartsWith('#'))
        .Select(l => l.StartsWith('!') ? (ToRegex(l[1..]), true) : (ToRegex(l), false))]);

    /// <summary>Whether <paramref name="path"/> (relative, with slashes) is left out of the build context.</summary>
    public bool Excludes(string path)
    {
        var excluded = false;
        foreach (var (pattern, include) in rules)
        {
            if (pattern.IsMatch(path))
            {
                excluded = !include;
            }
        }

        return excluded;
    }

    private static Regex ToRegex(string pattern)
    {
        var glob = pattern.Trim('/');
        var regex = new StringBuilder("^");
        for (var i = 0; i < glob.Length; i++)
        {
            if (glob[i] == '*' && i + 1 < glob.Length && glob[i + 1] == '*')
            {
                var slash = i + 2 < glob.Length && glob[i + 2] == '/';
                regex.Append(slash ? "(.*/)?" : ".*");
                i += slash ? 2 : 1;
            }
            else
            {
                regex.Append(glob[i] switch
                {
                    '*' => "[^/]*",
                    '?' => "[^/]",
                    _ => Regex.Escape(glob[i].ToString()),
                });
            }
        }

        // The pattern names the path itself or a folder above it.
        return new Regex(regex.Append("(/.*)?$").ToString(), RegexOptions.CultureInvariant);
    }
}
