namespace Erlmcp.Autoscaler.Core.Connections;

/// <summary>A pod by namespace and name. Orders by namespace, then name (ordinal), as the API lists pods.</summary>
public readonly record struct PodReference : IComparable<PodReference>
{
    public PodReference(string @namespace, string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(@namespace);
        ArgumentException.ThrowIfNullOrEmpty(name);
        Namespace = @namespace;
        Name = name;
    }

    public string Namespace { get; }

    public string Name { get; }

    public int CompareTo(PodReference other)
    {
        var byNamespace = string.CompareOrdinal(Namespace, other.Namespace);
        return byNamespace != 0 ? byNamespace : string.CompareOrdinal(Name, other.Name);
    }

    public static bool operator <(PodReference left, PodReference right) => left.CompareTo(right) < 0;

    public static bool operator <=(PodReference left, PodReference right) => left.CompareTo(right) <= 0;

    public static bool operator >(PodReference left, PodReference right) => left.CompareTo(right) > 0;

    public static bool operator >=(PodReference left, PodReference right) => left.CompareTo(right) >= 0;

    /// <summary><c>namespace/name</c>, as kubectl writes a pod key.</summary>
    public override string ToString() => $"{Namespace}/{Name}";
}
