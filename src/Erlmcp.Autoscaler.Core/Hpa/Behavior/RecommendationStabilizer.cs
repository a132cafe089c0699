namespace Erlmcp.Autoscaler.Core.Hpa;

/// <summary>
/// Upstream's stabilizeRecommendation (no behavior) and stabilizeRecommendationWithBehaviors: bound the new
/// recommendation by the recent ones, then remember it.
/// </summary>
internal static class RecommendationStabilizer
{
    /// <summary>
    /// Without a behavior: the highest recommendation of the downscale stabilisation window, the new one included.
    /// Unlike the behavior path this ignores the current replicas, so a recent higher recommendation also raises a
    /// scale-up.
    /// </summary>
    internal static (StabilizationStep Step, TimestampedRecommendation[] Recommendations) StabilizeWithDownscaleWindow(
        IReadOnlyList<TimestampedRecommendation> recommendations,
        DateTimeOffset now,
        int recommendation,
        TimeSpan downscaleStabilisationWindow)
    {
        var cutoff = now - downscaleStabilisationWindow;
        var down = new WindowScan(recommendation);
        int staleIndex = -1;
        for (int i = 0; i < recommendations.Count; i++)
        {
            var remembered = recommendations[i];
            // Upstream's only stale test here is Before(cutoff): a recommendation made exactly at the cutoff counts.
            if (remembered.Timestamp < cutoff)
            {
                staleIndex = i;
            }
            else
            {
                down.TakeHigher(remembered);
            }
        }

        var outcome = down.Bound == recommendation ? StabilizationOutcome.Unchanged : StabilizationOutcome.HeldByScaleDownWindow;
        var step = new StabilizationStep(
            recommendation,
            ScaleUpWindow: null,
            down.Trace(ScaleDirection.Down, downscaleStabilisationWindow),
            down.Bound,
            outcome);
        return (step, HistorySlots.ReplaceOrAppend(recommendations, staleIndex, new TimestampedRecommendation(recommendation, now)));
    }

    /// <summary>
    /// With a behavior: the lowest recommendation of the scale-up window and the highest of the scale-down window
    /// bound how far the current replicas may move towards the new recommendation.
    /// </summary>
    internal static (StabilizationStep Step, TimestampedRecommendation[] Recommendations) StabilizeWithBehaviors(
        IReadOnlyList<TimestampedRecommendation> recommendations,
        DateTimeOffset now,
        int currentReplicas,
        int recommendation,
        int scaleUpWindowSeconds,
        int scaleDownWindowSeconds)
    {
        var upWindow = TimeSpan.FromSeconds(scaleUpWindowSeconds);
        var downWindow = TimeSpan.FromSeconds(scaleDownWindowSeconds);
        var upCutoff = now - upWindow;
        var downCutoff = now - downWindow;
        var up = new WindowScan(recommendation);
        var down = new WindowScan(recommendation);
        int staleIndex = -1;
        for (int i = 0; i < recommendations.Count; i++)
        {
            var remembered = recommendations[i];
            // Upstream counts only recommendations strictly after a cutoff, and calls stale only those strictly
            // before both: one made exactly at a cutoff neither counts nor frees its slot.
            if (remembered.Timestamp > upCutoff)
            {
                up.TakeLower(remembered);
            }
            if (remembered.Timestamp > downCutoff)
            {
                down.TakeHigher(remembered);
            }
            if (remembered.Timestamp < upCutoff && remembered.Timestamp < downCutoff)
            {
                staleIndex = i;
            }
        }

        int stabilized = currentReplicas;
        var outcome = StabilizationOutcome.HeldAtCurrentReplicas;
        if (stabilized < up.Bound)
        {
            stabilized = up.Bound;
            outcome = StabilizationOutcome.HeldByScaleUpWindow;
        }
        if (stabilized > down.Bound)
        {
            stabilized = down.Bound;
            outcome = StabilizationOutcome.HeldByScaleDownWindow;
        }
        if (stabilized == recommendation)
        {
            outcome = StabilizationOutcome.Unchanged;
        }

        var step = new StabilizationStep(
            recommendation,
            up.Trace(ScaleDirection.Up, upWindow),
            down.Trace(ScaleDirection.Down, downWindow),
            stabilized,
            outcome);
        return (step, HistorySlots.ReplaceOrAppend(recommendations, staleIndex, new TimestampedRecommendation(recommendation, now)));
    }

    /// <summary>The bound of one window while scanning the remembered recommendations.</summary>
    private struct WindowScan(int recommendation)
    {
        public int Bound { get; private set; } = recommendation;

        private int _count;
        private TimestampedRecommendation? _decisive;

        public void TakeLower(TimestampedRecommendation remembered) => Take(remembered, -remembered.Recommendation, -Bound);

        public void TakeHigher(TimestampedRecommendation remembered) => Take(remembered, remembered.Recommendation, Bound);

        // Compared in the window's own order (negated for the scale-up window) so one rule serves both windows:
        // a strictly better recommendation becomes the bound; at an equal bound the newest remembered one is decisive.
        private void Take(TimestampedRecommendation remembered, int candidate, int bound)
        {
            _count++;
            if (candidate > bound || (candidate == bound && _decisive is { } d && remembered.Timestamp > d.Timestamp))
            {
                Bound = remembered.Recommendation;
                _decisive = remembered;
            }
        }

        public readonly StabilizationWindowTrace Trace(ScaleDirection direction, TimeSpan window) =>
            new(direction, window, Bound, _count, _decisive);
    }
}
