namespace Erlmcp.Autoscaler.Simulation.Model;

/// <summary>
/// What every simulated erlmcp pod shares: the StatefulSet's name and labels, its container's requests, how long a
/// new pod takes to start and to become ready, and its connection limit (erlmcp's <c>max_connections</c>).
/// </summary>
/// <param name="StatefulSetName">Pods are named <c>{name}-{ordinal}</c>.</param>
/// <param name="StartDelay">From creation to a running container (scheduling, image pull, container start).</param>
/// <param name="ReadinessDelay">From a running container to ready (the Erlang node boots, the probe passes).</param>
/// <param name="ConnectionLimit">A pod with this many connections refuses new ones.</param>
/// <param name="CpuRequestMilli">The container's CPU request, millicores (the HPA's utilization is relative to it).</param>
/// <param name="MemoryRequestMilli">The container's memory request, milli-bytes.</param>
public sealed record PodTemplate(
    string StatefulSetName,
    TimeSpan StartDelay,
    TimeSpan ReadinessDelay,
    long ConnectionLimit,
    long CpuRequestMilli,
    long MemoryRequestMilli)
{
    public const string ContainerName = "erlmcp";

    /// <summary>The label every pod carries and the scale subresource's selector selects.</summary>
    public static IReadOnlyDictionary<string, string> Labels { get; } = new Dictionary<string, string> { ["app"] = "erlmcp" };

    public const string Selector = "app=erlmcp";

    public string PodName(int ordinal) => $"{StatefulSetName}-{ordinal}";
}
