namespace Erlmcp.Autoscaler.Core.Labels;

/// <summary>A metav1.LabelSelector: matchLabels and matchExpressions (operators In, NotIn, Exists, DoesNotExist).</summary>
public sealed record LabelSelectorSpec(
    IReadOnlyDictionary<string, string> MatchLabels,
    IReadOnlyList<LabelSelectorRequirement> MatchExpressions)
{
    public static LabelSelectorSpec Empty { get; } = new(new Dictionary<string, string>(), []);
}

public sealed record LabelSelectorRequirement(string Key, string Operator, IReadOnlyList<string> Values);
