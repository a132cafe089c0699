namespace Erlmcp.Autoscaler.Server.Security;

/// <summary>What authentication and authorization log, as source-generated log methods. Never a token.</summary>
internal static partial class SecurityLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Read ConfigMap {Namespace}/{Name}: client CA {HasClientCa}, front proxy {HasRequestHeader}")]
    public static partial void AuthenticationConfigMapLoaded(ILogger logger, string @namespace, string name, bool hasClientCa, bool hasRequestHeader);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Keeping the previous authentication settings: {Error}")]
    public static partial void AuthenticationConfigMapNotRefreshed(ILogger logger, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Authorization failed for {Method} {Path}: {Error}")]
    public static partial void AuthorizationUnavailable(ILogger logger, string method, string path, string error);
}
