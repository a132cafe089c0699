using System.Net;

namespace Erlmcp.Autoscaler.Server.Sources.Prometheus;

/// <summary>
/// Settings of the Prometheus text source, bound from the <c>Sources:Prometheus</c> configuration section and
/// checked by <see cref="Read"/> at startup.
/// </summary>
public sealed class PrometheusSourceOptions
{
    public const string SectionName = "Sources:Prometheus";

    /// <summary>The port of each pod's metrics endpoint (erlmcp serves it on 9090).</summary>
    public int Port { get; set; } = 9090;

    /// <summary>The path of the metrics endpoint.</summary>
    public string Path { get; set; } = "/metrics";

    /// <summary>The metric whose series are summed into the pod's connection count.</summary>
    public string MetricName { get; set; } = "erlmcp_connections";

    /// <summary>PromQL label matchers picking the series to sum, e.g. <c>listener!="admin"</c>; empty for all.</summary>
    public string LabelMatchers { get; set; } = string.Empty;

    /// <summary>How often every pod is scraped.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long one scrape may take, body included.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>The largest body read (after decompression); a larger one fails the scrape as soon as it is exceeded.</summary>
    public long MaxBodyBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>How many pods are scraped at once.</summary>
    public int MaxConcurrentScrapes { get; set; } = 16;

    /// <summary>The configuration key of a setting, e.g. <c>Sources:Prometheus:Port</c>.</summary>
    public static string Key(string property) => $"{SectionName}:{property}";

    /// <summary>Binds the section and checks every setting.</summary>
    /// <exception cref="MetricsApiConfigurationException">A value does not convert or is invalid; the message names each key.</exception>
    public static PrometheusSourceSettings Read(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = SourceSettings.Bind(() =>
        {
            var bound = new PrometheusSourceOptions();
            configuration.GetSection(SectionName).Bind(bound);
            return bound;
        });
        var failures = new List<string>();
        if (options.Port is < 1 or > IPEndPoint.MaxPort)
        {
            failures.Add($"{Key(nameof(Port))}: {options.Port} is not a TCP port (1-65535)");
        }

        if (string.IsNullOrEmpty(options.Path) || options.Path[0] != '/' || !Uri.IsWellFormedUriString(options.Path, UriKind.Relative))
        {
            failures.Add($"{Key(nameof(Path))}: \"{options.Path}\" is not an absolute URL path such as /metrics");
        }

        if (!IsMetricName(options.MetricName))
        {
            failures.Add($"{Key(nameof(MetricName))}: \"{options.MetricName}\" is not a metric name ([a-zA-Z_:][a-zA-Z0-9_:]*)");
        }

        var matcher = SourceSettings.Parse(failures, Key(nameof(LabelMatchers)), options.LabelMatchers, SeriesMatcher.Parse);
        SourceSettings.RequirePositive(failures, Key(nameof(Interval)), options.Interval);
        SourceSettings.RequirePositive(failures, Key(nameof(Timeout)), options.Timeout);
        if (options.Timeout > options.Interval)
        {
            failures.Add($"{Key(nameof(Timeout))}: {options.Timeout} is longer than {Key(nameof(Interval))} ({options.Interval})");
        }

        if (options.MaxBodyBytes is <= 0 or > int.MaxValue)
        {
            failures.Add($"{Key(nameof(MaxBodyBytes))}: {options.MaxBodyBytes} must be between 1 and {int.MaxValue}");
        }

        if (options.MaxConcurrentScrapes <= 0)
        {
            failures.Add($"{Key(nameof(MaxConcurrentScrapes))}: {options.MaxConcurrentScrapes} must be positive");
        }

        SourceSettings.ThrowIfAny(failures);
        return new PrometheusSourceSettings(
            options.Port, options.Path, options.MetricName, matcher!, options.Interval, options.Timeout, (int)options.MaxBodyBytes, options.MaxConcurrentScrapes);
    }

    private static bool IsMetricName(string? name) =>
        !string.IsNullOrEmpty(name) && !char.IsAsciiDigit(name[0]) && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or ':');
}

/// <summary>Checked settings of the Prometheus text source.</summary>
public sealed record PrometheusSourceSettings(
    int Port,
    string Path,
    string MetricName,
    SeriesMatcher Series,
    TimeSpan Interval,
    TimeSpan Timeout,
    int MaxBodyBytes,
    int MaxConcurrentScrapes);
