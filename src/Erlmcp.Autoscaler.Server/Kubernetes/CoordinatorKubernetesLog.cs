namespace Erlmcp.Autoscaler.Server.Kubernetes;

/// <summary>What the Kubernetes side of the coordinator logs.</summary>
internal static partial class CoordinatorKubernetesLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Leading: acquired Lease {Namespace}/{Lease} as {Identity}")]
    public static partial void StartedLeading(this ILogger logger, string @namespace, string lease, string identity);

    [LoggerMessage(Level = LogLevel.Information, Message = "Stopped leading: Lease {Namespace}/{Lease}, {Identity}")]
    public static partial void StoppedLeading(this ILogger logger, string @namespace, string lease, string identity);

    [LoggerMessage(Level = LogLevel.Information, Message = "Lease {Namespace}/{Lease} is held by {Holder}")]
    public static partial void NewLeader(this ILogger logger, string @namespace, string lease, string holder);

    [LoggerMessage(Level = LogLevel.Information, Message = "Released Lease {Namespace}/{Lease}")]
    public static partial void LeaseReleased(this ILogger logger, string @namespace, string lease);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Lease {Namespace}/{Lease}: the API call failed")]
    public static partial void LeaseError(this ILogger logger, Exception exception, string @namespace, string lease);

    [LoggerMessage(Level = LogLevel.Error, Message = "The leader's work failed; {Identity} gives up leadership")]
    public static partial void LeaderWorkFailed(this ILogger logger, Exception exception, string identity);
}
