namespace Erlmcp.Autoscaler.Core.Labels;

/// <summary>
/// A Kubernetes label selector (k8s.io/apimachinery/pkg/labels.Selector): requirements that must all hold, kept
/// sorted by key. Built from text with <see cref="Parse"/> or from a metav1.LabelSelector with <see cref="FromSpec"/>.
/// </summary>
public sealed class LabelSelector : IEquatable<LabelSelector>
{
    private readonly Requirement[] requirements;
    private readonly bool selectsNothing;

    private LabelSelector(Requirement[] requirements, bool selectsNothing)
    {
        this.requirements = requirements;
        this.selectsNothing = selectsNothing;
    }

    /// <summary>Matches every set of labels (the empty selector).</summary>
    public static LabelSelector Everything { get; } = new([], selectsNothing: false);

    /// <summary>Matches no set of labels (what a null metav1.LabelSelector means). Prints as the empty string.</summary>
    public static LabelSelector Nothing { get; } = new([], selectsNothing: true);

    /// <summary>The requirements, sorted by key (stably: requirements on one key keep their order).</summary>
    public IReadOnlyList<Requirement> Requirements => requirements;

    /// <summary>True when the selector does not restrict anything (no requirement); false for <see cref="Nothing"/>.</summary>
    public bool IsEmpty => !selectsNothing && requirements.Length == 0;

    /// <summary>
    /// Parses upstream's selector syntax, e.g. <c>app=erlmcp,tier in (a,b),!canary,shard&gt;3</c>. Blanks (space,
    /// tab, CR, LF) around tokens are ignored; the empty string selects everything.
    /// </summary>
    /// <exception cref="LabelSelectorException">The text is malformed or a key or value is invalid; the message names
    /// the selector, the position of the offending token and what was expected.</exception>
    public static LabelSelector Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return FromRequirements(new SelectorParser(text).Parse());
    }

    /// <summary>
    /// metav1.LabelSelectorAsSelector: null selects nothing, a spec without labels or expressions selects everything;
    /// each matchLabels entry is an Equals requirement, each matchExpressions entry an In, NotIn, Exists or
    /// DoesNotExist requirement.
    /// </summary>
    /// <exception cref="LabelSelectorException">An operator is unknown, or a requirement is invalid; the message names
    /// the field (e.g. <c>matchExpressions[1].operator</c>).</exception>
    public static LabelSelector FromSpec(LabelSelectorSpec? spec)
    {
        if (spec is null)
        {
            return Nothing;
        }

        // A spec read from JSON may lack either list despite the non-null declarations.
        var matchLabels = spec.MatchLabels ?? new Dictionary<string, string>();
        var matchExpressions = spec.MatchExpressions ?? [];
        if (matchLabels.Count + matchExpressions.Count == 0)
        {
            return Everything;
        }

        var built = new List<Requirement>(matchLabels.Count + matchExpressions.Count);
        foreach (var (key, value) in matchLabels.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            built.Add(CreateFromSpec(key, SelectionOperator.Equals, [value], $"matchLabels[{key}]"));
        }

        for (var i = 0; i < matchExpressions.Count; i++)
        {
            var expression = matchExpressions[i];
            var path = $"matchExpressions[{i}]";
            var op = expression.Operator switch
            {
                "In" => SelectionOperator.In,
                "NotIn" => SelectionOperator.NotIn,
                "Exists" => SelectionOperator.Exists,
                "DoesNotExist" => SelectionOperator.DoesNotExist,
                _ => throw new LabelSelectorException(
                    $"{path}.operator: \"{expression.Operator}\" is not a valid label selector operator (expected In, NotIn, Exists or DoesNotExist)"),
            };
            built.Add(CreateFromSpec(expression.Key, op, expression.Values?.ToArray() ?? [], path));
        }

        return FromRequirements(built);
    }

    /// <summary>A copy of this selector with more requirements, re-sorted by key. <see cref="Nothing"/> stays Nothing.</summary>
    public LabelSelector Add(params IEnumerable<Requirement> more)
    {
        ArgumentNullException.ThrowIfNull(more);
        return selectsNothing ? this : FromRequirements([.. requirements, .. more]);
    }

    /// <summary>True when every requirement holds for the labels (always for <see cref="Everything"/>, never for <see cref="Nothing"/>).</summary>
    public bool Matches(IReadOnlyDictionary<string, string> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        if (selectsNothing)
        {
            return false;
        }

        // A plain loop: this runs once per pod on every metrics API request and every HPA sync.
        foreach (var requirement in requirements)
        {
            if (!requirement.Matches(labels))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Upstream's canonical text: requirements by key, comma-separated, e.g. <c>app=erlmcp,tier in (a,b)</c>.</summary>
    public override string ToString() => string.Join(',', requirements.Select(r => r.ToString()));

    public bool Equals(LabelSelector? other) =>
        other is not null && selectsNothing == other.selectsNothing && requirements.SequenceEqual(other.requirements);

    public override bool Equals(object? obj) => Equals(obj as LabelSelector);

    public override int GetHashCode() => HashCode.Combine(selectsNothing, requirements.Length);

    private static LabelSelector FromRequirements(IEnumerable<Requirement> unsorted) =>
        new([.. unsorted.OrderBy(r => r.Key, StringComparer.Ordinal)], selectsNothing: false);

    private static Requirement CreateFromSpec(string key, SelectionOperator op, string[] values, string path)
    {
        var error = Requirement.Validate(key, op, values, path);
        return error is null ? Requirement.CreateValidated(key, op, values) : throw new LabelSelectorException(error);
    }
}
