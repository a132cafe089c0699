using Erlmcp.Autoscaler.Core.Connections;

namespace Erlmcp.Autoscaler.Server.Sources;

/// <summary>
/// The erlmcp pods the server knows of (from the Kubernetes list+watch cache, or a fixed list): what the sources
/// read counts from. Sources reconcile against <see cref="Current"/> and wait for the next change.
/// </summary>
public interface IPodDirectory
{
    /// <summary>The pods now; <see cref="PodDirectorySnapshot.Version"/> grows on every change.</summary>
    PodDirectorySnapshot Current { get; }

    /// <summary>Completes when <see cref="Current"/>'s version is above <paramref name="version"/>.</summary>
    Task WaitForChangeAsync(long version, CancellationToken cancellationToken);
}

/// <summary>The pods at one version of the directory, ordered by <see cref="PodReference"/>.</summary>
public sealed record PodDirectorySnapshot(long Version, IReadOnlyList<DiscoveredPod> Pods)
{
    public static readonly PodDirectorySnapshot Empty = new(0, []);
}

/// <summary>One erlmcp pod: where to reach it and how to name it.</summary>
/// <param name="PodIp">The pod's IP, or null before it has one (a Prometheus scrape needs it).</param>
/// <param name="NodeName">The pod's Erlang node name, through the node name template.</param>
/// <param name="StatefulSet">The StatefulSet that controls the pod, or null.</param>
public sealed record DiscoveredPod(
    PodReference Reference,
    string? PodIp,
    bool Ready,
    string NodeName,
    IReadOnlyDictionary<string, string> Labels,
    string? StatefulSet);
