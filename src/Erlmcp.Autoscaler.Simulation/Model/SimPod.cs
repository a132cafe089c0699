using Erlmcp.Autoscaler.Core.Hpa;

namespace Erlmcp.Autoscaler.Simulation.Model;

/// <summary>
/// One ordinal of the StatefulSet: the pod that holds it now (or <see cref="PodState.Gone"/>), its clients, and the
/// Kubernetes view of it the HPA reads. Times are milliseconds since the simulation started.
/// </summary>
public sealed class SimPod
{
    internal SimPod(int ordinal, string name)
    {
        Ordinal = ordinal;
        Name = name;
    }

    public const long NotStarted = long.MinValue;

    public int Ordinal { get; }

    public string Name { get; }

    public PodState State { get; private set; } = PodState.Gone;

    /// <summary>When the current pod of this ordinal was created: it tells one incarnation from the next.</summary>
    public long CreatedMs { get; private set; } = -1;

    /// <summary>When its container started running; <see cref="NotStarted"/> before.</summary>
    public long StartedMs { get; private set; } = NotStarted;

    public long StateSinceMs { get; private set; }

    /// <summary>Whether it was in the Erlang cluster when its drain began (an undrained pod goes back to that).</summary>
    public bool JoinedBeforeDrain { get; internal set; }

    /// <summary>The clients connected to it.</summary>
    public long Connections { get; internal set; }

    /// <summary>The pod as the HPA's pod lister returns it; rebuilt at each change of state.</summary>
    internal PodInfo? Info { get; private set; }

    internal void Become(PodState state, long nowMs, PodTemplate template, long originUnixMs)
    {
        if (state == PodState.Scheduled)
        {
            CreatedMs = nowMs;
            StartedMs = NotStarted;
        }
        else if (state == PodState.Starting)
        {
            StartedMs = nowMs;
        }

        State = state;
        StateSinceMs = nowMs;
        Info = state == PodState.Gone ? null : BuildInfo(template, originUnixMs);
    }

    /// <summary>A pod that has served since long before the simulation started (the initial replicas).</summary>
    internal void BecomeLongServing(long nowMs, PodTemplate template, long originUnixMs)
    {
        var longAgo = nowMs - (long)TimeSpan.FromHours(1).TotalMilliseconds;
        CreatedMs = longAgo;
        StartedMs = longAgo;
        State = PodState.Ready;
        StateSinceMs = longAgo;
        Info = BuildInfo(template, originUnixMs);
    }

    private PodInfo BuildInfo(PodTemplate template, long originUnixMs)
    {
        DateTimeOffset At(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(originUnixMs + ms);
        var container = new ContainerInfo(
            PodTemplate.ContainerName,
            new Dictionary<string, long> { ["cpu"] = template.CpuRequestMilli, ["memory"] = template.MemoryRequestMilli });
        var ready = State switch
        {
            PodState.Scheduled => null,
            PodState.Ready or PodState.Joined => new PodReadyCondition(ConditionStatus.True, At(StateSinceMs)),
            _ => new PodReadyCondition(ConditionStatus.False, At(StateSinceMs)),
        };
        return new PodInfo(
            Name,
            State == PodState.Scheduled ? PodPhase.Pending : PodPhase.Running,
            ready,
            StartedMs != NotStarted ? At(StartedMs) : null,
            [container],
            Labels: PodTemplate.Labels);
    }
}
