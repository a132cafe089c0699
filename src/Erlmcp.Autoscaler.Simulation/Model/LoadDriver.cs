using Erlmcp.Autoscaler.Simulation.Traces;

namespace Erlmcp.Autoscaler.Simulation.Model;

/// <summary>What the trace asks of one step: new sessions, and sessions to end beyond the model's own endings.</summary>
/// <param name="Opened">New sessions opened in the step.</param>
/// <param name="ExtraEndings">Sessions a falling gauge ends on top of those the session model ended.</param>
/// <param name="Gauge">The gauge's value, for a connections trace.</param>
internal readonly record struct LoadStep(long Opened, long ExtraEndings, double? Gauge);

/// <summary>Turns a trace into sessions opened (and, for a gauge, ended) step by step.</summary>
internal abstract class LoadDriver
{
    public static LoadDriver For(LoadTrace trace, long originUnixMs) => trace switch
    {
        OpenedTrace opened => new OpenedDriver(opened, originUnixMs),
        ConnectionsTrace gauge => new GaugeDriver(gauge, originUnixMs),
        _ => throw new ArgumentException($"unknown trace {trace.GetType().Name}", nameof(trace)),
    };

    /// <summary>Sessions open when the run starts, at steady state with <paramref name="sessions"/>.</summary>
    public abstract double InitialSessions(SessionLength sessions);

    /// <summary>The step ending at <paramref name="nowMs"/>, with <paramref name="live"/> sessions open (connected
    /// or waiting to reconnect) after the session model's endings.</summary>
    public abstract LoadStep Next(long nowMs, long live);

    /// <summary>
    /// Sessions opened in each interval, spread evenly: the step gets the whole sessions its share of the interval
    /// brings the running total past, so totals are exact and no randomness is needed.
    /// </summary>
    private sealed class OpenedDriver : LoadDriver
    {
        private readonly OpenedTrace _trace;
        private readonly double[] _before;
        private readonly long _offsetMs;
        private long _openedSoFar;

        public OpenedDriver(OpenedTrace trace, long originUnixMs)
        {
            _trace = trace;
            _offsetMs = originUnixMs - trace.StartMs;
            _before = new double[trace.Opened.Length + 1];
            for (var i = 0; i < trace.Opened.Length; i++)
            {
                _before[i + 1] = _before[i] + trace.Opened[i];
            }

            _openedSoFar = (long)Math.Floor(Cumulative(0));
        }

        public override double InitialSessions(SessionLength sessions)
        {
            var row = (int)Math.Clamp(_offsetMs / _trace.IntervalMs, 0, _trace.Opened.Length - 1);
            return _trace.Opened[row] / _trace.IntervalMs * sessions.Mean.TotalMilliseconds;
        }

        public override LoadStep Next(long nowMs, long live)
        {
            var total = (long)Math.Floor(Cumulative(nowMs));
            var opened = total - _openedSoFar;
            _openedSoFar = total;
            return new LoadStep(opened, 0, null);
        }

        private double Cumulative(long nowMs)
        {
            var sinceStart = nowMs + _offsetMs;
            if (sinceStart <= 0)
            {
                return 0;
            }

            var row = sinceStart / _trace.IntervalMs;
            if (row >= _trace.Opened.Length)
            {
                return _before[^1];
            }

            return _before[row] + _trace.Opened[row] * (sinceStart - row * _trace.IntervalMs) / _trace.IntervalMs;
        }
    }

    /// <summary>
    /// A connections gauge: the sessions open (connected or waiting) are kept equal to it, opening new sessions when
    /// it rises above them and ending sessions when it falls faster than the session model ends them.
    /// </summary>
    private sealed class GaugeDriver(ConnectionsTrace trace, long originUnixMs) : LoadDriver
    {
        private int _cursor;

        public override double InitialSessions(SessionLength sessions) => trace.At(originUnixMs, ref _cursor);

        public override LoadStep Next(long nowMs, long live)
        {
            var gauge = trace.At(originUnixMs + nowMs, ref _cursor);
            var wanted = (long)Math.Round(gauge);
            return new LoadStep(Math.Max(0, wanted - live), Math.Max(0, live - wanted), gauge);
        }
    }
}
