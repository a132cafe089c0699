namespace Erlmcp.Autoscaler.Server;

/// <summary>What the server logs, as source-generated log methods.</summary>
internal static partial class ServerLog
{
    [LoggerMessage(Level = LogLevel.Error, Message = "{Method} {Path} failed")]
    public static partial void RequestFailed(this ILogger logger, Exception exception, string method, string path);

    [LoggerMessage(Level = LogLevel.Information, Message = "Unauthorized: {Path}: {Failure}")]
    public static partial void Unauthenticated(this ILogger logger, string path, string failure);

    [LoggerMessage(Level = LogLevel.Information, Message = "Forbidden: user {User} {Verb} {Path}: {Reason}")]
    public static partial void Forbidden(this ILogger logger, string user, string verb, string path, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "AUTHORIZATION IS OFF: {Setting} is AlwaysAllow, so every client that reaches the server reads every metric. Use it for local development only.")]
    public static partial void AuthorizationOff(this ILogger logger, string setting);

    [LoggerMessage(Level = LogLevel.Warning, Message = "AUTHENTICATION IS OFF: no {Setting}, so every request is served as system:anonymous.")]
    public static partial void AuthenticationOff(this ILogger logger, string setting);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Serving a generated self-signed certificate for {Hosts}; its authority is written to {CaFile}")]
    public static partial void GeneratedCertificate(this ILogger logger, string hosts, string caFile);

    [LoggerMessage(Level = LogLevel.Information, Message = "Reloaded the serving certificate from {CertificateFile}: {Subject}")]
    public static partial void ServingCertificateReloaded(this ILogger logger, string certificateFile, string subject);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Keeping the previous serving certificate: {CertificateFile} with {KeyFile} does not load: {Error}")]
    public static partial void ServingCertificateNotReloaded(this ILogger logger, string certificateFile, string keyFile, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Serving demo data: {Pods} pods of StatefulSet {Namespace}/{StatefulSet} from source \"{Source}\"")]
    public static partial void ServingDemoData(this ILogger logger, int pods, string @namespace, string statefulSet, string source);
}
