namespace Erlmcp.Autoscaler.Server.Metrics;

/// <summary>A Kubernetes resource qualified by its API group (<c>statefulsets.apps</c>; the core group is empty: <c>pods</c>).</summary>
public readonly record struct GroupResource(string Group, string Resource)
{
    public static readonly GroupResource Pods = new("", "pods");
    public static readonly GroupResource StatefulSets = new("apps", "statefulsets");
    public static readonly GroupResource Namespaces = new("", "namespaces");

    /// <summary>Upstream's ParseGroupResource: the resource up to the first dot, the group after it.</summary>
    public static GroupResource Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var dot = text.IndexOf('.', StringComparison.Ordinal);
        return dot < 0 ? new("", text) : new(text[(dot + 1)..], text[..dot]);
    }

    /// <summary><c>resource.group</c>, or <c>resource</c> in the core group.</summary>
    public override string ToString() => Group.Length == 0 ? Resource : $"{Resource}.{Group}";
}
