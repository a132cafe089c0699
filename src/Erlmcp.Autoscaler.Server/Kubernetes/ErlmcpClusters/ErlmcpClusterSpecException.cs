using Erlmcp.Autoscaler.Core.Scaling;

namespace Erlmcp.Autoscaler.Server.Kubernetes.ErlmcpClusters;

/// <summary>An ErlmcpCluster's spec cannot be planned with; <see cref="Errors"/> names each field (<c>spec.drain.deadlineSeconds</c>).</summary>
public sealed class ErlmcpClusterSpecException : Exception
{
    public ErlmcpClusterSpecException()
        : this([])
    {
    }

    public ErlmcpClusterSpecException(string message)
        : base(message)
    {
        Errors = [];
    }

    public ErlmcpClusterSpecException(string message, Exception innerException)
        : base(message, innerException)
    {
        Errors = [];
    }

    public ErlmcpClusterSpecException(IReadOnlyList<SpecError> errors)
        : base(string.Join("; ", errors ?? []))
    {
        Errors = errors ?? [];
    }

    public IReadOnlyList<SpecError> Errors { get; }
}
