using Erlmcp.Autoscaler.Core.Hpa;
using Erlmcp.Autoscaler.Simulation.Model;
using Erlmcp.Autoscaler.Simulation.Strategies;
using Erlmcp.Autoscaler.Simulation.Traces;

namespace Erlmcp.Autoscaler.Simulation.Output;

/// <summary>Measures a run as it goes and builds its <see cref="SimulationSummary"/> at the end.</summary>
public sealed class SummaryCollector : SimulationObserver
{
    // Per-pod connection histograms: one bucket per connection up to this many buckets, coarser above.
    private const long MaxBuckets = 25_001;

    private ElasticityMeter _elasticity = new(0, 0);
    private long[][] _histograms = [];
    private long[] _peaks = [];
    private long[] _servingSteps = [];
    private long _bucketWidth = 1;
    private long _target;
    private long _limit;
    private double _podSteps;
    private long _stepsAboveTarget;
    private long _stepsAtLimit;
    private long _peakConnected;
    private double _peakDemand;
    private int _scaleUps;
    private int _scaleDowns;
    private int _reversals;
    private int _lastDirection;
    private long _lastRescaleMs;
    private int _podsCreated;
    private int _podsDeleted;
    private int _fewestReplicas = int.MaxValue;
    private int _mostReplicas;

    /// <summary>The summary, once the run has ended.</summary>
    public SimulationSummary? Summary { get; private set; }

    public override void OnStart(ClusterSimulation simulation)
    {
        ArgumentNullException.ThrowIfNull(simulation);
        var ordinals = simulation.Cluster.Pods.Count;
        _target = simulation.Scenario.ConnectionTarget;
        _limit = simulation.Scenario.Pods.ConnectionLimit;
        _bucketWidth = Math.Max(1, (_limit + MaxBuckets) / MaxBuckets);
        _histograms = new long[ordinals][];
        for (var i = 0; i < ordinals; i++)
        {
            _histograms[i] = new long[_limit / _bucketWidth + 1];
        }

        _peaks = new long[ordinals];
        _servingSteps = new long[ordinals];
        _elasticity = new ElasticityMeter(simulation.DemandReplicas, simulation.Cluster.Serving);
        Replicas(simulation.DesiredReplicas);
    }

    public override void OnStep(ClusterSimulation simulation)
    {
        ArgumentNullException.ThrowIfNull(simulation);
        var cluster = simulation.Cluster;
        _podSteps += cluster.Existing;
        long connected = 0;
        var aboveTarget = false;
        var atLimit = false;
        foreach (var pod in cluster.PodArray)
        {
            var connections = pod.Connections;
            connected += connections;
            if (pod.State is PodState.Ready or PodState.Joined or PodState.Draining or PodState.Leaving)
            {
                var ordinal = pod.Ordinal;
                _histograms[ordinal][Math.Min(connections, _limit) / _bucketWidth]++;
                _servingSteps[ordinal]++;
                _peaks[ordinal] = Math.Max(_peaks[ordinal], connections);
                aboveTarget |= connections > _target;
                atLimit |= connections >= _limit;
            }
        }

        _stepsAboveTarget += aboveTarget ? 1 : 0;
        _stepsAtLimit += atLimit ? 1 : 0;
        _peakConnected = Math.Max(_peakConnected, connected);
        _peakDemand = Math.Max(_peakDemand, simulation.DemandConnections);
        _elasticity.Add(simulation.DemandReplicas, cluster.Serving);
        Replicas(simulation.DesiredReplicas);
    }

    public override void OnHpaSync(ClusterSimulation simulation, HpaEvaluation evaluation)
    {
        ArgumentNullException.ThrowIfNull(simulation);
        ArgumentNullException.ThrowIfNull(evaluation);
        if (!evaluation.Rescale || evaluation.DesiredReplicas == evaluation.CurrentReplicas)
        {
            return;
        }

        var direction = Math.Sign(evaluation.DesiredReplicas - evaluation.CurrentReplicas);
        if (direction > 0)
        {
            _scaleUps++;
        }
        else
        {
            _scaleDowns++;
        }

        var now = simulation.ElapsedMs;
        if (_lastDirection == -direction && now - _lastRescaleMs <= simulation.Scenario.ReversalWindow.TotalMilliseconds)
        {
            _reversals++;
        }

        _lastDirection = direction;
        _lastRescaleMs = now;
    }

    public override void OnAction(ClusterSimulation simulation, ScalingAction action, long clients)
    {
        _podsCreated += action.Kind == ScalingActionKind.CreatePod ? 1 : 0;
        _podsDeleted += action.Kind == ScalingActionKind.DeletePod ? 1 : 0;
    }

    public override void OnEnd(ClusterSimulation simulation)
    {
        ArgumentNullException.ThrowIfNull(simulation);
        var steps = Math.Max(1, simulation.Step);
        var stepSeconds = simulation.StepMs / 1000.0;
        var totals = simulation.Totals;
        var sorted = _elasticity.EpisodeSamples.Select(samples => samples * stepSeconds).Order().ToList();
        Summary = new SimulationSummary(
            simulation.Scenario.Name,
            simulation.StrategyName,
            simulation.Scenario.Seed,
            TraceTimestamp.Format(simulation.Cluster.OriginUnixMs),
            steps * stepSeconds,
            stepSeconds,
            _target,
            _limit,
            Round(_podSteps * stepSeconds / 3600),
            new ClientSummary(
                totals.Opened,
                totals.Ended,
                totals.Refused,
                totals.Disconnected,
                totals.Shed,
                totals.Reconnected,
                totals.Abandoned,
                simulation.Waiting,
                _peakConnected,
                Round(_peakDemand)),
            new TimeSummary(_stepsAboveTarget * stepSeconds, _stepsAtLimit * stepSeconds),
            new TimeToCapacitySummary(
                _elasticity.LoadSteps,
                sorted.Count,
                sorted.Count > 0 ? Round(sorted.Average()) : null,
                Percentile(sorted, 0.50),
                Percentile(sorted, 0.95),
                sorted.Count > 0 ? sorted[^1] : null),
            new ScalingSummary(
                simulation.HpaSyncs,
                _scaleUps,
                _scaleDowns,
                _reversals,
                simulation.Scenario.ReversalWindow.TotalSeconds,
                _podsCreated,
                _podsDeleted,
                _fewestReplicas,
                _mostReplicas),
            _elasticity.Summary(stepSeconds),
            [.. simulation.Cluster.Pods.Select(pod => new PodSummary(
                pod.Name,
                _peaks[pod.Ordinal],
                P99(_histograms[pod.Ordinal]),
                _servingSteps[pod.Ordinal] * stepSeconds))]);
    }

    private void Replicas(int desired)
    {
        _fewestReplicas = Math.Min(_fewestReplicas, desired);
        _mostReplicas = Math.Max(_mostReplicas, desired);
    }

    private long P99(long[] histogram)
    {
        var total = histogram.Sum();
        if (total == 0)
        {
            return 0;
        }

        // Nearest rank: the smallest value with at least 99% of the samples at or below it.
        var rank = (long)Math.Ceiling(0.99 * total);
        long seen = 0;
        for (var bucket = 0; bucket < histogram.Length; bucket++)
        {
            seen += histogram[bucket];
            if (seen >= rank)
            {
                return Math.Min(_limit, (bucket + 1) * _bucketWidth - 1);
            }
        }

        return _limit;
    }

    private static double? Percentile(List<double> sorted, double fraction) =>
        sorted.Count == 0 ? null : sorted[(int)Math.Ceiling(fraction * sorted.Count) - 1];

    private static double Round(double value) => Math.Round(value, 4);
}
