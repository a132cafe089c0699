namespace Erlmcp.Autoscaler.Simulation.Model;

/// <summary>
/// Ends sessions by the session-length model, as counts. Exponential: each pod's clients end as a binomial draw with
/// the chance of ending within one step, exact whatever moves them between pods. Fixed: the sessions opened at a
/// step all end one length later; which pods they sit on is no longer known, so each step's endings are taken from
/// the pods in proportion to their clients (then from the clients waiting to reconnect).
/// </summary>
internal sealed class SessionEndings
{
    private readonly SessionLengthModel _model;
    private readonly double _meanMs;
    private readonly RepeatedChance _endChancePerStep;
    private readonly long[] _fixedEnds;

    public SessionEndings(SessionLength length, long stepMs, long connectionLimit)
    {
        _model = length.Model;
        _meanMs = length.Mean.TotalMilliseconds;
        StepSurvival = Math.Exp(-stepMs / _meanMs);
        _endChancePerStep = new RepeatedChance(1 - StepSurvival, (int)Math.Min(connectionLimit, 1 << 16));
        var lengthSteps = (long)Math.Max(1, Math.Round(_meanMs / stepMs));
        _fixedEnds = _model == SessionLengthModel.Fixed ? new long[lengthSteps + 1] : [];
    }

    /// <summary>The share of exponential sessions still open one step later.</summary>
    public double StepSurvival { get; }

    /// <summary>Sessions that reached their end this step (fixed model), whether or not a pod held them.</summary>
    public long DueThisStep { get; private set; }

    /// <summary>Records sessions opened at <paramref name="step"/> (the fixed model ends them one length later).</summary>
    public void Opened(long count, long step)
    {
        if (_model == SessionLengthModel.Fixed)
        {
            _fixedEnds[(step + _fixedEnds.Length - 1) % _fixedEnds.Length] += count;
        }
    }

    /// <summary>Sessions already open at the start, of evenly spread ages (fixed model: evenly spread ends).</summary>
    public void AlreadyOpen(long count, long step)
    {
        if (_model != SessionLengthModel.Fixed)
        {
            return;
        }

        var slots = _fixedEnds.Length - 1;
        for (var i = 1; i <= slots; i++)
        {
            _fixedEnds[(step + i) % _fixedEnds.Length] += count * i / slots - count * (i - 1) / slots;
        }
    }

    /// <summary>Ends this step's sessions on the pods (and, fixed, among waiting clients); returns how many ended.</summary>
    public long End(SimPod[] pods, long step, RetryQueue waiting, SimulationRandom random)
    {
        if (_model == SessionLengthModel.Exponential)
        {
            long ended = 0;
            foreach (var pod in pods)
            {
                if (pod.Connections > 0)
                {
                    var n = random.Binomial(pod.Connections, _endChancePerStep);
                    pod.Connections -= n;
                    ended += n;
                }
            }

            return ended;
        }

        var index = step % _fixedEnds.Length;
        DueThisStep = _fixedEnds[index];
        _fixedEnds[index] = 0;
        if (DueThisStep == 0)
        {
            return 0;
        }

        var fromPods = Proportionally(pods, DueThisStep, random);
        return fromPods + waiting.Remove(DueThisStep - fromPods);
    }

    /// <summary>How many of <paramref name="clients"/> still want their session after waiting <paramref name="waitedMs"/>.</summary>
    public long SurvivorsOfWait(long clients, long waitedMs, SimulationRandom random) =>
        _model == SessionLengthModel.Exponential ? random.Binomial(clients, Math.Exp(-waitedMs / _meanMs)) : clients;

    /// <summary>
    /// Closes <paramref name="count"/> connections (or all there are) across the pods in proportion to their clients;
    /// returns how many were closed.
    /// </summary>
    public static long Proportionally(SimPod[] pods, long count, SimulationRandom random)
    {
        long connected = 0;
        foreach (var pod in pods)
        {
            connected += pod.Connections;
        }

        if (count >= connected)
        {
            foreach (var pod in pods)
            {
                pod.Connections = 0;
            }

            return connected;
        }

        var left = count;
        foreach (var pod in pods)
        {
            if (left == 0 || pod.Connections == 0)
            {
                connected -= pod.Connections;
                continue;
            }

            var take = pod.Connections == connected
                ? left
                : Math.Clamp(random.Binomial(left, (double)pod.Connections / connected), left - (connected - pod.Connections), Math.Min(left, pod.Connections));
            connected -= pod.Connections;
            pod.Connections -= take;
            left -= take;
        }

        return count;
    }
}
