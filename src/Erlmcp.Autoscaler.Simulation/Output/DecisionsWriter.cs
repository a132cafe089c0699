using System.Globalization;
using System.Text;
using Erlmcp.Autoscaler.Core.Hpa;
using Erlmcp.Autoscaler.Simulation.Model;
using Erlmcp.Autoscaler.Simulation.Strategies;
using Erlmcp.Autoscaler.Simulation.Traces;

namespace Erlmcp.Autoscaler.Simulation.Output;

/// <summary>
/// decisions.csv: one <c>hpa-sync</c> row per HPA sync (each metric's proposal, the recommendation, the stabilized
/// value, the rate limit, the desired replicas, the reasons and the conditions) and one <c>action</c> row per
/// strategy action (what, on which pod, how many clients it cut off, why).
/// </summary>
public sealed class DecisionsWriter(TextWriter output) : SimulationObserver
{
    public const string Header =
        "time,elapsed_s,event,current,proposals,recommendation,stabilized,rate_limit,desired,rescale,reason," +
        "limit_reason,conditions,error,action,pod,clients";

    private readonly StringBuilder _line = new();

    public override void OnStart(ClusterSimulation simulation) => output.WriteLine(Header);

    public override void OnHpaSync(ClusterSimulation simulation, HpaEvaluation evaluation)
    {
        ArgumentNullException.ThrowIfNull(simulation);
        ArgumentNullException.ThrowIfNull(evaluation);
        var normalization = evaluation.Normalization;
        _line.Clear();
        Begin(simulation, "hpa-sync");
        _line.Append(CultureInfo.InvariantCulture, $"{evaluation.CurrentReplicas},{Csv.Field(Proposals(evaluation.Proposals))},");
        _line.Append(CultureInfo.InvariantCulture, $"{normalization?.PrenormalizedReplicas},{normalization?.Stabilization.StabilizedReplicas},{normalization?.RateLimit?.Limit},");
        _line.Append(CultureInfo.InvariantCulture, $"{evaluation.DesiredReplicas},{(evaluation.Rescale ? "true" : "false")},{Csv.Field(evaluation.RescaleReason)},");
        _line.Append(CultureInfo.InvariantCulture, $"{Csv.Field(normalization?.Clamp.Reason)},{Csv.Field(Conditions(evaluation.Conditions))},{Csv.Field(evaluation.Error)},,,");
        output.WriteLine(_line);
    }

    public override void OnAction(ClusterSimulation simulation, ScalingAction action, long clients)
    {
        ArgumentNullException.ThrowIfNull(simulation);
        _line.Clear();
        Begin(simulation, "action");
        _line.Append(CultureInfo.InvariantCulture, $",,,,,{simulation.DesiredReplicas},,{Csv.Field(action.Reason)},,,,");
        _line.Append(CultureInfo.InvariantCulture, $"{action.KindName},{simulation.Cluster.Pods[action.Ordinal].Name},{clients}");
        output.WriteLine(_line);
    }

    public override void OnEnd(ClusterSimulation simulation) => output.Flush();

    private void Begin(ClusterSimulation simulation, string kind) => _line.Append(CultureInfo.InvariantCulture,
        $"{TraceTimestamp.Format(simulation.Cluster.OriginUnixMs + simulation.ElapsedMs)},{Csv.Number(simulation.ElapsedMs / 1000.0)},{kind},");

    // "metric=replicas" per metric in spec order; a failed metric shows its error.
    private static string Proposals(IReadOnlyList<MetricProposal> proposals) => string.Join("; ", proposals.Select(p =>
        p.Failure is { } failure
            ? $"{p.Type}: failed: {failure.Error}"
            : string.Create(CultureInfo.InvariantCulture, $"{p.MetricName}={p.Replicas}")));

    private static string Conditions(IReadOnlyList<HpaCondition> conditions) =>
        string.Join("; ", conditions.Select(c => $"{c.Type}={c.Status}/{c.Reason}"));
}
