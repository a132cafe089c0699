using Erlmcp.Autoscaler.Core.Hpa;
using Erlmcp.Autoscaler.Core.Scaling;
using Erlmcp.Autoscaler.Simulation.Manifests;
using Erlmcp.Autoscaler.Simulation.Metrics;
using Erlmcp.Autoscaler.Simulation.Model;
using Erlmcp.Autoscaler.Simulation.Traces;

namespace Erlmcp.Autoscaler.Simulation.Scenarios;

/// <summary>Where a scenario's load comes from.</summary>
public abstract record TraceSource
{
    public abstract TraceReadResult Load(ulong seed);
}

/// <summary>A trace file (<see cref="TraceFormat"/>); <paramref name="Interval"/> overrides the inferred row interval.</summary>
public sealed record FileTraceSource(string Path, TraceFormat Format, TimeSpan? Interval, TimeSpan RequestBin) : TraceSource
{
    public override TraceReadResult Load(ulong seed) => TraceReader.ReadFile(
        Path, Format, Interval is { } interval ? (long)interval.TotalMilliseconds : null, (long)RequestBin.TotalMilliseconds);
}

/// <summary>A synthetic trace drawn from the scenario's seed.</summary>
public sealed record SyntheticTraceSource(SyntheticTrace Synthetic) : TraceSource
{
    public override TraceReadResult Load(ulong seed) => new(Synthetic.Generate(seed), []);
}

/// <summary>
/// Everything one simulation run needs, validated: the load, the clients' behaviour, the pods, the HPA and its
/// metrics, the scaling strategy, and what to write. Read from YAML by <see cref="ScenarioReader"/>.
/// </summary>
public sealed record Scenario
{
    public required string Name { get; init; }

    /// <summary>Where the scenario was read from, for messages.</summary>
    public required string Source { get; init; }

    public required ulong Seed { get; init; }

    public required TimeSpan Step { get; init; }

    /// <summary>Where in the trace to start; null is its beginning.</summary>
    public DateTimeOffset? Start { get; init; }

    /// <summary>How long to run; null runs the rest of the trace.</summary>
    public TimeSpan? Duration { get; init; }

    public required TraceSource Trace { get; init; }

    /// <summary>Every trace value is multiplied by this (for example sessions per request).</summary>
    public required double Scale { get; init; }

    public required SessionLength Sessions { get; init; }

    public required ReconnectPolicy Reconnect { get; init; }

    public required PodTemplate Pods { get; init; }

    /// <summary>Connections per pod the demand curve divides by.</summary>
    public required long ConnectionTarget { get; init; }

    public required LoadBalancingPolicy LoadBalancing { get; init; }

    public required HpaManifestReader.HpaManifest Hpa { get; init; }

    /// <summary>Where the HPA manifest came from, for messages.</summary>
    public required string HpaSource { get; init; }

    public required TimeSpan HpaSyncPeriod { get; init; }

    public required HpaControllerOptions Controller { get; init; }

    public required MetricsSetup Metrics { get; init; }

    /// <summary>
    /// The coordinator's settings (drain, rebalance, join) as an ErlmcpCluster spec; its replicas, bounds, limit and
    /// target are filled from the HPA and the pods when the coordinator runs.
    /// </summary>
    public required ClusterSpec Coordinator { get; init; }

    /// <summary><c>baseline</c> or <c>coordinator</c>.</summary>
    public required string Strategy { get; init; }

    /// <summary>Pods serving when the run starts; null: the demand's pods at the start, within the HPA's bounds.</summary>
    public int? InitialReplicas { get; init; }

    /// <summary>The spacing of timeseries.csv rows.</summary>
    public required TimeSpan SampleInterval { get; init; }

    /// <summary>A scale event opposite to the previous one within this window counts as a reversal.</summary>
    public required TimeSpan ReversalWindow { get; init; }
}
