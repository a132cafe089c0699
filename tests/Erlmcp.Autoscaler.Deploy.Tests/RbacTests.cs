using Erlmcp.Autoscaler.Deploy.Tests.Infrastructure;
using k8s.Models;

namespace Erlmcp.Autoscaler.Deploy.Tests;

/// <summary>
/// Least privilege, both ways: the server's service account can do everything the server needs (the declared
/// table below, which must cover every KubernetesClient call found in src/), and nothing else.
/// </summary>
public sealed class RbacTests
{
    private const string Namespace = "erlmcp-autoscaler";
    private const string ServiceAccount = "erlmcp-autoscaler";

    /// <summary>What the server needs, where, and why (issue 7's list).</summary>
    private static readonly (string Namespace, Permission Permission, string Why)[] Needed =
    [
        .. Verbs("erlmcp", "", "pods", "the pod directory lists and watches erlmcp's pods", "get", "list", "watch"),
        .. Verbs("erlmcp", "apps", "statefulsets", "the coordinator reads the StatefulSet", "get", "list", "watch"),
        .. Verbs("erlmcp", "apps", "statefulsets/scale", "the coordinator sets the StatefulSet's replicas", "get", "update", "patch"),
        .. Verbs("erlmcp", "erlmcp.io", "erlmcpclusters", "the coordinator owns the scale gate", "get", "list", "watch", "create", "update", "patch", "delete"),
        .. Verbs("erlmcp", "erlmcp.io", "erlmcpclusters/status", "the coordinator writes its progress", "get", "update", "patch"),
        .. Verbs("erlmcp", "erlmcp.io", "erlmcpclusters/scale", "the scale gate's scale subresource", "get", "update", "patch"),
        .. Verbs("erlmcp", "events.k8s.io", "events", "an Event (with its series) for every coordinator step", "create", "patch"),
        .. Verbs(Namespace, "coordination.k8s.io", "leases", "leader election", "get", "create", "update"),
    ];

    /// <summary>The built-in roles the server is bound to, with the part of their rules it relies on.</summary>
    private static readonly (string Kind, string Name, string? Namespace, Permission[] Grants)[] BuiltInRoles =
    [
        ("ClusterRole", "system:auth-delegator", null,
            [new("authentication.k8s.io", "tokenreviews", "create"), new("authorization.k8s.io", "subjectaccessreviews", "create")]),
        ("Role", "extension-apiserver-authentication-reader", "kube-system",
            [new("", "configmaps", "get"), new("", "configmaps", "list"), new("", "configmaps", "watch")]),
    ];

    private static readonly IReadOnlyList<ManifestDocument> Base = Builds.Of("base");

    [Fact]
    public void The_declared_needs_cover_every_KubernetesClient_call_of_the_server()
    {
        var scan = KubernetesCalls.ReadServerSources();

        // The coordinator's Kubernetes side is in src/ (merged from coordinator-kube): the reader must find it.
        Assert.Contains(new Permission("apps", "statefulsets/scale", "patch"), scan.Permissions);
        Assert.Contains(new Permission("erlmcp.io", "erlmcpclusters/status", "update"), scan.Permissions);
        var declared = Needed.Select(n => n.Permission)
            .Concat(BuiltInRoles.SelectMany(r => r.Grants))
            .ToHashSet();

        Assert.Empty(scan.Unreadable);
        var undeclared = scan.Permissions.Where(p => !declared.Contains(p)).ToList();
        Assert.True(undeclared.Count == 0, $"the server calls for permissions RBAC does not grant: {string.Join(", ", undeclared)}");
    }

    [Fact]
    public void The_call_reader_reads_verbs_and_resources_from_KubernetesClient_calls()
    {
        const string Source = """
            await client.AppsV1.PatchNamespacedStatefulSetScaleAsync(patch, name, ns, cancellationToken: ct);
            var pods = await kubernetes.CoreV1.ListNamespacedPodWithHttpMessagesAsync(ns, watch: true);
            await client.CustomObjects.ReplaceNamespacedCustomObjectStatusAsync(body, "erlmcp.io", "v1alpha1", ns, "erlmcpclusters", name);
            await client.EventsV1.CreateNamespacedEventAsync(e, ns);
            await client.CoreV1.EvictNamespacedPodAsync(body, name, ns);
            var leaseLock = new LeaseLock(client, ns, "erlmcp-autoscaler", identity);
            """;

        var scan = KubernetesCalls.Read(Source);

        Assert.Equal(
            [
                new("apps", "statefulsets/scale", "patch"), new("", "pods", "list"), new("", "pods", "watch"),
                new("erlmcp.io", "erlmcpclusters/status", "update"), new("events.k8s.io", "events", "create"),
                new("coordination.k8s.io", "leases", "get"), new("coordination.k8s.io", "leases", "create"), new("coordination.k8s.io", "leases", "update"),
            ],
            scan.Permissions);
        Assert.Equal([".CoreV1.EvictNamespacedPodAsync"], scan.Unreadable);
    }

    [Fact]
    public void The_service_account_can_do_everything_the_server_needs()
    {
        var granted = Granted();

        var missing = Needed.Where(n => !granted.Contains((n.Namespace, n.Permission))).Select(n => $"{n.Permission} in {n.Namespace} ({n.Why})").ToList();
        Assert.True(missing.Count == 0, $"missing: {string.Join("; ", missing)}");
        Assert.Contains((null, new Permission("authentication.k8s.io", "tokenreviews", "create")), granted);
        Assert.Contains((null, new Permission("authorization.k8s.io", "subjectaccessreviews", "create")), granted);
        Assert.Contains(("kube-system", new Permission("", "configmaps", "get")), granted);
    }

    [Fact]
    public void The_service_account_can_do_nothing_else()
    {
        var needed = Needed.Select(n => ((string?)n.Namespace, n.Permission))
            .Concat(BuiltInRoles.SelectMany(r => r.Grants.Select(g => (r.Namespace, g))))
            .ToHashSet();

        var extra = Granted().Where(g => !needed.Contains(g)).Select(g => $"{g.Permission} in {g.Namespace ?? "every namespace"}").ToList();
        Assert.True(extra.Count == 0, $"granted beyond need: {string.Join("; ", extra)}");
    }

    [Fact]
    public void The_HPA_controller_may_read_custom_and_external_metrics()
    {
        var binding = Assert.Single(Base.All<V1ClusterRoleBinding>("ClusterRoleBinding"), b => b.Subjects.Any(s => s.NamespaceProperty == "kube-system" && s.Name == "horizontal-pod-autoscaler"));
        var subject = Assert.Single(binding.Subjects);
        var role = Base.One<V1ClusterRole>("ClusterRole", binding.RoleRef.Name);

        Assert.Equal("ServiceAccount", subject.Kind);
        foreach (var group in new[] { "custom.metrics.k8s.io", "external.metrics.k8s.io" })
        {
            foreach (var verb in new[] { "get", "list" })
            {
                Assert.Contains(role.Rules, r => r.ApiGroups.Contains(group) && r.Resources.Contains("*") && r.Verbs.Contains(verb));
            }
        }

        Assert.All(role.Rules, r => Assert.Equal(["get", "list"], r.Verbs.Order()));
    }

    /// <summary>Every (namespace, permission) the bindings give the service account; namespace null is cluster-wide.</summary>
    private static HashSet<(string? Namespace, Permission Permission)> Granted()
    {
        var granted = new HashSet<(string?, Permission)>();
        foreach (var binding in Base.All<V1RoleBinding>("RoleBinding").Where(b => BindsServer(b.Subjects)))
        {
            foreach (var permission in RulesOf(binding.RoleRef.Kind, binding.RoleRef.Name, binding.Metadata.NamespaceProperty))
            {
                granted.Add((binding.Metadata.NamespaceProperty, permission));
            }
        }

        foreach (var binding in Base.All<V1ClusterRoleBinding>("ClusterRoleBinding").Where(b => BindsServer(b.Subjects)))
        {
            foreach (var permission in RulesOf(binding.RoleRef.Kind, binding.RoleRef.Name, null))
            {
                granted.Add((null, permission));
            }
        }

        return granted;
    }

    private static IEnumerable<Permission> RulesOf(string kind, string name, string? namespaceName)
    {
        var builtIn = BuiltInRoles.Where(r => r.Kind == kind && r.Name == name).ToList();
        if (builtIn.Count == 1)
        {
            return builtIn[0].Grants;
        }

        var rules = kind == "Role"
            ? Base.All<V1Role>("Role").Single(r => r.Metadata.Name == name && r.Metadata.NamespaceProperty == namespaceName).Rules
            : Base.One<V1ClusterRole>("ClusterRole", name).Rules;
        return rules.SelectMany(r => r.ApiGroups.SelectMany(g => r.Resources.SelectMany(res => r.Verbs.Select(v => new Permission(g, res, v)))));
    }

    private static bool BindsServer(IList<Rbacv1Subject>? subjects) =>
        subjects?.Any(s => s.Kind == "ServiceAccount" && s.Name == ServiceAccount && s.NamespaceProperty == Namespace) == true;

    private static IEnumerable<(string, Permission, string)> Verbs(string namespaceName, string group, string resource, string why, params string[] verbs) =>
        verbs.Select(v => (namespaceName, new Permission(group, resource, v), why));
}
