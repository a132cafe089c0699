namespace Erlmcp.Autoscaler.Simulation.Model;

/// <summary>
/// Clients waiting to reconnect, as counts per backoff level and per step at which they will try again. A client
/// whose session ends while it waits gives up (<see cref="SessionEndings.Survival"/>).
/// </summary>
internal sealed class RetryQueue
{
    private readonly long[][] _due;
    private readonly (int First, int Last)[] _slots;

    public RetryQueue(ReconnectPolicy policy, long stepMs)
    {
        Levels = policy.Levels;
        _slots = new (int, int)[Levels];
        var ringLength = 2;
        for (var level = 0; level < Levels; level++)
        {
            var delayMs = policy.Delay(level).TotalMilliseconds;
            var first = (int)Math.Max(1, Math.Round(delayMs * (1 - policy.Jitter) / stepMs));
            var last = (int)Math.Max(first, Math.Round(delayMs * (1 + policy.Jitter) / stepMs));
            _slots[level] = (first, last);
            ringLength = Math.Max(ringLength, last + 1);
        }

        _due = new long[Levels][];
        for (var level = 0; level < Levels; level++)
        {
            _due[level] = new long[ringLength];
        }

        StepMs = stepMs;
    }

    public int Levels { get; }

    public long StepMs { get; }

    /// <summary>Clients waiting, all levels together.</summary>
    public long Waiting { get; private set; }

    /// <summary>
    /// Queues <paramref name="count"/> clients at backoff <paramref name="level"/> (capped at the last), spread evenly
    /// over the jittered delay; returns how many gave up before their retry. Whether a client outlives its wait is
    /// drawn once for the batch, at the mean delay of the level: one draw instead of one per step of the spread.
    /// </summary>
    public long Schedule(int level, long count, long step, SessionEndings sessions, SimulationRandom random)
    {
        if (count <= 0)
        {
            return 0;
        }

        level = Math.Min(level, Levels - 1);
        var (first, last) = _slots[level];
        var survivors = sessions.SurvivorsOfWait(count, (first + last) * StepMs / 2, random);
        var slots = last - first + 1;
        var each = survivors / slots;
        var extra = survivors % slots;
        var extraFrom = extra > 0 ? random.NextInt(slots) : 0;
        var ring = _due[level];
        for (var i = 0; i < slots; i++)
        {
            ring[(step + first + i) % ring.Length] += each + (((i - extraFrom + slots) % slots) < extra ? 1 : 0);
        }

        Waiting += survivors;
        return count - survivors;
    }

    /// <summary>Takes the clients of <paramref name="level"/> whose retry falls on <paramref name="step"/>.</summary>
    public long TakeDue(int level, long step)
    {
        var ring = _due[level];
        var index = step % ring.Length;
        var due = ring[index];
        if (due != 0)
        {
            ring[index] = 0;
            Waiting -= due;
        }

        return due;
    }

    /// <summary>Removes up to <paramref name="count"/> waiting clients (whose sessions ended); returns how many.</summary>
    public long Remove(long count)
    {
        long removed = 0;
        foreach (var ring in _due)
        {
            for (var i = 0; i < ring.Length && removed < count; i++)
            {
                var take = Math.Min(ring[i], count - removed);
                ring[i] -= take;
                removed += take;
            }
        }

        Waiting -= removed;
        return removed;
    }
}
