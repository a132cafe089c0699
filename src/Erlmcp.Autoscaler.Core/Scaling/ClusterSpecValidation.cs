using System.Globalization;

namespace Erlmcp.Autoscaler.Core.Scaling;

/// <summary>
/// Checks a <see cref="ClusterSpec"/> field by field. Field names are the ErlmcpCluster's camelCase paths under
/// <c>spec</c>, so that an operator finds the line to fix.
/// </summary>
internal static class ClusterSpecValidation
{
    public static IReadOnlyList<SpecError> Check(ClusterSpec spec)
    {
        var errors = new List<SpecError>();
        var drain = spec.Drain;
        var rebalance = spec.Rebalance;
        var join = spec.Join;

        if (spec.MinReplicas < 1)
        {
            errors.Add(new("minReplicas", $"must be at least 1 (a drain needs a pod to send clients to), was {spec.MinReplicas}"));
        }

        if (spec.MaxReplicas < spec.MinReplicas)
        {
            errors.Add(new("maxReplicas", $"must be at least minReplicas ({spec.MinReplicas}), was {spec.MaxReplicas}"));
        }

        if (string.IsNullOrWhiteSpace(spec.StatefulSetName))
        {
            errors.Add(new("statefulSetName", "must not be empty"));
        }

        Positive(errors, "connectionLimit", spec.ConnectionLimit);
        Positive(errors, "connectionTarget", spec.ConnectionTarget);
        if (spec.ConnectionTarget > spec.ConnectionLimit)
        {
            errors.Add(new("connectionTarget", $"must not exceed connectionLimit ({spec.ConnectionLimit}), was {spec.ConnectionTarget}"));
        }

        Positive(errors, "stalenessBound", spec.StalenessBound);

        NotNegative(errors, "drain.healthCheckWait", drain.HealthCheckWait);
        Positive(errors, "drain.shedRatePerSecond", drain.ShedRatePerSecond);
        Positive(errors, "drain.deadline", drain.Deadline);
        if (!Enum.IsDefined(drain.DeadlinePolicy))
        {
            errors.Add(new("drain.deadlinePolicy", $"must be Force or HoldAndReport, was {(int)drain.DeadlinePolicy}"));
        }

        if (drain.AllowedRemainder < 0)
        {
            errors.Add(new("drain.allowedRemainder", $"must not be negative, was {drain.AllowedRemainder}"));
        }

        // EMQX requires a positive absolute threshold; zero would make two pods one connection apart unbalanced forever.
        Positive(errors, "rebalance.absoluteThreshold", rebalance.AbsoluteThreshold);
        if (!double.IsFinite(rebalance.RelativeThreshold) || rebalance.RelativeThreshold < 1.0)
        {
            errors.Add(new("rebalance.relativeThreshold",
                $"must be a ratio of at least 1.0 (1.1 = within 10%), was {rebalance.RelativeThreshold.ToString(CultureInfo.InvariantCulture)}"));
        }

        Positive(errors, "rebalance.shedRatePerSecond", rebalance.ShedRatePerSecond);
        NotNegative(errors, "rebalance.cooldown", rebalance.Cooldown);

        if (join.SeedOrdinals is null)
        {
            errors.Add(new("join.seedOrdinals", "must be a list (it may be empty)"));
        }
        else
        {
            for (var i = 0; i < join.SeedOrdinals.Count; i++)
            {
                if (join.SeedOrdinals[i] < 0)
                {
                    errors.Add(new($"join.seedOrdinals[{i}]", $"must not be negative, was {join.SeedOrdinals[i]}"));
                }
            }
        }

        Positive(errors, "join.timeout", join.Timeout);
        NotNegative(errors, "join.retryAfterRollback", join.RetryAfterRollback);

        Positive(errors, "retry.initial", spec.Retry.Initial);
        if (spec.Retry.Max < spec.Retry.Initial)
        {
            errors.Add(new("retry.max", $"must be at least retry.initial ({spec.Retry.Initial}), was {spec.Retry.Max}"));
        }

        return errors;
    }

    private static void Positive(List<SpecError> errors, string field, long value)
    {
        if (value <= 0)
        {
            errors.Add(new(field, $"must be positive, was {value}"));
        }
    }

    private static void Positive(List<SpecError> errors, string field, TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            errors.Add(new(field, $"must be positive, was {value}"));
        }
    }

    private static void NotNegative(List<SpecError> errors, string field, TimeSpan value)
    {
        if (value < TimeSpan.Zero)
        {
            errors.Add(new(field, $"must not be negative, was {value}"));
        }
    }
}
