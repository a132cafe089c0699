using System.Text.RegularExpressions;

namespace Erlmcp.Autoscaler.Deploy.Tests.Infrastructure;

/// <summary>One permission: a verb on an API group's resource (with subresource, as RBAC spells it).</summary>
internal sealed record Permission(string Group, string Resource, string Verb)
{
    public override string ToString() => $"{Verb} {(Group.Length == 0 ? "core" : Group)}/{Resource}";
}

/// <summary>
/// The permissions the server's source code asks for, found by reading its KubernetesClient calls
/// (<c>client.AppsV1.PatchNamespacedStatefulSetScaleAsync</c>, <c>client.CustomObjects.ReplaceNamespacedCustomObjectStatusAsync</c>,
/// <c>new LeaseLock(...)</c>): the verb from the method's first word, the resource from the rest. A call this
/// table cannot read is reported, so a new kind of call must be added here and to the RBAC.
/// </summary>
internal static partial class KubernetesCalls
{
    private static readonly Dictionary<string, string> Groups = new(StringComparer.Ordinal)
    {
        ["CoreV1"] = "", ["AppsV1"] = "apps", ["CoordinationV1"] = "coordination.k8s.io", ["EventsV1"] = "events.k8s.io",
        ["AuthenticationV1"] = "authentication.k8s.io", ["AuthorizationV1"] = "authorization.k8s.io",
        ["CustomObjects"] = "erlmcp.io",
    };

    private static readonly Dictionary<string, string[]> Verbs = new(StringComparer.Ordinal)
    {
        ["Read"] = ["get"], ["List"] = ["list", "watch"], ["WatchList"] = ["list", "watch"], ["Watch"] = ["watch"], ["Create"] = ["create"],
        ["Replace"] = ["update"], ["Patch"] = ["patch"], ["Delete"] = ["delete"], ["Get"] = ["get"],
    };

    /// <summary>Kinds as KubernetesClient names them in methods, to RBAC resources.</summary>
    private static readonly Dictionary<string, string> Resources = new(StringComparer.Ordinal)
    {
        ["Pod"] = "pods", ["StatefulSet"] = "statefulsets", ["StatefulSetScale"] = "statefulsets/scale",
        ["StatefulSetStatus"] = "statefulsets/status", ["Lease"] = "leases", ["Event"] = "events", ["ConfigMap"] = "configmaps",
        ["TokenReview"] = "tokenreviews", ["SubjectAccessReview"] = "subjectaccessreviews",
        // The only custom resource the server uses is ErlmcpCluster.
        ["CustomObject"] = "erlmcpclusters", ["CustomObjectStatus"] = "erlmcpclusters/status", ["CustomObjectScale"] = "erlmcpclusters/scale",
        ["ClusterCustomObject"] = "erlmcpclusters",
    };

    public sealed record Scan(IReadOnlyList<Permission> Permissions, IReadOnlyList<string> Unreadable);

    public static Scan Read(string source)
    {
        var permissions = new List<Permission>();
        var unreadable = new List<string>();
        foreach (Match call in Call().Matches(source))
        {
            var group = Groups[call.Groups["api"].Value];
            var method = Method().Match(call.Groups["method"].Value);
            if (!method.Success || !Verbs.TryGetValue(method.Groups["verb"].Value, out var verbs) || !Resources.TryGetValue(method.Groups["kind"].Value, out var resource))
            {
                unreadable.Add(call.Value);
                continue;
            }

            permissions.AddRange(verbs.Select(v => new Permission(group, resource, v)));
        }

        if (LeaseLock().IsMatch(source))
        {
            // KubernetesClient's LeaseLock reads, creates and replaces the Lease.
            permissions.AddRange(new[] { "get", "create", "update" }.Select(v => new Permission("coordination.k8s.io", "leases", v)));
        }

        return new Scan(permissions, unreadable);
    }

    public static Scan ReadServerSources()
    {
        var sources = Directory.EnumerateFiles(Repository.PathOf("src"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(File.ReadAllText);
        var scans = sources.Select(Read).ToList();
        return new Scan([.. scans.SelectMany(s => s.Permissions).Distinct()], [.. scans.SelectMany(s => s.Unreadable)]);
    }

    [GeneratedRegex(@"\.(?<api>CoreV1|AppsV1|CoordinationV1|EventsV1|AuthenticationV1|AuthorizationV1|CustomObjects)\s*\.\s*(?<method>[A-Z]\w*?)(WithHttpMessages)?Async\b")]
    private static partial Regex Call();

    [GeneratedRegex(@"^(?<verb>WatchList|Read|List|Watch|Create|Replace|Patch|Delete|Get)(Namespaced)?(?<kind>[A-Za-z]+?)(ForAllNamespaces)?$")]
    private static partial Regex Method();

    [GeneratedRegex(@"new\s+(k8s\.LeaderElection\.ResourceLock\.)?LeaseLock\s*\(")]
    private static partial Regex LeaseLock();
}
