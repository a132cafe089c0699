namespace Erlmcp.Autoscaler.Core.Hpa;

/// <summary>The condition reasons the controller itself sets, with upstream's exact spelling.</summary>
public static class HpaConditionReason
{
    public const string SucceededGetScale = "SucceededGetScale";
    public const string SucceededRescale = "SucceededRescale";
    public const string ScalingDisabled = "ScalingDisabled";
    public const string ValidMetricFound = "ValidMetricFound";
    public const string InvalidSelector = "InvalidSelector";
    public const string AmbiguousSelector = "AmbiguousSelector";
    public const string InvalidMetricSourceType = "InvalidMetricSourceType";
    public const string FailedGetResourceMetric = "FailedGetResourceMetric";
    public const string FailedGetContainerResourceMetric = "FailedGetContainerResourceMetric";
    public const string FailedGetPodsMetric = "FailedGetPodsMetric";
    public const string FailedGetObjectMetric = "FailedGetObjectMetric";
    public const string FailedGetExternalMetric = "FailedGetExternalMetric";
}

/// <summary>Upstream's setConditionInList: the status.conditions list of an HPA, one condition per type.</summary>
public static class HpaConditionList
{
    /// <summary>
    /// Returns <paramref name="conditions"/> with the condition of <paramref name="type"/> set: replaced in place when
    /// present, appended otherwise. The last transition time moves to <paramref name="now"/> only when the status
    /// changes (or the condition is new); a new reason or message alone keeps it.
    /// </summary>
    public static IReadOnlyList<HpaCondition> Set(
        IReadOnlyList<HpaCondition> conditions,
        string type,
        ConditionStatus status,
        string reason,
        string message,
        DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(conditions);
        var result = conditions.ToList();
        var index = result.FindIndex(c => c.Type == type);
        if (index < 0)
        {
            result.Add(new HpaCondition(type, status, reason, message, now));
            return result;
        }

        var existing = result[index];
        var transition = existing.Status == status ? existing.LastTransitionTime : now;
        result[index] = new HpaCondition(type, status, reason, message, transition);
        return result;
    }

    /// <summary>Sets <paramref name="condition"/> (its type, status, reason and message) as <see cref="Set(IReadOnlyList{HpaCondition}, string, ConditionStatus, string, string, DateTimeOffset)"/> does.</summary>
    public static IReadOnlyList<HpaCondition> Set(IReadOnlyList<HpaCondition> conditions, HpaCondition condition, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(condition);
        return Set(conditions, condition.Type, condition.Status, condition.Reason, condition.Message, now);
    }
}
