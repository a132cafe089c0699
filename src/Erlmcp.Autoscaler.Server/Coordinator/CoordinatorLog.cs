namespace Erlmcp.Autoscaler.Server.Coordinator;

/// <summary>What the coordinator logs, as source-generated log methods.</summary>
internal static partial class CoordinatorLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "{Namespace}/{Cluster}: {Action}: {Reason}")]
    public static partial void Decided(this ILogger logger, string @namespace, string cluster, string action, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Namespace}/{Cluster}: wait: {Reason}")]
    public static partial void Waiting(this ILogger logger, string @namespace, string cluster, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Namespace}/{Cluster}: {Action} failed (the planner retries it): {Error}")]
    public static partial void ActionFailed(this ILogger logger, string @namespace, string cluster, string action, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Namespace}/{Cluster}: could not record Event {Reason}: {Error}")]
    public static partial void EventFailed(this ILogger logger, string @namespace, string cluster, string reason, string error);

    [LoggerMessage(Level = LogLevel.Debug, Message = "status() of node {Node} failed, observed as not answering: {Error}")]
    public static partial void NodeStatusFailed(this ILogger logger, string node, string error);

    [LoggerMessage(Level = LogLevel.Debug, Message = "status() of node {Node} did not answer within {Seconds} s, observed as not answering")]
    public static partial void NodeStatusTimedOut(this ILogger logger, string node, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Namespace}/{Cluster}: {What} not found; nothing to coordinate")]
    public static partial void NotFound(this ILogger logger, string @namespace, string cluster, string what);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Namespace}/{Cluster}: the status changed since it was read (attempt {Attempt}); reading it again")]
    public static partial void StatusConflict(this ILogger logger, string @namespace, string cluster, int attempt);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Namespace}/{Cluster}: the coordinator's step failed; trying again at the next tick")]
    public static partial void StepFailed(this ILogger logger, Exception exception, string @namespace, string cluster);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Namespace}/{Cluster}: coordinating (plan resumed from status: {Phase})")]
    public static partial void Started(this ILogger logger, string @namespace, string cluster, Core.Scaling.PlanPhase? phase);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Namespace}/{Cluster}: leading, the coordinator runs")]
    public static partial void Leading(this ILogger logger, string @namespace, string cluster);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Namespace}/{Cluster}: no longer leading, the coordinator stopped")]
    public static partial void NotLeading(this ILogger logger, string @namespace, string cluster);
}
