using Erlmcp.Autoscaler.Simulation.Model;

namespace Erlmcp.Autoscaler.Simulation.Traces;

/// <summary>Flash crowds of a synthetic trace: sudden rushes on top of the daily curve.</summary>
/// <param name="PerDay">How many start each day, at seeded random times.</param>
/// <param name="Height">Their height as a fraction of the peak (each drawn between half and one and a half times it).</param>
/// <param name="Rise">How long one takes to reach its height (a straight line).</param>
/// <param name="Decay">Its time constant on the way down (exponential).</param>
public sealed record FlashCrowds(int PerDay, double Height, TimeSpan Rise, TimeSpan Decay);

/// <summary>
/// A synthetic connections gauge: a daily cosine between a trough and a peak, flash crowds on top, and a little
/// multiplicative noise, all drawn from the seed, so the default scenario needs no data file.
/// </summary>
/// <param name="Start">The first point's time.</param>
/// <param name="Days">How many days it lasts.</param>
/// <param name="Interval">The spacing of its points.</param>
/// <param name="PeakConnections">Connections at the daily peak, before flash crowds.</param>
/// <param name="TroughFraction">The nightly trough as a fraction of the peak.</param>
/// <param name="PeakHour">The hour of the day (UTC, fractional) of the peak.</param>
/// <param name="Noise">The standard deviation of the multiplicative noise of each point.</param>
/// <param name="Crowds">The flash crowds.</param>
public sealed record SyntheticTrace(
    DateTimeOffset Start,
    double Days,
    TimeSpan Interval,
    double PeakConnections,
    double TroughFraction,
    double PeakHour,
    double Noise,
    FlashCrowds Crowds)
{
    // Keeps the trace's draws apart from the simulation's, which use the same seed.
    private const ulong StreamSalt = 0x5EED_7ACE_0000_0001;

    public ConnectionsTrace Generate(ulong seed)
    {
        var random = new SimulationRandom(seed ^ StreamSalt);
        var intervalMs = (long)Interval.TotalMilliseconds;
        var durationMs = (long)(Days * 86_400_000);
        var points = (int)(durationMs / intervalMs) + 1;
        var startMs = Start.ToUnixTimeMilliseconds();
        var crowds = DrawCrowds(random, startMs, durationMs);
        var times = new long[points];
        var values = new double[points];
        var trough = PeakConnections * TroughFraction;
        for (var i = 0; i < points; i++)
        {
            var t = startMs + i * intervalMs;
            var hour = (double)((t % 86_400_000) + 86_400_000) % 86_400_000 / 3_600_000;
            var daily = trough + (PeakConnections - trough) * (1 + Math.Cos(2 * Math.PI * (hour - PeakHour) / 24)) / 2;
            var crowd = 0.0;
            foreach (var (crowdStart, height) in crowds)
            {
                crowd += CrowdShape(t - crowdStart) * height;
            }

            times[i] = t;
            values[i] = Math.Max(0, (daily + crowd) * (1 + Noise * random.StandardNormal()));
        }

        return new ConnectionsTrace(times, values);
    }

    private List<(long Start, double Height)> DrawCrowds(SimulationRandom random, long startMs, long durationMs)
    {
        var crowds = new List<(long, double)>();
        for (var day = 0L; day * 86_400_000 < durationMs; day++)
        {
            for (var i = 0; i < Crowds.PerDay; i++)
            {
                var at = startMs + day * 86_400_000 + (long)(random.NextDouble() * 86_400_000);
                crowds.Add((at, PeakConnections * Crowds.Height * (0.5 + random.NextDouble())));
            }
        }

        return crowds;
    }

    // 0 before the crowd, a straight rise to 1, then an exponential decay.
    private double CrowdShape(long sinceStartMs)
    {
        var riseMs = Crowds.Rise.TotalMilliseconds;
        var decayMs = Crowds.Decay.TotalMilliseconds;
        if (sinceStartMs < 0 || sinceStartMs > riseMs + 40 * decayMs)
        {
            return 0;
        }

        return sinceStartMs < riseMs
            ? sinceStartMs / riseMs
            : Math.Exp(-(sinceStartMs - riseMs) / decayMs);
    }
}
