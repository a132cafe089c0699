using Erlmcp.Autoscaler.Core.Connections;
using Erlmcp.Autoscaler.Core.Scaling;

namespace Erlmcp.Autoscaler.Server.Kubernetes.ErlmcpClusters;

/// <summary>
/// Turns an ErlmcpCluster's <c>spec</c> into the planner's <see cref="ClusterSpec"/>: seconds become durations, the
/// percent threshold becomes EMQX's ratio, and a missing field takes the planner's default (the same value the CRD
/// defaults to). Every problem is reported at once, each at its path under <c>spec</c>.
/// </summary>
public static class ErlmcpClusterSpecMapping
{
    // The planner names its fields as durations and ratios; the resource spells them with units. Fields not listed
    // have the same name in both.
    private static readonly Dictionary<string, string> ResourceFieldOfPlannerField = new(StringComparer.Ordinal)
    {
        ["stalenessBound"] = "stalenessBoundSeconds",
        ["drain.healthCheckWait"] = "drain.healthCheckWaitSeconds",
        ["drain.deadline"] = "drain.deadlineSeconds",
        ["rebalance.relativeThreshold"] = "rebalance.relativeThresholdPercent",
        ["rebalance.cooldown"] = "rebalance.cooldownSeconds",
        ["join.timeout"] = "join.timeoutSeconds",
        ["join.retryAfterRollback"] = "join.retryAfterRollbackSeconds",
        ["retry.initial"] = "retry.initialSeconds",
        ["retry.max"] = "retry.maxSeconds",
    };

    /// <summary>The planner's spec and the checked node name template.</summary>
    /// <exception cref="ErlmcpClusterSpecException">Every field that is missing or wrong, each named as <c>spec.drain.deadlineSeconds</c>.</exception>
    public static (ClusterSpec Spec, NodeNameTemplate NodeNames) ToClusterSpec(V1Alpha1ErlmcpClusterSpec? resource)
    {
        var errors = new List<SpecError>();
        if (resource is null)
        {
            throw new ErlmcpClusterSpecException([new SpecError("spec", "is missing")]);
        }

        if (resource.Replicas is not { } replicas)
        {
            errors.Add(new("spec.replicas", "is required (the HPA writes it through /scale)"));
            replicas = 0;
        }
        else if (replicas < 0)
        {
            errors.Add(new("spec.replicas", $"must not be negative, was {replicas}"));
        }

        var defaults = new ClusterSpec { DesiredReplicas = replicas };
        var drain = resource.Drain;
        var rebalance = resource.Rebalance;
        var join = resource.Join;
        var retry = resource.Retry;

        var policy = defaults.Drain.DeadlinePolicy;
        if (drain?.DeadlinePolicy is { } policyText && !Enum.TryParse(policyText, ignoreCase: false, out policy))
        {
            errors.Add(new("spec.drain.deadlinePolicy", $"must be Force or HoldAndReport, was \"{policyText}\""));
        }

        var relativeThreshold = defaults.Rebalance.RelativeThreshold;
        if (rebalance?.RelativeThresholdPercent is { } percent)
        {
            // Checked here in its own terms: the planner's message speaks of the ratio, which the resource does not show.
            if (percent < 0)
            {
                errors.Add(new("spec.rebalance.relativeThresholdPercent", $"must not be negative, was {percent}"));
            }
            else
            {
                relativeThreshold = 1.0 + (percent / 100.0);
            }
        }

        var spec = defaults with
        {
            MinReplicas = resource.MinReplicas ?? defaults.MinReplicas,
            MaxReplicas = resource.MaxReplicas ?? defaults.MaxReplicas,
            StatefulSetName = resource.StatefulSetName ?? defaults.StatefulSetName,
            ConnectionLimit = resource.ConnectionLimit ?? defaults.ConnectionLimit,
            ConnectionTarget = resource.ConnectionTarget ?? defaults.ConnectionTarget,
            StalenessBound = Seconds(resource.StalenessBoundSeconds, defaults.StalenessBound),
            Drain = defaults.Drain with
            {
                HealthCheckWait = Seconds(drain?.HealthCheckWaitSeconds, defaults.Drain.HealthCheckWait),
                ShedRatePerSecond = drain?.ShedRatePerSecond ?? defaults.Drain.ShedRatePerSecond,
                Deadline = Seconds(drain?.DeadlineSeconds, defaults.Drain.Deadline),
                DeadlinePolicy = policy,
                AllowedRemainder = drain?.AllowedRemainder ?? defaults.Drain.AllowedRemainder,
            },
            Rebalance = defaults.Rebalance with
            {
                AbsoluteThreshold = rebalance?.AbsoluteThreshold ?? defaults.Rebalance.AbsoluteThreshold,
                RelativeThreshold = relativeThreshold,
                ShedRatePerSecond = rebalance?.ShedRatePerSecond ?? defaults.Rebalance.ShedRatePerSecond,
                Cooldown = Seconds(rebalance?.CooldownSeconds, defaults.Rebalance.Cooldown),
            },
            Join = defaults.Join with
            {
                SeedOrdinals = join?.SeedOrdinals is { } seeds ? [.. seeds] : defaults.Join.SeedOrdinals,
                Timeout = Seconds(join?.TimeoutSeconds, defaults.Join.Timeout),
                RetryAfterRollback = Seconds(join?.RetryAfterRollbackSeconds, defaults.Join.RetryAfterRollback),
            },
            Retry = defaults.Retry with
            {
                Initial = Seconds(retry?.InitialSeconds, defaults.Retry.Initial),
                Max = Seconds(retry?.MaxSeconds, defaults.Retry.Max),
            },
        };

        errors.AddRange(spec.Validate().Select(e => new SpecError("spec." + ResourceField(e.Field), e.Message)));

        NodeNameTemplate? nodeNames = null;
        try
        {
            nodeNames = NodeNameTemplate.Parse(resource.NodeNameTemplate ?? NodeNameTemplate.Default);
        }
        catch (FormatException e)
        {
            errors.Add(new("spec.nodeNameTemplate", e.Message));
        }

        if (errors.Count > 0)
        {
            throw new ErlmcpClusterSpecException(errors);
        }

        return (spec, nodeNames!);
    }

    private static TimeSpan Seconds(int? seconds, TimeSpan fallback) => seconds is { } s ? TimeSpan.FromSeconds(s) : fallback;

    // "join.seedOrdinals[2]" keeps its index; only the name before it can differ.
    private static string ResourceField(string plannerField)
    {
        var bracket = plannerField.IndexOf('[', StringComparison.Ordinal);
        var name = bracket < 0 ? plannerField : plannerField[..bracket];
        var suffix = bracket < 0 ? "" : plannerField[bracket..];
        return (ResourceFieldOfPlannerField.TryGetValue(name, out var resourceName) ? resourceName : name) + suffix;
    }
}
