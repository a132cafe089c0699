namespace Erlmcp.Autoscaler.Erlang.Connection;

/// <summary>
/// Exponential backoff between failed connection attempts: after n consecutive failures the next attempt waits
/// InitialDelay * 2^(n-1), at most MaxDelay. A success resets it.
/// </summary>
internal sealed class ReconnectBackoff(TimeSpan initialDelay, TimeSpan maxDelay)
{
    private int _failures;
    private long? _failedAt;

    public int ConsecutiveFailures => _failures;

    /// <summary>How long to wait, from now, before the next attempt may start.</summary>
    public TimeSpan RemainingDelay(TimeProvider time)
    {
        if (_failedAt is not { } failedAt)
        {
            return TimeSpan.Zero;
        }

        var remaining = CurrentDelay - time.GetElapsedTime(failedAt);
        return remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero;
    }

    public TimeSpan CurrentDelay
    {
        get
        {
            if (_failures == 0)
            {
                return TimeSpan.Zero;
            }

            var factor = Math.Pow(2, Math.Min(_failures - 1, 30));
            var delay = initialDelay * factor;
            return delay > maxDelay ? maxDelay : delay;
        }
    }

    public void RecordFailure(TimeProvider time)
    {
        _failures++;
        _failedAt = time.GetTimestamp();
    }

    public void RecordSuccess()
    {
        _failures = 0;
        _failedAt = null;
    }
}
