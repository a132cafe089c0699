namespace Erlmcp.Autoscaler.Server.Options;

/// <summary>
/// Settings of the metrics API server, bound from the <c>MetricsApi</c> configuration section (appsettings,
/// <c>ERLMCP_AUTOSCALER_MetricsApi__*</c> environment variables, command-line flags) and checked by
/// <see cref="MetricsApiOptionsValidator"/> at startup.
/// </summary>
public sealed class MetricsApiOptions
{
    public const string SectionName = "MetricsApi";

    /// <summary>The IP address to listen on; 0.0.0.0 or :: for every interface.</summary>
    public string BindAddress { get; set; } = "0.0.0.0";

    /// <summary>The HTTPS port; 0 picks a free port (for tests).</summary>
    public int SecurePort { get; set; } = 6443;

    /// <summary>PEM file with the serving certificate, optionally followed by its intermediates; reloaded when it changes.</summary>
    public string? TlsCertFile { get; set; }

    /// <summary>PEM file with the serving certificate's private key; reloaded when it changes.</summary>
    public string? TlsPrivateKeyFile { get; set; }

    /// <summary>
    /// Without <see cref="TlsCertFile"/>, a certificate authority and a serving certificate are generated at start;
    /// the authority's certificate is written here as PEM, for the APIService <c>caBundle</c>.
    /// </summary>
    public string? SelfSignedCaFile { get; set; }

    /// <summary>DNS names and IP addresses a generated serving certificate is valid for.</summary>
    public string[] SelfSignedHosts { get; set; } = ["localhost", "127.0.0.1"];

    /// <summary>
    /// PEM bundle of the certificate authorities whose client certificates authenticate a request (user from the
    /// common name, groups from the organizations). Without it, in <c>Delegated</c> mode the cluster's client CA is read
    /// from the <c>extension-apiserver-authentication</c> ConfigMap; otherwise, with no other authenticator (front proxy),
    /// every request is anonymous.
    /// </summary>
    public string? ClientCaFile { get; set; }

    /// <summary>How requests are authorized: SubjectAccessReview against the cluster (<c>Delegated</c>) unless told otherwise.</summary>
    public AuthorizationMode AuthorizationMode { get; set; } = AuthorizationMode.Delegated;

    /// <summary>Values older than this are not served; the HPA then treats the pod as missing.</summary>
    public TimeSpan StalenessBound { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>erlmcp's per-pod connection limit (<c>max_connections</c>), for <c>erlmcp_connections_headroom</c>.</summary>
    public long PerPodConnectionLimit { get; set; } = 25_000;
}
