namespace Erlmcp.Autoscaler.Simulation.Model;

/// <summary>
/// The simulation's only source of randomness: xoshiro256** seeded through SplitMix64, with the draws the model
/// needs. It is written out here rather than taken from <see cref="Random"/> so that a seed gives the same run on
/// every .NET version and machine, bit for bit.
/// </summary>
public sealed class SimulationRandom
{
    // Below this mean a binomial is drawn exactly by inversion; above it by the normal approximation, whose error
    // there is far below the model's own.
    private const double InversionMeanLimit = 20;

    private ulong _s0;
    private ulong _s1;
    private ulong _s2;
    private ulong _s3;

    public SimulationRandom(ulong seed)
    {
        var state = seed;
        _s0 = SplitMix64(ref state);
        _s1 = SplitMix64(ref state);
        _s2 = SplitMix64(ref state);
        _s3 = SplitMix64(ref state);
    }

    public ulong NextUInt64()
    {
        var result = ulong.RotateLeft(_s1 * 5, 7) * 9;
        var t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = ulong.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>A uniform double in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>A uniform integer in [0, <paramref name="bound"/>).</summary>
    public int NextInt(int bound)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bound);
        return (int)((NextUInt64() >> 33) * (ulong)bound >> 31);
    }

    /// <summary>How many of <paramref name="trials"/> independent events of probability <paramref name="probability"/> happen.</summary>
    public long Binomial(long trials, double probability)
    {
        if (trials <= 0 || probability <= 0)
        {
            return 0;
        }

        if (probability >= 1)
        {
            return trials;
        }

        if (probability > 0.5)
        {
            return trials - Binomial(trials, 1 - probability);
        }

        var mean = trials * probability;
        if (mean < InversionMeanLimit)
        {
            return BinomialByInversion(trials, probability, Math.Exp(trials * Math.Log(1 - probability)));
        }

        var draw = Math.Round(mean + Math.Sqrt(mean * (1 - probability)) * StandardNormal());
        return (long)Math.Clamp(draw, 0, trials);
    }

    /// <summary>
    /// <see cref="Binomial(long, double)"/> for a probability drawn with again and again (a session's chance of ending
    /// within a step): the same draws, without recomputing the chance of no event at every call.
    /// </summary>
    public long Binomial(long trials, RepeatedChance chance)
    {
        ArgumentNullException.ThrowIfNull(chance);
        var probability = chance.Probability;
        if (trials <= 0 || probability <= 0 || probability > 0.5 || trials * probability >= InversionMeanLimit)
        {
            return Binomial(trials, probability);
        }

        return BinomialByInversion(trials, probability, chance.NoEvent(trials));
    }

    /// <summary>A standard normal draw, by inverting its distribution function (Acklam's rational approximation).</summary>
    public double StandardNormal()
    {
        var u = NextDouble();
        while (u == 0)
        {
            u = NextDouble();
        }

        return InverseNormal(u);
    }

    // Walks the distribution function from 0 until it passes a uniform draw; the expected number of steps is the mean.
    private long BinomialByInversion(long trials, double probability, double noEvent)
    {
        var u = NextDouble();
        var odds = probability / (1 - probability);
        var term = noEvent;
        var cumulative = term;
        long k = 0;
        while (u > cumulative && k < trials)
        {
            term *= odds * (trials - k) / (k + 1);
            k++;
            cumulative += term;
            if (term < 1e-300)
            {
                break;
            }
        }

        return k;
    }

    // P. J. Acklam's algorithm for the normal quantile: relative error below 1.15e-9 over (0, 1).
    private static double InverseNormal(double p)
    {
        const double low = 0.02425;
        ReadOnlySpan<double> a = [-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00];
        ReadOnlySpan<double> b = [-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01, -1.328068155288572e+01];
        ReadOnlySpan<double> c = [-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00];
        ReadOnlySpan<double> d = [7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00];
        if (p < low)
        {
            var q = Math.Sqrt(-2 * Math.Log(p));
            return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
        }

        if (p > 1 - low)
        {
            var q = Math.Sqrt(-2 * Math.Log(1 - p));
            return -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
        }

        var r = p - 0.5;
        var s = r * r;
        return (((((a[0] * s + a[1]) * s + a[2]) * s + a[3]) * s + a[4]) * s + a[5]) * r / (((((b[0] * s + b[1]) * s + b[2]) * s + b[3]) * s + b[4]) * s + 1);
    }

    private static ulong SplitMix64(ref ulong state)
    {
        state += 0x9E3779B97F4A7C15;
        var z = state;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
        z = (z ^ (z >> 27)) * 0x94D049BB133EB111;
        return z ^ (z >> 31);
    }
}

/// <summary>A fixed probability with (1 - p)^n tabulated for the trial counts a pod can have.</summary>
public sealed class RepeatedChance
{
    private readonly double[] _noEvent;

    public RepeatedChance(double probability, int tabulatedTrials)
    {
        Probability = probability;
        _noEvent = new double[Math.Max(1, tabulatedTrials + 1)];
        var logNoEvent = Math.Log(1 - probability);
        for (var n = 0; n < _noEvent.Length; n++)
        {
            _noEvent[n] = Math.Exp(n * logNoEvent);
        }
    }

    public double Probability { get; }

    /// <summary>(1 - p)^<paramref name="trials"/>: the chance that none of them happens.</summary>
    public double NoEvent(long trials) =>
        trials < _noEvent.Length ? _noEvent[trials] : Math.Exp(trials * Math.Log(1 - Probability));
}
