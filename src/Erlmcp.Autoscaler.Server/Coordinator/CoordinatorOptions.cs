using Erlmcp.Autoscaler.Erlang.Connection;
using Erlmcp.Autoscaler.Erlang.Errors;
using Erlmcp.Autoscaler.Erlang.Handshake;
using Erlmcp.Autoscaler.Server.Sources.Erlang;

namespace Erlmcp.Autoscaler.Server.Coordinator;

/// <summary>
/// The <c>Coordinator</c> section. <see cref="Namespace"/> and <see cref="ClusterName"/> (and <c>Lease*</c>) are
/// shared with the Kubernetes side, which reads the same section; the loop's timing and the Erlang client are here.
/// </summary>
public sealed class CoordinatorOptions
{
    public const string SectionName = "Coordinator";

    /// <summary>Run the coordinator in this server (on the Lease holder only). Default false.</summary>
    public bool Enabled { get; set; }

    /// <summary>The namespace of the ErlmcpCluster.</summary>
    public string? Namespace { get; set; }

    /// <summary>The ErlmcpCluster's name.</summary>
    public string? ClusterName { get; set; }

    /// <summary>
    /// Elect a leader through a Lease (true, the default). False runs the coordinator in every replica at once: only
    /// for a server run as one replica.
    /// </summary>
    public bool LeaderElection { get; set; } = true;

    /// <summary>Seconds between the coordinator's steps. Default 1.</summary>
    public double TickSeconds { get; set; } = 1;

    /// <summary>The most one node call may take, in seconds. Default 10.</summary>
    public double NodeCallTimeoutSeconds { get; set; } = 10;

    /// <summary>What <c>leave_cluster</c> is given to see its peers go, in seconds; less than NodeCallTimeoutSeconds. Default 5.</summary>
    public double LeaveTimeoutSeconds { get; set; } = 5;

    /// <summary>How the coordinator reaches the erlmcp nodes (a hidden node of their cluster).</summary>
    public CoordinatorErlangOptions Erlang { get; set; } = new();

    /// <summary>The configuration key of a setting, e.g. <c>Coordinator:TickSeconds</c>.</summary>
    public static string Key(string setting) => $"{SectionName}:{setting}";

    /// <summary>Every problem of the settings, each naming its key; empty when the coordinator is disabled or all is well.</summary>
    public IReadOnlyList<string> Validate()
    {
        var failures = new List<string>();
        if (!Enabled)
        {
            return failures;
        }

        if (string.IsNullOrWhiteSpace(Namespace))
        {
            failures.Add($"{Key(nameof(Namespace))}: is required (the namespace of the ErlmcpCluster)");
        }

        if (string.IsNullOrWhiteSpace(ClusterName))
        {
            failures.Add($"{Key(nameof(ClusterName))}: is required (the name of the ErlmcpCluster)");
        }

        Positive(failures, nameof(TickSeconds), TickSeconds);
        Positive(failures, nameof(NodeCallTimeoutSeconds), NodeCallTimeoutSeconds);
        Positive(failures, nameof(LeaveTimeoutSeconds), LeaveTimeoutSeconds);
        if (LeaveTimeoutSeconds >= NodeCallTimeoutSeconds && NodeCallTimeoutSeconds > 0)
        {
            failures.Add($"{Key(nameof(LeaveTimeoutSeconds))}: {LeaveTimeoutSeconds} must be less than {Key(nameof(NodeCallTimeoutSeconds))} ({NodeCallTimeoutSeconds}), or the call times out before the node has left");
        }

        failures.AddRange(Erlang.Validate());
        return failures;
    }

    public ClusterCoordinatorSettings CoordinatorSettings() => new()
    {
        Tick = TimeSpan.FromSeconds(TickSeconds),
        Timeouts = new CoordinatorTimeouts(TimeSpan.FromSeconds(NodeCallTimeoutSeconds), TimeSpan.FromSeconds(LeaveTimeoutSeconds)),
    };

    private static void Positive(List<string> failures, string setting, double seconds)
    {
        if (!(seconds > 0) || double.IsInfinity(seconds))
        {
            failures.Add($"{Key(setting)}: {seconds} must be a positive number of seconds");
        }
    }
}

/// <summary>
/// <c>Coordinator:Erlang</c>: what <see cref="ErlangNodeOptions"/> needs, read from files (the cookie and TLS keys
/// are mounted Secrets, never configuration values).
/// </summary>
public sealed class CoordinatorErlangOptions
{
    public const string SectionName = "Erlang";

    /// <summary>The file holding the erlmcp cluster's cookie. Required.</summary>
    public string? CookieFile { get; set; }

    /// <summary>Our node name (name, or name@host). Default: a random dotnet_ name.</summary>
    public string? LocalName { get; set; }

    /// <summary>The host part of our name towards long-name nodes. Default: this host's name.</summary>
    public string? LongNameHost { get; set; }

    public int EpmdPort { get; set; } = 4369;

    public double ConnectTimeoutSeconds { get; set; } = 10;

    public double NetTickTimeSeconds { get; set; } = 60;

    /// <summary>PEM file of the CAs that sign the nodes' certificates: set it for nodes started with <c>-proto_dist inet_tls</c>.</summary>
    public string? TlsCaFile { get; set; }

    /// <summary>PEM certificate for nodes that verify their peers (with <see cref="TlsKeyFile"/>).</summary>
    public string? TlsCertFile { get; set; }

    public string? TlsKeyFile { get; set; }

    public bool TlsVerifyHostName { get; set; }

    public static string Key(string setting) => CoordinatorOptions.Key($"{SectionName}:{setting}");

    /// <summary>Every problem, naming its key (files are checked for existence here, read by <see cref="NodeOptions"/>).</summary>
    public IReadOnlyList<string> Validate()
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(CookieFile))
        {
            failures.Add($"{Key(nameof(CookieFile))}: is required (the file holding the erlmcp nodes' cookie)");
        }

        RequireFile(failures, nameof(CookieFile), CookieFile);
        RequireFile(failures, nameof(TlsCaFile), TlsCaFile);
        RequireFile(failures, nameof(TlsCertFile), TlsCertFile);
        RequireFile(failures, nameof(TlsKeyFile), TlsKeyFile);
        if (string.IsNullOrEmpty(TlsCertFile) != string.IsNullOrEmpty(TlsKeyFile))
        {
            failures.Add(string.IsNullOrEmpty(TlsCertFile)
                ? $"{Key(nameof(TlsCertFile))}: is required when {Key(nameof(TlsKeyFile))} is set"
                : $"{Key(nameof(TlsKeyFile))}: is required when {Key(nameof(TlsCertFile))} is set");
        }

        if (!string.IsNullOrEmpty(TlsCertFile) && string.IsNullOrEmpty(TlsCaFile))
        {
            failures.Add($"{Key(nameof(TlsCaFile))}: is required when {Key(nameof(TlsCertFile))} is set (distribution over TLS)");
        }

        return failures;
    }

    /// <summary>Reads the files and builds the client's options.</summary>
    /// <exception cref="MetricsApiConfigurationException">A file does not read, or the client refuses a value; the message names the key.</exception>
    public ErlangNodeOptions NodeOptions(TimeSpan callTimeout)
    {
        var options = new ErlangNodeOptions
        {
            Cookie = ErlangClientFiles.Load(Key(nameof(CookieFile)), () => ErlangCookie.FromFile(CookieFile!)),
            LocalName = LocalName,
            LongNameHost = LongNameHost,
            EpmdPort = EpmdPort,
            ConnectTimeout = TimeSpan.FromSeconds(ConnectTimeoutSeconds),
            NetTickTime = TimeSpan.FromSeconds(NetTickTimeSeconds),
            CallTimeout = callTimeout,
            Tls = string.IsNullOrEmpty(TlsCaFile)
                ? null
                : ErlangClientFiles.Tls(Key(nameof(TlsCaFile)), TlsCaFile, Key(nameof(TlsCertFile)), TlsCertFile, TlsKeyFile, TlsVerifyHostName),
        };
        try
        {
            options.Validate();
        }
        catch (ErlangOptionsException e)
        {
            throw new MetricsApiConfigurationException($"{CoordinatorOptions.Key(SectionName)}: {string.Join("; ", e.Errors)}", e);
        }

        return options;
    }

    private static void RequireFile(List<string> failures, string setting, string? path)
    {
        if (!string.IsNullOrWhiteSpace(path) && !File.Exists(path))
        {
            failures.Add($"{Key(setting)}: file \"{path}\" does not exist");
        }
    }
}
