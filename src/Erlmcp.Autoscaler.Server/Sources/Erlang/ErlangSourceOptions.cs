namespace Erlmcp.Autoscaler.Server.Sources.Erlang;

/// <summary>
/// Settings of the Erlang distribution source, bound from the <c>Sources:Erlang</c> configuration section and
/// checked by <see cref="ErlangSourceOptionsValidator"/> at startup. The cookie is never logged.
/// </summary>
public sealed class ErlangSourceOptions
{
    public const string SectionName = "Sources:Erlang";

    /// <summary>The cluster's cookie, from a file (a mounted Secret). Exactly one of this and <see cref="Cookie"/>.</summary>
    public string? CookieFile { get; set; }

    /// <summary>The cluster's cookie itself (from an environment variable fed by a Secret).</summary>
    public string? Cookie { get; set; }

    /// <summary>Our hidden node's name (<c>name</c> or <c>name@host</c>); default a random <c>dotnet_</c> name.</summary>
    public string? LocalName { get; set; }

    /// <summary>The fastest each node pushes a changed count (<c>min_interval_ms</c> of the subscription).</summary>
    public TimeSpan MinInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// How often a live subscription is renewed. A renewal makes the node push its count again, so a count that does
    /// not change stays fresh in the store, and it restores a subscription the agent lost in a restart of its own.
    /// Must be below <c>MetricsApi:StalenessBound</c>.
    /// </summary>
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often each subscription checks that its node connection is still the one it subscribed on.</summary>
    public TimeSpan ConnectionCheckInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>The most connecting to a node (EPMD, TCP, TLS, handshake) may take.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The most a call to a node's agent may take.</summary>
    public TimeSpan CallTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The wait before subscribing again after a failure; it doubles up to <see cref="RetryMaxDelay"/>.</summary>
    public TimeSpan RetryInitialDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>TLS distribution (nodes started with <c>-proto_dist inet_tls</c>); null for plain TCP.</summary>
    public ErlangSourceTlsOptions? Tls { get; set; }

    /// <summary>
    /// A fixed pod list, for running outside Kubernetes (a laptop, a benchmark): the pods and their node names.
    /// Empty in a cluster, where pod discovery (<c>Sources:Discovery</c>) provides them.
    /// </summary>
    public List<StaticPodOptions> Pods { get; set; } = [];
}

/// <summary>TLS distribution: the CAs that sign the nodes' certificates and, for nodes that verify peers, ours.</summary>
public sealed class ErlangSourceTlsOptions
{
    /// <summary>PEM bundle of the CA certificates that sign the nodes' certificates. Required.</summary>
    public string? CaFile { get; set; }

    /// <summary>PEM client certificate, for nodes started with <c>verify_peer</c>; with <see cref="KeyFile"/>.</summary>
    public string? CertFile { get; set; }

    public string? KeyFile { get; set; }

    /// <summary>Also require a node's certificate to name the host of its node name.</summary>
    public bool VerifyHostName { get; set; }
}

/// <summary>One pod of <see cref="ErlangSourceOptions.Pods"/>.</summary>
public sealed class StaticPodOptions
{
    public string? Namespace { get; set; }

    public string? Name { get; set; }

    /// <summary>The pod's Erlang node name, <c>name@host</c>.</summary>
    public string? Node { get; set; }

    /// <summary>The StatefulSet the pod belongs to, for the per-StatefulSet totals.</summary>
    public string? StatefulSet { get; set; }

    /// <summary>The pod's labels, for the API's label selectors.</summary>
    public Dictionary<string, string> Labels { get; set; } = new(StringComparer.Ordinal);
}
