namespace Erlmcp.Autoscaler.Simulation.Model;

public enum SessionLengthModel
{
    /// <summary>Each session ends with the same chance every moment: exponential lengths with the given mean.</summary>
    Exponential,

    /// <summary>Every session lasts exactly the given length.</summary>
    Fixed,
}

/// <summary>How long a client stays connected once it has a session.</summary>
public sealed record SessionLength(SessionLengthModel Model, TimeSpan Mean);

/// <summary>
/// How a client whose connection was refused or closed tries again: after <see cref="InitialDelay"/>, then after
/// delays growing by <see cref="Multiplier"/> up to <see cref="MaxDelay"/>, each spread uniformly by ±<see cref="Jitter"/>
/// (a fraction of the delay), as client libraries' exponential backoff does.
/// </summary>
public sealed record ReconnectPolicy(TimeSpan InitialDelay, double Multiplier, TimeSpan MaxDelay, double Jitter)
{
    /// <summary>The delay before attempt <paramref name="level"/> + 1 of a client (level 0: its first retry).</summary>
    public TimeSpan Delay(int level) =>
        TimeSpan.FromMilliseconds(Math.Min(MaxDelay.TotalMilliseconds, InitialDelay.TotalMilliseconds * Math.Pow(Multiplier, level)));

    /// <summary>How many backoff levels there are before the delay stops growing.</summary>
    public int Levels
    {
        get
        {
            var levels = 1;
            while (Delay(levels - 1) < MaxDelay && levels < 64)
            {
                levels++;
            }

            return levels;
        }
    }
}
