using System.Diagnostics;
using Erlmcp.Autoscaler.Erlang.Connection;
using Erlmcp.Autoscaler.Erlang.Terms;

namespace Erlmcp.Autoscaler.Erlang.Bench;

/// <summary>What one run measured: how many round trips completed in how long, and each one's latency.</summary>
internal sealed record RoundTripResult(int InFlight, long Calls, TimeSpan Elapsed, long[] LatencyTicks, TimeSpan ProcessorTime, long AllocatedBytes)
{
    public double CallsPerSecond => Calls / Elapsed.TotalSeconds;

    /// <summary>CPU time of this whole process (all threads) per call, in microseconds.</summary>
    public double ProcessorMicrosecondsPerCall => ProcessorTime.TotalMicroseconds / Calls;

    public double AllocatedBytesPerCall => AllocatedBytes / (double)Calls;

    /// <summary>The latency at quantile <paramref name="q"/> (nearest rank), in microseconds.</summary>
    public double PercentileMicroseconds(double q)
    {
        var rank = Math.Clamp((int)Math.Ceiling(q * LatencyTicks.Length) - 1, 0, LatencyTicks.Length - 1);
        return LatencyTicks[rank] * 1_000_000.0 / Stopwatch.Frequency;
    }
}

/// <summary>
/// rpc:call(Node, erlang, node, []) in a loop from <c>inFlight</c> concurrent callers on one connection, for a fixed
/// time, timing each call.
/// </summary>
internal static class RoundTripBenchmark
{
    public static async Task<RoundTripResult> RunAsync(ErlangNodeClient client, int inFlight, TimeSpan duration)
    {
        var expected = new ErlangAtom(client.NodeName);
        var processorBefore = Environment.CpuUsage.TotalTime;
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var started = Stopwatch.GetTimestamp();
        var stopAt = started + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var callers = Enumerable.Range(0, inFlight).Select(_ => Task.Run(async () =>
        {
            var latencies = new List<long>(1 << 16);
            while (Stopwatch.GetTimestamp() < stopAt)
            {
                var before = Stopwatch.GetTimestamp();
                var reply = await client.RpcAsync("erlang", "node", []).ConfigureAwait(false);
                latencies.Add(Stopwatch.GetTimestamp() - before);
                if (!reply.Equals(expected))
                {
                    throw new InvalidOperationException($"erlang:node() answered {reply}, not {expected}.");
                }
            }

            return latencies;
        })).ToArray();
        var perCaller = await Task.WhenAll(callers).ConfigureAwait(false);
        var elapsed = Stopwatch.GetElapsedTime(started);
        var processorTime = Environment.CpuUsage.TotalTime - processorBefore;
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        var all = perCaller.SelectMany(l => l).ToArray();
        Array.Sort(all);
        return new RoundTripResult(inFlight, all.Length, elapsed, all, processorTime, allocated);
    }
}
