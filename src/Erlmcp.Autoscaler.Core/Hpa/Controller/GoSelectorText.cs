using System.Text;
using Erlmcp.Autoscaler.Core.Labels;

namespace Erlmcp.Autoscaler.Core.Hpa;

/// <summary>
/// How Go prints a *metav1.LabelSelector with <c>%+v</c> (its generated String method), which upstream embeds in the
/// description of External metrics and of Object metrics with an AverageValue target, e.g.
/// <c>external metric qps(&amp;LabelSelector{MatchLabels:map[string]string{},MatchExpressions:[]LabelSelectorRequirement{},})</c>.
/// </summary>
internal static class GoSelectorText
{
    public static string Format(LabelSelectorSpec? selector)
    {
        if (selector is null)
        {
            return "nil";
        }

        var text = new StringBuilder("&LabelSelector{MatchLabels:map[string]string{");
        foreach (var (key, value) in (selector.MatchLabels ?? new Dictionary<string, string>()).OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            text.Append(key).Append(": ").Append(value).Append(',');
        }

        text.Append("},MatchExpressions:[]LabelSelectorRequirement{");
        foreach (var requirement in selector.MatchExpressions ?? [])
        {
            text.Append("LabelSelectorRequirement{Key:").Append(requirement.Key)
                .Append(",Operator:").Append(requirement.Operator)
                .Append(",Values:[").AppendJoin(' ', requirement.Values ?? []).Append("],},");
        }

        return text.Append("},}").ToString();
    }
}
