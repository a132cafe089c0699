namespace Erlmcp.Autoscaler.Simulation.Traces;

/// <summary>The load a simulation replays, in one of two shapes: sessions opened per interval, or a connections gauge.</summary>
public abstract record LoadTrace
{
    /// <summary>The time of the first point, Unix milliseconds.</summary>
    public abstract long StartMs { get; }

    /// <summary>The time just past the last point: where a run over the whole trace ends.</summary>
    public abstract long EndMs { get; }

    /// <summary>The trace with every value multiplied by <paramref name="factor"/>.</summary>
    public abstract LoadTrace Scaled(double factor);
}

/// <summary>
/// New sessions per interval: <see cref="Opened"/>[i] sessions open, evenly spread, over
/// [<see cref="StartMs"/> + i × <see cref="IntervalMs"/>, + <see cref="IntervalMs"/>). A gap in the file is an
/// interval with no sessions opened.
/// </summary>
public sealed record OpenedTrace(long FirstMs, long IntervalMs, double[] Opened) : LoadTrace
{
    public override long StartMs => FirstMs;

    public override long EndMs => FirstMs + IntervalMs * Opened.Length;

    public override LoadTrace Scaled(double factor) => this with { Opened = Array.ConvertAll(Opened, v => v * factor) };
}

/// <summary>
/// A gauge of open connections, linear between its points and held after the last one; the simulated sessions
/// follow it (new sessions when it rises, sessions ending when it falls faster than they end by themselves).
/// </summary>
public sealed record ConnectionsTrace(long[] TimesMs, double[] Connections) : LoadTrace
{
    public override long StartMs => TimesMs[0];

    /// <summary>One typical interval past the last point, so the last value is replayed too.</summary>
    public override long EndMs => TimesMs[^1] + (TimesMs.Length > 1 ? TimesMs[^1] - TimesMs[^2] : 1000);

    public override LoadTrace Scaled(double factor) => this with { Connections = Array.ConvertAll(Connections, v => v * factor) };

    /// <summary>The gauge at <paramref name="timeMs"/>; <paramref name="cursor"/> remembers the segment between calls with growing times.</summary>
    public double At(long timeMs, ref int cursor)
    {
        if (timeMs <= TimesMs[0])
        {
            return Connections[0];
        }

        while (cursor + 1 < TimesMs.Length && TimesMs[cursor + 1] <= timeMs)
        {
            cursor++;
        }

        if (cursor + 1 >= TimesMs.Length)
        {
            return Connections[^1];
        }

        var t0 = TimesMs[cursor];
        var fraction = (double)(timeMs - t0) / (TimesMs[cursor + 1] - t0);
        return Connections[cursor] + (Connections[cursor + 1] - Connections[cursor]) * fraction;
    }
}
