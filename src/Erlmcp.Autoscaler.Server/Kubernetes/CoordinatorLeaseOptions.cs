namespace Erlmcp.Autoscaler.Server.Kubernetes;

/// <summary>
/// The Kubernetes side's keys of the <c>Coordinator</c> settings section (the executor's
/// <see cref="Coordinator.CoordinatorOptions"/> reads the same section for the loop and the Erlang client): the Lease
/// that decides which replica coordinates, and this replica's name. Unset values are filled in from the pod (see
/// <see cref="KubernetesCoordinatorHost"/>).
/// </summary>
public sealed class CoordinatorLeaseOptions
{
    public const string SectionName = Coordinator.CoordinatorOptions.SectionName;

    public const string DefaultLeaseName = "erlmcp-autoscaler";

    /// <summary>Off by default: a server only serves metrics unless told to coordinate.</summary>
    public bool Enabled { get; set; }

    /// <summary>The ErlmcpCluster's namespace (checked by the executor's options); the Lease's when the server runs outside a pod.</summary>
    public string? Namespace { get; set; }

    /// <summary>Elect the coordinating replica through the Lease (the default); false for a server run as one replica.</summary>
    public bool LeaderElection { get; set; } = true;

    public string LeaseName { get; set; } = DefaultLeaseName;

    /// <summary>Defaults to the server's own namespace.</summary>
    public string? LeaseNamespace { get; set; }

    /// <summary>This replica's name in the Lease and in Events; defaults to <c>$POD_NAME</c>, else the host name.</summary>
    public string? Identity { get; set; }
}
