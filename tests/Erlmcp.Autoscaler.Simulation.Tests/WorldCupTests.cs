using Erlmcp.Autoscaler.Simulation.Output;
using Erlmcp.Autoscaler.Simulation.Scenarios;
using Erlmcp.Autoscaler.Simulation.Traces;

namespace Erlmcp.Autoscaler.Simulation.Tests;

/// <summary>The 1998 World Cup trace end to end: imported from shared/, two days replayed at one-second steps.</summary>
public class WorldCupTests
{
    // As simulations/worldcup98.yaml calibrates it: 5% of the requests open sessions of 30 minutes on average, which
    // peaks at about 285,000 connections on 29-30 June: within 20 pods at 20,000.
    private const double Scale = 0.05;
    private const double MeanSessionSeconds = 1800;

    [Fact]
    public void Two_days_of_the_world_cup_through_the_guides_hpa()
    {
        var dir = TestFiles.Directory();
        var imported = Path.Combine(dir, "worldcup98-opened.csv");
        var read = TraceReader.ReadFile(TestFiles.WorldCupTrace, TraceFormat.WorldCup98);
        using (var writer = new StreamWriter(imported))
        {
            OpenedTraceWriter.Write((OpenedTrace)read.Trace.Scaled(Scale), writer);
        }

        // The shipped scenario, beside the imported trace as its comments say, for two days from 29 June.
        File.Copy(TestFiles.Repository("simulations", "worldcup98.yaml"), Path.Combine(dir, "worldcup98.yaml"));
        var scenario = ScenarioReader.ReadFile(Path.Combine(dir, "worldcup98.yaml")) with
        {
            Start = new DateTimeOffset(1998, 6, 29, 0, 0, 0, TimeSpan.Zero),
            Duration = TimeSpan.FromHours(48),
        };
        var result = SimulationRunner.Run(scenario, Path.Combine(dir, "out"));
        var summary = result.Summary;

        Assert.Equal(172_800, summary.DurationSeconds);
        Assert.Equal(11_520, summary.Scaling.HpaSyncs);
        Assert.Equal(11_520, File.ReadLines(Path.Combine(dir, "out", SimulationResult.DecisionsFile)).Count(l => l.Contains(",hpa-sync,", StringComparison.Ordinal)));

        // The demand stays within what 20 pods serve at their target, so no pod reaches its limit.
        Assert.InRange(summary.Clients.PeakDemand, 250_000, 400_000);
        Assert.Equal(0, summary.Time.AnyPodAtLimitSeconds);
        Assert.Equal(0, summary.Clients.RefusedAtLimit);
        Assert.All(summary.Pods, pod => Assert.InRange(pod.PeakConnections, 0, 25_000));
        Assert.InRange(summary.Scaling.MostReplicas, 14, 20);
        Assert.Equal(4, summary.Scaling.FewestReplicas);

        // The HPA tolerates 10% above target, so pods spend time above it; scale-downs cut clients off, and each
        // either reconnects or ends its session while waiting (none is refused).
        Assert.True(summary.Time.AnyPodAboveTargetSeconds > 0);
        Assert.True(summary.Clients.ForciblyDisconnected > 0);
        Assert.Equal(summary.Clients.ForciblyDisconnected, summary.Clients.Reconnected + summary.Clients.Abandoned + summary.Clients.WaitingAtEnd);

        // Pod-hours follow the demand curve: within 5% below and 15% above the pod-hours of
        // max(minReplicas, ceil(demand / target)), the demand computed here from the trace alone.
        var demandPodHours = DemandPodHours((OpenedTrace)read.Trace.Scaled(Scale), scenario.Start!.Value, 48 * 3600);
        Assert.InRange(summary.PodHours, demandPodHours * 0.95, demandPodHours * 1.15);
    }

    // Sessions open evenly within each minute and end at rate 1 / mean: the steady-state open sessions, second by
    // second, from the trace's start (so the run's start finds them warmed up).
    private static double DemandPodHours(OpenedTrace trace, DateTimeOffset start, int seconds)
    {
        var survival = Math.Exp(-1 / MeanSessionSeconds);
        var startSecond = (start.ToUnixTimeMilliseconds() - trace.StartMs) / 1000;
        var open = 0.0;
        var podSeconds = 0.0;
        for (long second = 0; second < startSecond + seconds; second++)
        {
            open = open * survival + trace.Opened[second / 60] / 60;
            if (second >= startSecond)
            {
                podSeconds += Math.Clamp(Math.Ceiling(open / 20_000), 4, 20);
            }
        }

        return podSeconds / 3600;
    }
}
