using System.Collections.Frozen;

namespace Erlmcp.Autoscaler.Core.Connections;

/// <summary>
/// What the store holds for one pod: its labels and controlling StatefulSet, as pod discovery describes them, and
/// the latest observation any source reported (null until one does). Immutable: the store replaces it whole.
/// </summary>
public sealed class PodConnections
{
    private readonly FrozenDictionary<string, string> labels;

    private PodConnections(
        PodReference pod, FrozenDictionary<string, string> labels, string? statefulSet, ConnectionObservation? latest)
    {
        Pod = pod;
        this.labels = labels;
        StatefulSet = statefulSet;
        Latest = latest;
    }

    public PodReference Pod { get; }

    /// <summary>The pod's labels; empty until discovery describes the pod.</summary>
    public IReadOnlyDictionary<string, string> Labels => labels;

    /// <summary>The name of the StatefulSet that controls the pod (in the pod's namespace), or null.</summary>
    public string? StatefulSet { get; }

    /// <summary>The newest observation reported for the pod, or null when none was.</summary>
    public ConnectionObservation? Latest { get; }

    internal static PodConnections Observed(PodReference pod, ConnectionObservation observation) =>
        new(pod, FrozenDictionary<string, string>.Empty, statefulSet: null, observation);

    internal static PodConnections Described(
        PodReference pod, IReadOnlyDictionary<string, string> labels, string? statefulSet, ConnectionObservation? latest) =>
        new(pod, labels.ToFrozenDictionary(StringComparer.Ordinal), statefulSet, latest);

    internal PodConnections WithLatest(ConnectionObservation observation) => new(Pod, labels, StatefulSet, observation);
}
