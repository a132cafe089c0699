namespace Erlmcp.Autoscaler.Server.Sources.Erlang;

/// <summary>What the Erlang source logs, as source-generated log methods. None of them carries the cookie.</summary>
internal static partial class ErlangSourceLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Erlang source: following {Pods} pods (min interval {MinInterval}, renewed every {RefreshInterval})")]
    public static partial void Following(this ILogger logger, int pods, TimeSpan minInterval, TimeSpan refreshInterval);

    [LoggerMessage(Level = LogLevel.Information, Message = "Erlang source: subscribed to node {Node} of pod {Pod}: {Total} connections")]
    public static partial void Subscribed(this ILogger logger, string node, string pod, long total);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Erlang source: lost the connection to node {Node} of pod {Pod}; subscribing again")]
    public static partial void ConnectionLost(this ILogger logger, string node, string pod);

    [LoggerMessage(Level = LogLevel.Error, Message = "Erlang source: cannot subscribe to node {Node} of pod {Pod} (attempt {Attempt}, next in {Delay}): {Error}")]
    public static partial void CannotSubscribe(this ILogger logger, string node, string pod, int attempt, TimeSpan delay, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Erlang source: node {Node} of pod {Pod} is unreachable (attempt {Attempt}, next in {Delay}): {Error}")]
    public static partial void Unreachable(this ILogger logger, string node, string pod, int attempt, TimeSpan delay, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Erlang source: the clock of node {Node} is about {Skew} off ours; its values are stamped with its clock, capped at our time")]
    public static partial void ClockSkew(this ILogger logger, string node, TimeSpan skew);

    [LoggerMessage(Level = LogLevel.Information, Message = "Erlang source: stopped following node {Node} of pod {Pod}")]
    public static partial void Stopped(this ILogger logger, string node, Core.Connections.PodReference pod);

    [LoggerMessage(Level = LogLevel.Error, Message = "Erlang source: cannot follow pod {Pod}: its node name {Node} is not valid: {Error}")]
    public static partial void BadNodeName(this ILogger logger, string node, Core.Connections.PodReference pod, string error);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Erlang source: ignored a message from node {Node}: {Message}")]
    public static partial void IgnoredMessage(this ILogger logger, string node, string message);
}
