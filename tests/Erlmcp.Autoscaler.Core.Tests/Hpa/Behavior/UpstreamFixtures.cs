using Erlmcp.Autoscaler.Core.Hpa;

namespace Erlmcp.Autoscaler.Core.Tests.Hpa.Behavior;

/// <summary>The helpers of upstream's horizontal_test.go, with a fixed clock instead of time.Now().</summary>
internal static class UpstreamFixtures
{
    public static readonly DateTimeOffset Now = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    public static DateTimeOffset Ago(int seconds) => Now - TimeSpan.FromSeconds(seconds);

    /// <summary>
    /// generateScalingRules: select Max, a Pods policy when pods != 0 and a Percent policy when percent != 0
    /// (no policy at all leaves the list omitted, so the defaults fill it).
    /// </summary>
    public static HpaScalingRules GenerateScalingRules(int pods, int podsPeriod, int percent, int percentPeriod, int stabilizationWindow)
    {
        var policies = new List<HpaScalingPolicy>();
        if (pods != 0)
        {
            policies.Add(new HpaScalingPolicy(ScalingPolicyType.Pods, pods, podsPeriod));
        }
        if (percent != 0)
        {
            policies.Add(new HpaScalingPolicy(ScalingPolicyType.Percent, percent, percentPeriod));
        }
        return new HpaScalingRules(stabilizationWindow, ScalingPolicySelect.Max, policies.Count == 0 ? null : policies);
    }

    /// <summary>
    /// generateEventsUniformDistribution: the events spread over the last <paramref name="periodSeconds"/>, the first
    /// the oldest, each in the middle of its segment (whole seconds, as upstream truncates to a Duration of seconds).
    /// E.g. {1, 5, 9} over 120s are 100s, 60s and 20s ago.
    /// </summary>
    public static TimestampedScaleEvent[] GenerateEventsUniformDistribution(int[] rawEvents, int periodSeconds)
    {
        var events = new TimestampedScaleEvent[rawEvents.Length];
        double segmentDuration = (double)periodSeconds / rawEvents.Length;
        for (int idx = 0; idx < rawEvents.Length; idx++)
        {
            var secondsAgo = (long)(periodSeconds - segmentDuration * (idx + 1) + segmentDuration / 2);
            events[idx] = new TimestampedScaleEvent(rawEvents[idx], Now - TimeSpan.FromSeconds(secondsAgo), Outdated: false);
        }
        return events;
    }
}
