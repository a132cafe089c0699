namespace Erlmcp.Autoscaler.Core.Scaling;

/// <summary>How long an issued action is given to take effect before it is issued again: doubling, capped.</summary>
internal static class Backoff
{
    public static TimeSpan After(int attempts, RetrySettings retry)
    {
        // In ticks as a double so that many doublings of a long delay cannot overflow a TimeSpan.
        var ticks = retry.Initial.Ticks * Math.Pow(2, Math.Max(0, attempts - 1));
        return ticks < retry.Max.Ticks ? TimeSpan.FromTicks((long)ticks) : retry.Max;
    }
}
