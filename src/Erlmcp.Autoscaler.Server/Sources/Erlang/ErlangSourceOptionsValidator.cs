using Erlmcp.Autoscaler.Erlang.Connection;
using Microsoft.Extensions.Options;

namespace Erlmcp.Autoscaler.Server.Sources.Erlang;

/// <summary>
/// Checks <see cref="ErlangSourceOptions"/>; every failure names the setting (<c>Sources:Erlang:MinInterval</c>,
/// <c>Sources:Erlang:Pods:2:Node</c>) and the bad value, never the cookie.
/// </summary>
/// <param name="stalenessBound">The store's staleness bound, which the refresh interval must stay under.</param>
public sealed class ErlangSourceOptionsValidator(TimeSpan stalenessBound) : IValidateOptions<ErlangSourceOptions>
{
    /// <summary>The agent's largest <c>min_interval_ms</c>: one day.</summary>
    private static readonly TimeSpan MaxMinInterval = TimeSpan.FromDays(1);

    public ValidateOptionsResult Validate(string? name, ErlangSourceOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        CheckCookie(failures, options);
        if (options.LocalName is { } localName && NodeNameProblem(localName.Contains('@', StringComparison.Ordinal) ? localName : localName + "@host") is { } localProblem)
        {
            failures.Add(Setting(nameof(options.LocalName), localProblem));
        }

        if (options.MinInterval < TimeSpan.Zero || options.MinInterval > MaxMinInterval || options.MinInterval.Ticks % TimeSpan.TicksPerMillisecond != 0)
        {
            failures.Add(Setting(nameof(options.MinInterval), $"{options.MinInterval} must be whole milliseconds from 0 to one day"));
        }

        if (options.RefreshInterval <= TimeSpan.Zero || options.RefreshInterval >= stalenessBound)
        {
            failures.Add(Setting(nameof(options.RefreshInterval), $"{options.RefreshInterval} must be positive and below MetricsApi:StalenessBound ({stalenessBound}), or a count that does not change goes stale"));
        }

        RequirePositive(failures, nameof(options.ConnectionCheckInterval), options.ConnectionCheckInterval);
        RequirePositive(failures, nameof(options.ConnectTimeout), options.ConnectTimeout);
        RequirePositive(failures, nameof(options.CallTimeout), options.CallTimeout);
        RequirePositive(failures, nameof(options.RetryInitialDelay), options.RetryInitialDelay);
        if (options.RetryMaxDelay < options.RetryInitialDelay)
        {
            failures.Add(Setting(nameof(options.RetryMaxDelay), $"{options.RetryMaxDelay} must be at least Sources:Erlang:RetryInitialDelay ({options.RetryInitialDelay})"));
        }

        if (options.Tls is { } tls)
        {
            CheckTls(failures, tls);
        }

        CheckPods(failures, options.Pods);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>The configuration key of a setting, e.g. <c>Sources:Erlang:MinInterval</c>.</summary>
    public static string Key(string property) => $"{ErlangSourceOptions.SectionName}:{property}";

    private static string Setting(string property, string problem) => $"{Key(property)}: {problem}";

    private static void CheckCookie(List<string> failures, ErlangSourceOptions options)
    {
        var hasFile = !string.IsNullOrEmpty(options.CookieFile);
        if (hasFile == !string.IsNullOrEmpty(options.Cookie))
        {
            failures.Add(Setting(nameof(options.CookieFile), $"set exactly one of {Key(nameof(options.CookieFile))} and {Key(nameof(options.Cookie))}"));
        }
        else if (hasFile && !File.Exists(options.CookieFile))
        {
            failures.Add(Setting(nameof(options.CookieFile), $"file \"{options.CookieFile}\" does not exist"));
        }
    }

    private static void CheckTls(List<string> failures, ErlangSourceTlsOptions tls)
    {
        if (string.IsNullOrEmpty(tls.CaFile))
        {
            failures.Add(Setting("Tls:CaFile", "is required for TLS distribution: the CA certificates that sign the nodes' certificates"));
        }

        if (string.IsNullOrEmpty(tls.CertFile) != string.IsNullOrEmpty(tls.KeyFile))
        {
            failures.Add(Setting(string.IsNullOrEmpty(tls.CertFile) ? "Tls:CertFile" : "Tls:KeyFile", "Tls:CertFile and Tls:KeyFile go together"));
        }

        foreach (var (property, path) in new[] { ("Tls:CaFile", tls.CaFile), ("Tls:CertFile", tls.CertFile), ("Tls:KeyFile", tls.KeyFile) })
        {
            if (!string.IsNullOrEmpty(path) && !File.Exists(path))
            {
                failures.Add(Setting(property, $"file \"{path}\" does not exist"));
            }
        }
    }

    private static void CheckPods(List<string> failures, List<StaticPodOptions> pods)
    {
        var seen = new HashSet<(string, string)>();
        var nodes = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < pods.Count; i++)
        {
            var pod = pods[i];
            var at = $"Pods:{i}";
            if (pod is null)
            {
                failures.Add(Setting(at, "is empty"));
                continue;
            }

            foreach (var (property, value) in new[] { ("Namespace", pod.Namespace), ("Name", pod.Name), ("Node", pod.Node) })
            {
                if (string.IsNullOrEmpty(value))
                {
                    failures.Add(Setting($"{at}:{property}", "is required"));
                }
            }

            if (!string.IsNullOrEmpty(pod.Node) && NodeNameProblem(pod.Node) is { } nodeProblem)
            {
                failures.Add(Setting($"{at}:Node", nodeProblem));
            }
            else if (!string.IsNullOrEmpty(pod.Node) && !nodes.TryAdd(pod.Node, i))
            {
                failures.Add(Setting($"{at}:Node", $"node {pod.Node} is already the node of Sources:Erlang:Pods:{nodes[pod.Node]}"));
            }

            if (!string.IsNullOrEmpty(pod.Namespace) && !string.IsNullOrEmpty(pod.Name) && !seen.Add((pod.Namespace, pod.Name)))
            {
                failures.Add(Setting($"{at}:Name", $"pod {pod.Namespace}/{pod.Name} is listed twice"));
            }
        }
    }

    private static void RequirePositive(List<string> failures, string property, TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            failures.Add(Setting(property, $"{value} must be positive"));
        }
    }

    /// <summary>What is wrong with a node name (quoting it), or null when it is name@host.</summary>
    private static string? NodeNameProblem(string text)
    {
        try
        {
            _ = ErlangNodeName.Parse(text);
            return null;
        }
        catch (FormatException e)
        {
            return e.Message;
        }
    }
}
