namespace Erlmcp.Autoscaler.Core.Labels;

/// <summary>The operator of one label selector requirement (k8s.io/apimachinery/pkg/selection.Operator).</summary>
public enum SelectionOperator
{
    /// <summary><c>key=value</c>.</summary>
    Equals,

    /// <summary><c>key==value</c>: same meaning as <see cref="Equals"/>, kept apart so the selector prints as it was written.</summary>
    DoubleEquals,

    /// <summary><c>key!=value</c>: also matches when the label is absent.</summary>
    NotEquals,

    /// <summary><c>key in (a,b)</c>.</summary>
    In,

    /// <summary><c>key notin (a,b)</c>: also matches when the label is absent.</summary>
    NotIn,

    /// <summary><c>key</c>: the label is present, whatever its value.</summary>
    Exists,

    /// <summary><c>!key</c>: the label is absent.</summary>
    DoesNotExist,

    /// <summary><c>key&gt;n</c>: the label's value is an integer greater than n.</summary>
    GreaterThan,

    /// <summary><c>key&lt;n</c>: the label's value is an integer less than n.</summary>
    LessThan,
}

internal static class SelectionOperatorNames
{
    /// <summary>Upstream's string value of each operator, used in error messages.</summary>
    public static string UpstreamName(this SelectionOperator op) => op switch
    {
        SelectionOperator.Equals => "=",
        SelectionOperator.DoubleEquals => "==",
        SelectionOperator.NotEquals => "!=",
        SelectionOperator.In => "in",
        SelectionOperator.NotIn => "notin",
        SelectionOperator.Exists => "exists",
        SelectionOperator.DoesNotExist => "!",
        SelectionOperator.GreaterThan => "gt",
        SelectionOperator.LessThan => "lt",
        _ => throw new ArgumentOutOfRangeException(nameof(op), op, "unknown selection operator"),
    };

    /// <summary>The operators that take values, in upstream's order (its error messages list them so).</summary>
    public static IReadOnlyList<SelectionOperator> Binary { get; } =
    [
        SelectionOperator.In, SelectionOperator.NotIn, SelectionOperator.Equals, SelectionOperator.DoubleEquals,
        SelectionOperator.NotEquals, SelectionOperator.GreaterThan, SelectionOperator.LessThan,
    ];

    public static string BinaryList { get; } = string.Join(", ", Binary.Select(UpstreamName));
}
