using System.Text.Json;
using Erlmcp.Autoscaler.Core.Labels;

namespace Erlmcp.Autoscaler.Server.Api.Selectors;

/// <summary>
/// A parsed selector written back as a metav1.LabelSelector, as upstream's ParseToLabelSelector builds it:
/// <c>k=v</c> and <c>k==v</c> into matchLabels (keys sorted), the rest into matchExpressions in selector order.
/// <c>k!=v</c> becomes <c>NotIn [v]</c>, which selects the same objects.
/// </summary>
internal static class LabelSelectorJson
{
    private static readonly JsonEncodedText MatchLabels = JsonEncodedText.Encode("matchLabels");
    private static readonly JsonEncodedText MatchExpressions = JsonEncodedText.Encode("matchExpressions");
    private static readonly JsonEncodedText Key = JsonEncodedText.Encode("key");
    private static readonly JsonEncodedText Operator = JsonEncodedText.Encode("operator");
    private static readonly JsonEncodedText Values = JsonEncodedText.Encode("values");

    /// <summary>Why the selector has no metav1.LabelSelector form (it compares numbers), or null when it has one.</summary>
    public static string? Unrepresentable(LabelSelector selector)
    {
        foreach (var requirement in selector.Requirements)
        {
            if (requirement.Operator is SelectionOperator.GreaterThan or SelectionOperator.LessThan)
            {
                return $"the requirement \"{requirement}\" compares numbers, which a metav1.LabelSelector cannot express";
            }
        }

        return null;
    }

    public static void Write(Utf8JsonWriter writer, LabelSelector selector)
    {
        writer.WriteStartObject();
        var labels = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var hasExpressions = false;
        foreach (var requirement in selector.Requirements)
        {
            if (requirement.Operator is SelectionOperator.Equals or SelectionOperator.DoubleEquals)
            {
                labels[requirement.Key] = requirement.Values[0];
            }
            else
            {
                hasExpressions = true;
            }
        }

        if (labels.Count > 0)
        {
            writer.WriteStartObject(MatchLabels);
            foreach (var (key, value) in labels)
            {
                writer.WriteString(key, value);
            }

            writer.WriteEndObject();
        }

        if (hasExpressions)
        {
            writer.WriteStartArray(MatchExpressions);
            foreach (var requirement in selector.Requirements)
            {
                WriteExpression(writer, requirement);
            }

            writer.WriteEndArray();
        }

        writer.WriteEndObject();
    }

    private static void WriteExpression(Utf8JsonWriter writer, Requirement requirement)
    {
        var op = requirement.Operator switch
        {
            SelectionOperator.In => "In",
            SelectionOperator.NotIn or SelectionOperator.NotEquals => "NotIn",
            SelectionOperator.Exists => "Exists",
            SelectionOperator.DoesNotExist => "DoesNotExist",
            _ => null,
        };
        if (op is null)
        {
            return;
        }

        writer.WriteStartObject();
        writer.WriteString(Key, requirement.Key);
        writer.WriteString(Operator, op);
        if (requirement.Values.Count > 0)
        {
            writer.WriteStartArray(Values);
            foreach (var value in requirement.Values.Order(StringComparer.Ordinal))
            {
                writer.WriteStringValue(value);
            }

            writer.WriteEndArray();
        }

        writer.WriteEndObject();
    }
}
