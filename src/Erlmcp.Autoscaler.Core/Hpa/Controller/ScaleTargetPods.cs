using Erlmcp.Autoscaler.Core.Labels;

namespace Erlmcp.Autoscaler.Core.Hpa;

/// <summary>
/// The label selectors of the other HPAs of the namespace, for upstream's AmbiguousSelector check: an HPA must not
/// scale pods that another HPA also selects. Keys are "namespace/name", as upstream prints them.
/// </summary>
/// <param name="HpaKey">The key of the HPA being evaluated.</param>
/// <param name="OtherHpas">The other HPAs with the selector of their target's scale (upstream registers an HPA with a
/// selector that selects nothing until its first sync has read its target's selector).</param>
public sealed record HpaSelectorRegistry(string HpaKey, IReadOnlyList<RegisteredHpaSelector> OtherHpas);

/// <summary>One HPA of <see cref="HpaSelectorRegistry"/>: its key and the selector of its target's scale.</summary>
public sealed record RegisteredHpaSelector(string HpaKey, LabelSelector Selector);

/// <summary>
/// Upstream's validateAndParseSelector: parses the scale's status.selector and lists the pods it selects, or says why
/// the HPA cannot use it (ScalingActive=False, reason InvalidSelector or AmbiguousSelector).
/// </summary>
internal sealed record ScaleTargetPods(IReadOnlyList<PodInfo> Pods, HpaCondition? Failure, string? Error)
{
    private static readonly Dictionary<string, string> NoLabels = [];

    public static ScaleTargetPods Select(
        string selectorText, IReadOnlyList<PodInfo> namespacePods, HpaSelectorRegistry? registry, DateTimeOffset now)
    {
        if (string.IsNullOrEmpty(selectorText))
        {
            return Fail(HpaConditionReason.InvalidSelector, "the HPA target's scale is missing a selector", "selector is required", now);
        }

        LabelSelector selector;
        try
        {
            selector = LabelSelector.Parse(selectorText);
        }
        catch (LabelSelectorException e)
        {
            var message = $"couldn't convert selector into a corresponding internal selector object: {e.Message}";
            return Fail(HpaConditionReason.InvalidSelector, message, message, now);
        }

        var pods = namespacePods.Where(pod => selector.Matches(pod.Labels ?? NoLabels)).ToList();
        var controllingHpas = HpasControlling(pods, registry);
        if (controllingHpas.Count > 1)
        {
            var message = $"pods by selector {selectorText} are controlled by multiple HPAs: [{string.Join(' ', controllingHpas)}]";
            return Fail(HpaConditionReason.AmbiguousSelector, message, message, now);
        }

        return new ScaleTargetPods(pods, null, null);
    }

    // Upstream reverse-selects every HPA whose selector matches one of the pods, this HPA included; the keys are
    // sorted here because upstream prints them in map order, which varies from run to run.
    private static List<string> HpasControlling(List<PodInfo> pods, HpaSelectorRegistry? registry)
    {
        if (registry is null || pods.Count == 0)
        {
            return [];
        }

        var others = registry.OtherHpas
            .Where(other => pods.Exists(pod => other.Selector.Matches(pod.Labels ?? NoLabels)))
            .Select(other => other.HpaKey);
        return [.. others.Append(registry.HpaKey).Distinct().Order(StringComparer.Ordinal)];
    }

    private static ScaleTargetPods Fail(string reason, string conditionMessage, string error, DateTimeOffset now) =>
        new([], new HpaCondition(HpaConditionType.ScalingActive, ConditionStatus.False, reason, conditionMessage, now), error);
}
