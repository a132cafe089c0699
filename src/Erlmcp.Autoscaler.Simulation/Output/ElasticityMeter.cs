namespace Erlmcp.Autoscaler.Simulation.Output;

/// <summary>
/// The SPEC Research Group's elasticity metrics over equally spaced samples of demand and supply (in pods), as
/// defined by Herbst et al. ("Ready for Rain?", SPEC-RG-2016-01; "Quantifying Cloud Performance and Dependability",
/// ACM TOMPECS 2018), with ε = 1 pod; and the episodes of under-provisioning (time to capacity).
/// </summary>
public sealed class ElasticityMeter
{
    private readonly List<long> _episodeSamples = [];
    private double _underAccuracy;
    private double _overAccuracy;
    private long _underSamples;
    private long _overSamples;
    private long _unstableSamples;
    private long _supplyAdaptations;
    private long _demandAdaptations;
    private long _samples;
    private int _previousDemand;
    private int _previousSupply;
    private long _underSince = -1;

    /// <param name="demand">The demand at the start, before the first sample.</param>
    /// <param name="supply">The supply at the start.</param>
    public ElasticityMeter(int demand, int supply)
    {
        _previousDemand = demand;
        _previousSupply = supply;
    }

    /// <summary>Rises of the demand above the supply.</summary>
    public int LoadSteps { get; private set; }

    /// <summary>For each load step that ended, how many samples it lasted.</summary>
    public IReadOnlyList<long> EpisodeSamples => _episodeSamples;

    /// <summary>Adds the next sample.</summary>
    public void Add(int demand, int supply)
    {
        _samples++;
        _underAccuracy += (double)Math.Max(demand - supply, 0) / Math.Max(demand, 1);
        _overAccuracy += (double)Math.Max(supply - demand, 0) / Math.Max(demand, 1);
        _underSamples += demand > supply ? 1 : 0;
        _overSamples += supply > demand ? 1 : 0;

        // Instability: the supply does not move in the direction the demand moves (one moves, the other stays or
        // goes the other way), min(|sgn Δs - sgn Δd|, 1).
        var supplyMove = Math.Sign(supply - _previousSupply);
        var demandMove = Math.Sign(demand - _previousDemand);
        _unstableSamples += supplyMove != demandMove ? 1 : 0;
        _supplyAdaptations += supplyMove != 0 ? 1 : 0;
        _demandAdaptations += demandMove != 0 ? 1 : 0;
        _previousSupply = supply;
        _previousDemand = demand;

        if (demand > supply && _underSince < 0)
        {
            _underSince = _samples;
            LoadSteps++;
        }
        else if (demand <= supply && _underSince >= 0)
        {
            _episodeSamples.Add(_samples - _underSince);
            _underSince = -1;
        }
    }

    /// <summary>The metrics over the samples so far, each <paramref name="sampleSeconds"/> apart.</summary>
    public ElasticitySummary Summary(double sampleSeconds)
    {
        var samples = Math.Max(1, _samples);
        var hours = samples * sampleSeconds / 3600;
        return new ElasticitySummary(
            Round(100 * _underAccuracy / samples),
            Round(100 * _overAccuracy / samples),
            Round(100.0 * _underSamples / samples),
            Round(100.0 * _overSamples / samples),
            Round(100.0 * _unstableSamples / samples),
            Round((_supplyAdaptations - _demandAdaptations) / hours),
            _supplyAdaptations,
            _demandAdaptations);
    }

    private static double Round(double value) => Math.Round(value, 4);
}
