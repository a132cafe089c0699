namespace Erlmcp.Autoscaler.Server.Kubernetes;

/// <summary>
/// The <c>Coordinator</c> settings section: which ErlmcpCluster this server coordinates and the Lease that decides
/// which replica does. Unset values are filled in from the pod (see <see cref="KubernetesCoordinatorHost"/>).
/// </summary>
public sealed class CoordinatorOptions
{
    public const string SectionName = "Coordinator";

    public const string DefaultLeaseName = "erlmcp-autoscaler";

    /// <summary>Off by default: a server only serves metrics unless told to coordinate.</summary>
    public bool Enabled { get; set; }

    /// <summary>The ErlmcpCluster's namespace; defaults to the server's own namespace.</summary>
    public string? Namespace { get; set; }

    /// <summary>The ErlmcpCluster's name.</summary>
    public string? ClusterName { get; set; }

    public string LeaseName { get; set; } = DefaultLeaseName;

    /// <summary>Defaults to the server's own namespace.</summary>
    public string? LeaseNamespace { get; set; }

    /// <summary>This replica's name in the Lease and in Events; defaults to <c>$POD_NAME</c>, else the host name.</summary>
    public string? Identity { get; set; }
}
