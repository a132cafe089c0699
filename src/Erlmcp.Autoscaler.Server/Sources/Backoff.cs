namespace Erlmcp.Autoscaler.Server.Sources;

/// <summary>Exponential backoff: the initial wait, doubled after each failure up to the maximum, until reset.</summary>
internal sealed class Backoff
{
    private readonly TimeSpan initial;
    private readonly TimeSpan maximum;
    private TimeSpan next;

    public Backoff(TimeSpan initial, TimeSpan maximum)
    {
        this.initial = initial;
        this.maximum = maximum;
        next = initial;
    }

    /// <summary>The wait before the next attempt; the one after is twice as long, up to the maximum.</summary>
    public TimeSpan Next()
    {
        var wait = next;
        next = next * 2 > maximum ? maximum : next * 2;
        return wait;
    }

    /// <summary>After a success: the next failure waits the initial time again.</summary>
    public void Reset() => next = initial;
}
