using System.Globalization;

namespace Erlmcp.Autoscaler.Simulation.Output;

/// <summary>The short table of a run's measures, shared by the console summary and report.html.</summary>
public static class SummaryMeasures
{
    /// <summary>The table's title: scenario, strategy, seed, duration and start.</summary>
    public static string Title(SimulationSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        return $"{summary.Scenario} ({summary.Strategy}, seed {summary.Seed}): {Number(summary.DurationSeconds / 3600)} h from {summary.Start}";
    }

    /// <summary>Each measure's name and its formatted value.</summary>
    public static IReadOnlyList<(string Measure, string Value)> Rows(SimulationSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var clients = summary.Clients;
        var capacity = summary.TimeToCapacity;
        var elasticity = summary.Elasticity;
        var scaling = summary.Scaling;
        return
        [
            ("pod-hours", Number(summary.PodHours)),
            ("connections refused at the limit", Number(clients.RefusedAtLimit)),
            ("clients disconnected by scale-down", Number(clients.ForciblyDisconnected)),
            ("clients shed / reconnected", $"{Number(clients.Shed)} / {Number(clients.Reconnected)}"),
            ("time with a pod above target / at limit", $"{Number(summary.Time.AnyPodAboveTargetSeconds)} s / {Number(summary.Time.AnyPodAtLimitSeconds)} s"),
            ("peak connections on one pod", Number(summary.Pods.Count == 0 ? 0 : summary.Pods.Max(p => p.PeakConnections))),
            ("load steps / time to capacity p50, max", $"{capacity.LoadSteps} / {(capacity.P50Seconds is { } p50 ? Number(p50) : "-")} s, {(capacity.MaxSeconds is { } max ? Number(max) : "-")} s"),
            ("scale-ups / scale-downs / reversals", $"{scaling.ScaleUps} / {scaling.ScaleDowns} / {scaling.Reversals}"),
            ("under-provisioning accuracy / timeshare", $"{Number(elasticity.UnderProvisioningAccuracyPercent)} % / {Number(elasticity.UnderProvisioningTimesharePercent)} %"),
            ("over-provisioning accuracy / timeshare", $"{Number(elasticity.OverProvisioningAccuracyPercent)} % / {Number(elasticity.OverProvisioningTimesharePercent)} %"),
            ("instability / jitter", $"{Number(elasticity.InstabilityPercent)} % / {Number(elasticity.JitterPerHour)} per h"),
        ];
    }

    private static string Number(double value) => value.ToString("#,0.##", CultureInfo.InvariantCulture);
}
