using Erlmcp.Autoscaler.Simulation.Output;

namespace Erlmcp.Autoscaler.Simulation.Tests;

public class ElasticityMeterTests
{
    [Fact]
    public void The_spec_rg_metrics_of_a_hand_worked_sequence()
    {
        // (demand, supply) every 15 minutes, from (2, 2). Under-provisioned at samples 1-2 (by 2/4, then 1/4);
        // over-provisioned at 4 (1/3), 6 and 7 (3 over a demand of 0, counted against ε = 1), 8 (3/2) and 9 (2/2).
        // Supply and demand move apart at samples 1-6 and 9; the supply changes 5 times, the demand 4 times.
        var meter = new ElasticityMeter(2, 2);
        foreach (var (demand, supply) in new[] { (4, 2), (4, 3), (4, 4), (3, 4), (3, 3), (0, 3), (0, 3), (2, 5), (2, 4) })
        {
            meter.Add(demand, supply);
        }

        var summary = meter.Summary(900);
        Assert.Equal(Math.Round(100 * 0.75 / 9, 4), summary.UnderProvisioningAccuracyPercent);
        Assert.Equal(Math.Round(100 * (1 / 3.0 + 3 + 3 + 1.5 + 1) / 9, 4), summary.OverProvisioningAccuracyPercent);
        Assert.Equal(Math.Round(100 * 2 / 9.0, 4), summary.UnderProvisioningTimesharePercent);
        Assert.Equal(Math.Round(100 * 5 / 9.0, 4), summary.OverProvisioningTimesharePercent);
        Assert.Equal(Math.Round(100 * 7 / 9.0, 4), summary.InstabilityPercent);
        Assert.Equal((5L, 4L), (summary.SupplyAdaptations, summary.DemandAdaptations));
        Assert.Equal(Math.Round(1 / 2.25, 4), summary.JitterPerHour);

        // One load step (sample 1), back to capacity at sample 3: two samples.
        Assert.Equal(1, meter.LoadSteps);
        Assert.Equal([2L], meter.EpisodeSamples);
    }
}
