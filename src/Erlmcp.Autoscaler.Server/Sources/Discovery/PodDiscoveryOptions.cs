using Erlmcp.Autoscaler.Core.Connections;
using Erlmcp.Autoscaler.Core.Labels;

namespace Erlmcp.Autoscaler.Server.Sources.Discovery;

/// <summary>
/// Settings of pod discovery, bound from the <c>Sources:Discovery</c> configuration section and checked by
/// <see cref="Read"/> at startup.
/// </summary>
public sealed class PodDiscoveryOptions
{
    public const string SectionName = "Sources:Discovery";

    /// <summary>The namespace of the erlmcp pods. Required.</summary>
    public string? Namespace { get; set; }

    /// <summary>Which pods are erlmcp's, in Kubernetes selector syntax (<c>app=erlmcp,tier in (edge)</c>).</summary>
    public string LabelSelector { get; set; } = "app=erlmcp";

    /// <summary>The Erlang node name of a pod; <c>{pod}</c> and <c>{namespace}</c> are replaced.</summary>
    public string NodeNameTemplate { get; set; } = Core.Connections.NodeNameTemplate.Default;

    /// <summary>How often the whole list is read again, to reconcile anything a watch missed.</summary>
    public TimeSpan ResyncPeriod { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>The first wait before re-watching after a failure; doubled on each further failure.</summary>
    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromMilliseconds(800);

    /// <summary>The longest wait before re-watching or listing again after failures.</summary>
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The configuration key of a setting, e.g. <c>Sources:Discovery:LabelSelector</c>.</summary>
    public static string Key(string property) => $"{SectionName}:{property}";

    /// <summary>Binds the section and checks every setting.</summary>
    /// <exception cref="MetricsApiConfigurationException">A value does not convert or is invalid; the message names each key.</exception>
    public static PodDiscoverySettings Read(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = SourceSettings.Bind(() =>
        {
            var bound = new PodDiscoveryOptions();
            configuration.GetSection(SectionName).Bind(bound);
            return bound;
        });
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Namespace))
        {
            failures.Add($"{Key(nameof(Namespace))}: is required (the namespace of the erlmcp pods)");
        }

        var selector = SourceSettings.Parse(failures, Key(nameof(LabelSelector)), options.LabelSelector, Core.Labels.LabelSelector.Parse);
        var template = SourceSettings.Parse(failures, Key(nameof(NodeNameTemplate)), options.NodeNameTemplate, Core.Connections.NodeNameTemplate.Parse);
        SourceSettings.RequirePositive(failures, Key(nameof(ResyncPeriod)), options.ResyncPeriod);
        SourceSettings.RequirePositive(failures, Key(nameof(InitialBackoff)), options.InitialBackoff);
        SourceSettings.RequirePositive(failures, Key(nameof(MaxBackoff)), options.MaxBackoff);
        if (options.MaxBackoff < options.InitialBackoff)
        {
            failures.Add($"{Key(nameof(MaxBackoff))}: {options.MaxBackoff} is shorter than {Key(nameof(InitialBackoff))} ({options.InitialBackoff})");
        }

        SourceSettings.ThrowIfAny(failures);
        return new PodDiscoverySettings(options.Namespace!, selector!, template!, options.ResyncPeriod, options.InitialBackoff, options.MaxBackoff);
    }
}

/// <summary>Checked discovery settings: the selector and the template parsed.</summary>
public sealed record PodDiscoverySettings(
    string Namespace,
    LabelSelector Selector,
    NodeNameTemplate NodeNames,
    TimeSpan ResyncPeriod,
    TimeSpan InitialBackoff,
    TimeSpan MaxBackoff);
