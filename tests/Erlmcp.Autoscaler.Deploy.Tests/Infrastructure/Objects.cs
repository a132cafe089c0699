using k8s.Models;

namespace Erlmcp.Autoscaler.Deploy.Tests.Infrastructure;

/// <summary>Typed look-ups in a build's objects.</summary>
internal static class Objects
{
    public static ManifestDocument Document(this IEnumerable<ManifestDocument> documents, string kind, string name)
    {
        var matches = documents.Where(d => d.Kind == kind && d.Name == name).ToList();
        return matches.Count == 1 ? matches[0] : throw new InvalidOperationException($"expected one {kind} {name}, found {matches.Count}");
    }

    public static T One<T>(this IEnumerable<ManifestDocument> documents, string kind, string name) =>
        TypedManifests.Parse<T>(documents.Document(kind, name));

    public static IReadOnlyList<T> All<T>(this IEnumerable<ManifestDocument> documents, string kind) =>
        [.. documents.Where(d => d.Kind == kind).Select(TypedManifests.Parse<T>)];

    /// <summary>Whether every label of <paramref name="selector"/> is on <paramref name="labels"/> with the same value.</summary>
    public static bool Selects(IDictionary<string, string> selector, IDictionary<string, string> labels) =>
        selector.Count > 0 && selector.All(pair => labels.TryGetValue(pair.Key, out var value) && value == pair.Value);

    /// <summary>The container port a Service's targetPort (by name or number) designates.</summary>
    public static V1ContainerPort? TargetOf(this V1Container container, IntOrString targetPort) =>
        container.Ports.SingleOrDefault(p => p.Name == targetPort.Value || p.ContainerPort.ToString(System.Globalization.CultureInfo.InvariantCulture) == targetPort.Value);

    public static string? Env(this V1Container container, string name) => container.Env?.SingleOrDefault(e => e.Name == name)?.Value;
}
