using Erlmcp.Autoscaler.Core.Hpa;

namespace Erlmcp.Autoscaler.Simulation.Model;

/// <summary>
/// The simulated StatefulSet: one <see cref="SimPod"/> per ordinal, moved through its life as the start and
/// readiness delays pass, with counts per state kept up to date.
/// </summary>
public sealed class SimCluster
{
    private readonly SimPod[] _pods;
    private readonly int[] _counts = new int[PodStates.Count];
    private readonly List<PodInfo> _podInfos;
    private readonly long _startDelayMs;
    private readonly long _readinessDelayMs;
    private long _nextTransitionMs = long.MaxValue;

    public SimCluster(PodTemplate template, int ordinals, long originUnixMs)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(ordinals);
        Template = template;
        OriginUnixMs = originUnixMs;
        _startDelayMs = (long)template.StartDelay.TotalMilliseconds;
        _readinessDelayMs = (long)template.ReadinessDelay.TotalMilliseconds;
        _pods = new SimPod[ordinals];
        for (var i = 0; i < ordinals; i++)
        {
            _pods[i] = new SimPod(i, template.PodName(i));
        }

        _podInfos = new List<PodInfo>(ordinals);
        _counts[(int)PodState.Gone] = ordinals;
    }

    public PodTemplate Template { get; }

    /// <summary>The Unix time, milliseconds, of the simulation's start.</summary>
    public long OriginUnixMs { get; }

    /// <summary>Every ordinal, whether a pod holds it or not.</summary>
    public IReadOnlyList<SimPod> Pods => _pods;

    /// <summary>The same pods as an array, for the per-step loops (no enumerator, no interface calls).</summary>
    internal SimPod[] PodArray => _pods;

    /// <summary>Pods that exist in any state but <see cref="PodState.Gone"/>: what the StatefulSet has created.</summary>
    public int Existing => _pods.Length - _counts[(int)PodState.Gone];

    /// <summary>Pods in the Service's endpoints.</summary>
    public int Serving => _counts[(int)PodState.Ready] + _counts[(int)PodState.Joined];

    public int Count(PodState state) => _counts[(int)state];

    public long TotalConnections()
    {
        long total = 0;
        foreach (var pod in _pods)
        {
            total += pod.Connections;
        }

        return total;
    }

    internal void Create(int ordinal, long nowMs)
    {
        var pod = _pods[ordinal];
        if (pod.State != PodState.Gone)
        {
            throw new InvalidOperationException($"cannot create {pod.Name}: it exists ({pod.State.Name()})");
        }

        Move(pod, PodState.Scheduled, nowMs);
        _nextTransitionMs = Math.Min(_nextTransitionMs, nowMs + _startDelayMs);
    }

    /// <summary>Deletes the pod of <paramref name="ordinal"/> and returns how many clients it dropped.</summary>
    internal long Delete(int ordinal, long nowMs)
    {
        var pod = _pods[ordinal];
        if (pod.State == PodState.Gone)
        {
            throw new InvalidOperationException($"cannot delete {pod.Name}: it does not exist");
        }

        var clients = pod.Connections;
        pod.Connections = 0;
        Move(pod, PodState.Gone, nowMs);
        return clients;
    }

    /// <summary>
    /// Moves a pod along the coordinator's part of its life: ready to joined, serving to draining (and back),
    /// draining to leaving.
    /// </summary>
    internal void Transition(int ordinal, PodState state, long nowMs)
    {
        var pod = _pods[ordinal];
        var allowed = (pod.State, state) switch
        {
            (PodState.Ready, PodState.Joined) => true,
            (PodState.Ready or PodState.Joined, PodState.Draining) => true,
            (PodState.Draining, PodState.Ready or PodState.Joined) => true,
            (PodState.Draining or PodState.Ready or PodState.Joined, PodState.Leaving) => true,
            _ => false,
        };
        if (!allowed)
        {
            throw new InvalidOperationException($"{pod.Name} cannot go from {pod.State.Name()} to {state.Name()}");
        }

        if (state == PodState.Draining)
        {
            pod.JoinedBeforeDrain = pod.State == PodState.Joined;
        }

        Move(pod, state, nowMs);
    }

    /// <summary>Puts a pod that has served for long at <paramref name="ordinal"/> (the cluster as the run finds it).</summary>
    internal void AddServing(int ordinal, long nowMs)
    {
        var pod = _pods[ordinal];
        _counts[(int)pod.State]--;
        pod.BecomeLongServing(nowMs, Template, OriginUnixMs);
        _counts[(int)pod.State]++;
    }

    /// <summary>Moves pods whose start or readiness delay has passed; true when any pod changed state.</summary>
    internal bool Advance(long nowMs)
    {
        if (nowMs < _nextTransitionMs)
        {
            return false;
        }

        _nextTransitionMs = long.MaxValue;
        foreach (var pod in _pods)
        {
            if (pod.State == PodState.Scheduled && nowMs >= pod.CreatedMs + _startDelayMs)
            {
                Move(pod, PodState.Starting, pod.CreatedMs + _startDelayMs);
            }

            if (pod.State == PodState.Starting)
            {
                var readyAt = pod.StartedMs + _readinessDelayMs;
                if (nowMs >= readyAt)
                {
                    Move(pod, PodState.Ready, readyAt);
                }
                else
                {
                    _nextTransitionMs = Math.Min(_nextTransitionMs, readyAt);
                }
            }
            else if (pod.State == PodState.Scheduled)
            {
                _nextTransitionMs = Math.Min(_nextTransitionMs, pod.CreatedMs + _startDelayMs);
            }
        }

        return true;
    }

    /// <summary>The pods as the HPA's pod lister returns them (a list reused from sync to sync).</summary>
    internal IReadOnlyList<PodInfo> PodInfos()
    {
        _podInfos.Clear();
        foreach (var pod in _pods)
        {
            if (pod.Info is { } info)
            {
                _podInfos.Add(info);
            }
        }

        return _podInfos;
    }

    private void Move(SimPod pod, PodState state, long atMs)
    {
        _counts[(int)pod.State]--;
        pod.Become(state, atMs, Template, OriginUnixMs);
        _counts[(int)state]++;
    }
}
