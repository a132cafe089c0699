using System.Globalization;
using System.Text;

namespace Erlmcp.Autoscaler.Core.Labels;

/// <summary>
/// One condition of a label selector: a key, an operator and the values it relates them to
/// (k8s.io/apimachinery/pkg/labels.Requirement). Always valid: build one with <see cref="Create"/>.
/// </summary>
public sealed class Requirement : IEquatable<Requirement>
{
    private readonly string[] values;

    private Requirement(string key, SelectionOperator op, string[] values)
    {
        Key = key;
        Operator = op;
        this.values = values;
    }

    public string Key { get; }

    public SelectionOperator Operator { get; }

    /// <summary>The values in the order given (parsed selectors give them sorted and without duplicates).</summary>
    public IReadOnlyList<string> Values => values;

    /// <summary>
    /// Builds a requirement, validating as upstream's NewRequirement: the key is a label key; In and NotIn need at
    /// least one value; Equals, DoubleEquals and NotEquals exactly one; Exists and DoesNotExist none; GreaterThan and
    /// LessThan exactly one integer; every value is a label value (the empty string is one).
    /// </summary>
    /// <exception cref="LabelSelectorException">Any rule is broken; the message lists every broken rule.</exception>
    public static Requirement Create(string key, SelectionOperator op, IEnumerable<string>? values = null)
    {
        ArgumentNullException.ThrowIfNull(key);
        var array = values?.ToArray() ?? [];
        var error = Validate(key, op, array, path: null);
        return error is null ? new Requirement(key, op, array) : throw new LabelSelectorException(error);
    }

    /// <summary>Builds a requirement from values already checked by <see cref="Validate"/>.</summary>
    internal static Requirement CreateValidated(string key, SelectionOperator op, string[] values) => new(key, op, values);

    /// <summary>
    /// Every broken NewRequirement rule, in upstream's field-error wording (<c>values: Invalid value: ...</c>), each
    /// field named under <paramref name="path"/>; null when valid.
    /// </summary>
    internal static string? Validate(string key, SelectionOperator op, string[] values, string? path)
    {
        var errors = new List<string>();
        var keyErrors = LabelValidation.LabelKeyErrors(key);
        if (keyErrors.Count > 0)
        {
            errors.Add(Invalid(Child(path, "key"), Quote(key), string.Join("; ", keyErrors)));
        }

        var valuesPath = Child(path, "values");
        switch (op)
        {
            case SelectionOperator.In or SelectionOperator.NotIn when values.Length == 0:
                errors.Add(Invalid(valuesPath, QuoteAll(values), "for 'in', 'notin' operators, values set can't be empty"));
                break;
            case SelectionOperator.Equals or SelectionOperator.DoubleEquals or SelectionOperator.NotEquals when values.Length != 1:
                errors.Add(Invalid(valuesPath, QuoteAll(values), "exact-match compatibility requires one single value"));
                break;
            case SelectionOperator.Exists or SelectionOperator.DoesNotExist when values.Length != 0:
                errors.Add(Invalid(valuesPath, QuoteAll(values), "values set must be empty for exists and does not exist"));
                break;
            case SelectionOperator.GreaterThan or SelectionOperator.LessThan:
                if (values.Length != 1)
                {
                    errors.Add(Invalid(valuesPath, QuoteAll(values), "for 'Gt', 'Lt' operators, exactly one value is required"));
                }

                for (var i = 0; i < values.Length; i++)
                {
                    if (!TryParseInteger(values[i], out _))
                    {
                        errors.Add(Invalid($"{valuesPath}[{i}]", Quote(values[i]), "for 'Gt', 'Lt' operators, the value must be an integer"));
                    }
                }

                break;
            case SelectionOperator.In or SelectionOperator.NotIn or SelectionOperator.Equals or SelectionOperator.DoubleEquals
                or SelectionOperator.NotEquals or SelectionOperator.Exists or SelectionOperator.DoesNotExist:
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(op), op, "unknown selection operator");
        }

        for (var i = 0; i < values.Length; i++)
        {
            var valueErrors = LabelValidation.LabelValueErrors(values[i]);
            if (valueErrors.Count > 0)
            {
                errors.Add(Invalid($"{valuesPath}[{i}][{key}]", Quote(values[i]), string.Join("; ", valueErrors)));
            }
        }

        // Upstream's aggregate error: one error alone, several in brackets.
        return errors.Count switch
        {
            0 => null,
            1 => errors[0],
            _ => "[" + string.Join(", ", errors) + "]",
        };
    }

    /// <summary>
    /// Whether the labels satisfy this requirement. NotIn, NotEquals and DoesNotExist match a missing label;
    /// GreaterThan and LessThan need the label to hold an integer.
    /// </summary>
    public bool Matches(IReadOnlyDictionary<string, string> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var present = labels.TryGetValue(Key, out var value);
        switch (Operator)
        {
            case SelectionOperator.In or SelectionOperator.Equals or SelectionOperator.DoubleEquals:
                return present && HasValue(value!);
            case SelectionOperator.NotIn or SelectionOperator.NotEquals:
                return !present || !HasValue(value!);
            case SelectionOperator.Exists:
                return present;
            case SelectionOperator.DoesNotExist:
                return !present;
            case SelectionOperator.GreaterThan or SelectionOperator.LessThan:
                if (!present || !TryParseInteger(value!, out var actual) || !TryParseInteger(values[0], out var bound))
                {
                    return false;
                }

                return Operator == SelectionOperator.GreaterThan ? actual > bound : actual < bound;
            default:
                return false;
        }
    }

    /// <summary>Upstream's canonical text: <c>key=v</c>, <c>key in (a,b)</c>, <c>!key</c>..., with values sorted.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        if (Operator == SelectionOperator.DoesNotExist)
        {
            text.Append('!');
        }

        text.Append(Key);
        var (before, after) = Operator switch
        {
            SelectionOperator.Equals => ("=", ""),
            SelectionOperator.DoubleEquals => ("==", ""),
            SelectionOperator.NotEquals => ("!=", ""),
            SelectionOperator.In => (" in (", ")"),
            SelectionOperator.NotIn => (" notin (", ")"),
            SelectionOperator.GreaterThan => (">", ""),
            SelectionOperator.LessThan => ("<", ""),
            _ => (null, null),
        };
        if (before is null)
        {
            return text.ToString();
        }

        var sorted = values.ToArray();
        Array.Sort(sorted, StringComparer.Ordinal);
        return text.Append(before).AppendJoin(',', sorted).Append(after).ToString();
    }

    public bool Equals(Requirement? other) =>
        other is not null && Key == other.Key && Operator == other.Operator && values.AsSpan().SequenceEqual(other.values);

    public override bool Equals(object? obj) => Equals(obj as Requirement);

    public override int GetHashCode() => HashCode.Combine(Key, Operator, values.Length);

    private bool HasValue(string value) => Array.IndexOf(values, value) >= 0;

    // strconv.ParseInt(s, 10, 64): optional sign, decimal digits, no spaces.
    private static bool TryParseInteger(string text, out long value) =>
        long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);

    private static string Child(string? path, string name) => path is null ? name : $"{path}.{name}";

    private static string Invalid(string field, string value, string detail) => $"{field}: Invalid value: {value}: {detail}";

    private static string Quote(string value) => $"\"{value}\"";

    private static string QuoteAll(string[] values) => "[" + string.Join(", ", values.Select(Quote)) + "]";
}
