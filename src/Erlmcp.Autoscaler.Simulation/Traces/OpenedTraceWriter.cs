using System.Globalization;

namespace Erlmcp.Autoscaler.Simulation.Traces;

/// <summary>
/// Writes an <see cref="OpenedTrace"/> as <c>ts,opened</c>: one row per interval (gaps written as 0), counts
/// rounded so that the running total is rounded too and no sessions are lost to rounding.
/// </summary>
public static class OpenedTraceWriter
{
    /// <summary>Writes the trace; returns the sessions written.</summary>
    public static long Write(OpenedTrace trace, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(trace);
        ArgumentNullException.ThrowIfNull(output);
        output.Write("ts,opened\n");
        var exact = 0.0;
        long written = 0;
        for (var i = 0; i < trace.Opened.Length; i++)
        {
            exact += trace.Opened[i];
            var opened = (long)Math.Round(exact, MidpointRounding.AwayFromZero) - written;
            written += opened;
            output.Write(string.Create(CultureInfo.InvariantCulture, $"{TraceTimestamp.Format(trace.StartMs + i * trace.IntervalMs)},{opened}\n"));
        }

        return written;
    }
}
