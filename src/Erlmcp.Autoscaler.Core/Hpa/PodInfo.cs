namespace Erlmcp.Autoscaler.Core.Hpa;

// The parts of a core/v1 Pod that the HPA controller reads.

public enum PodPhase
{
    Pending,
    Running,
    Succeeded,
    Failed,
    Unknown,
}

public enum ConditionStatus
{
    True,
    False,
    Unknown,
}

/// <summary>The pod's Ready condition (status.conditions[type=Ready]).</summary>
public sealed record PodReadyCondition(ConditionStatus Status, DateTimeOffset LastTransitionTime);

/// <summary>
/// A container with its resource requests in milli-units by resource name ("cpu", "memory", ...).
/// <see cref="IsRestartableInit"/> marks an init container with restartPolicy Always (a sidecar), which upstream
/// counts with the regular containers.
/// </summary>
public sealed record ContainerInfo(string Name, IReadOnlyDictionary<string, long> RequestsMilli, bool IsRestartableInit = false);

public sealed record PodInfo(
    string Name,
    PodPhase Phase,
    PodReadyCondition? Ready,
    DateTimeOffset? StartTime,
    IReadOnlyList<ContainerInfo> Containers,
    DateTimeOffset? DeletionTimestamp = null,
    IReadOnlyDictionary<string, long>? PodLevelRequestsMilli = null,
    IReadOnlyDictionary<string, string>? Labels = null)
{
    /// <summary>podutil.IsPodReady: the Ready condition is True.</summary>
    public bool IsReady => Ready is { Status: ConditionStatus.True };
}
