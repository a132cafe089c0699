namespace Erlmcp.Autoscaler.Core.Labels;

/// <summary>
/// A label selector, or one of its requirements, is malformed or invalid. <see cref="Reason"/> is upstream's wording
/// (e.g. <c>unable to parse requirement: found '(', expected: identifier</c>); the message adds the selector text and
/// the position of the offending token when there is one.
/// </summary>
public sealed class LabelSelectorException : FormatException
{
    public LabelSelectorException(string reason, string? selector = null, int? position = null)
        : base(Describe(reason, selector, position))
    {
        Reason = reason;
        Selector = selector;
        Position = position;
    }

    public LabelSelectorException()
        : this("invalid label selector")
    {
    }

    public LabelSelectorException(string message, Exception innerException)
        : base(message, innerException)
    {
        Reason = message;
    }

    /// <summary>What is wrong, in upstream's words.</summary>
    public string Reason { get; }

    /// <summary>The selector text being parsed, or null when the error comes from a requirement built directly.</summary>
    public string? Selector { get; }

    /// <summary>Zero-based character offset of the offending token in <see cref="Selector"/>.</summary>
    public int? Position { get; }

    private static string Describe(string reason, string? selector, int? position) => (selector, position) switch
    {
        (null, _) => reason,
        (_, null) => $"invalid label selector \"{selector}\": {reason}",
        _ => $"invalid label selector \"{selector}\" at position {position}: {reason}",
    };
}
