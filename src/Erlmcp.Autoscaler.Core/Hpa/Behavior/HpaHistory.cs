namespace Erlmcp.Autoscaler.Core.Hpa;

/// <summary>An unstabilized recommendation the controller remembers for its stabilization windows.</summary>
public readonly record struct TimestampedRecommendation(int Recommendation, DateTimeOffset Timestamp);

/// <summary>
/// A rescale the controller remembers for its scaling policies. <see cref="ReplicaChange"/> is the size of the change
/// (never negative); the direction is the list it sits in. <see cref="Outdated"/> marks an event older than the
/// longest policy period of its direction when the last event was stored: its slot is free for the next event.
/// </summary>
public readonly record struct TimestampedScaleEvent(int ReplicaChange, DateTimeOffset Timestamp, bool Outdated);

/// <summary>
/// What upstream's HorizontalController keeps per autoscaler between reconciliations (its recommendations,
/// scaleUpEvents and scaleDownEvents maps), as an immutable value: every operation returns a new history.
/// </summary>
public sealed record HpaHistory(
    IReadOnlyList<TimestampedRecommendation> Recommendations,
    IReadOnlyList<TimestampedScaleEvent> ScaleUpEvents,
    IReadOnlyList<TimestampedScaleEvent> ScaleDownEvents)
{
    public static HpaHistory Empty { get; } = new([], [], []);

    public IReadOnlyList<TimestampedRecommendation> Recommendations { get; init; } =
        Recommendations ?? throw new ArgumentNullException(nameof(Recommendations));

    public IReadOnlyList<TimestampedScaleEvent> ScaleUpEvents { get; init; } =
        ScaleUpEvents ?? throw new ArgumentNullException(nameof(ScaleUpEvents));

    public IReadOnlyList<TimestampedScaleEvent> ScaleDownEvents { get; init; } =
        ScaleDownEvents ?? throw new ArgumentNullException(nameof(ScaleDownEvents));
}

/// <summary>
/// Upstream stores a new entry in the slot of the last stale one, or appends when none is stale. The recycling is
/// observable (a recycled scale-up event no longer counts in a longer scale-down period, and a stale recommendation
/// left in place would count again if a window grew), so the histories reproduce it exactly.
/// </summary>
internal static class HistorySlots
{
    internal static T[] ReplaceOrAppend<T>(IReadOnlyList<T> items, int staleIndex, T item)
    {
        if (staleIndex >= 0)
        {
            var replaced = Copy(items, items.Count);
            replaced[staleIndex] = item;
            return replaced;
        }
        var appended = Copy(items, items.Count + 1);
        appended[^1] = item;
        return appended;
    }

    internal static T[] Copy<T>(IReadOnlyList<T> items, int length)
    {
        var copy = new T[length];
        for (int i = 0; i < items.Count; i++)
        {
            copy[i] = items[i];
        }
        return copy;
    }
}
