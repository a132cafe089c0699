using System.Reflection;
using System.Runtime.InteropServices;
using Erlmcp.Autoscaler.Server.Api.Discovery;
using Erlmcp.Autoscaler.Server.Api.Json;

namespace Erlmcp.Autoscaler.Server.Api.Health;

/// <summary><c>/healthz</c>, <c>/livez</c>, <c>/readyz</c> (plain <c>ok</c>) and <c>/version</c>, as an aggregated API server answers them.</summary>
internal static class HealthEndpoints
{
    /// <summary>Paths served to anyone: kubelet probes carry no credentials (kube-apiserver's always-allowed paths).</summary>
    public static readonly IReadOnlySet<string> UnauthenticatedPaths = new HashSet<string>(StringComparer.Ordinal) { "/healthz", "/livez", "/readyz" };

    private static readonly byte[] Ok = "ok"u8.ToArray();

    public static void MapHealth(this IEndpointRouteBuilder endpoints)
    {
        foreach (var path in UnauthenticatedPaths)
        {
            endpoints.MapApiGet(path, static context =>
            {
                context.Response.ContentType = "text/plain; charset=utf-8";
                context.Response.Headers.XContentTypeOptions = "nosniff";
                context.Response.ContentLength = Ok.Length;
                return context.Response.Body.WriteAsync(Ok, context.RequestAborted).AsTask();
            });
        }

        var version = ApiJson.Serialize(CurrentVersion(), ApiJson.Context.VersionInfo);
        endpoints.MapApiGet("/version", context => ApiJson.RespondAsync(context, StatusCodes.Status200OK, version));
    }

    /// <summary>version.Info of this build; the Go-specific fields name the .NET runtime instead.</summary>
    internal static VersionInfo CurrentVersion()
    {
        var assembly = typeof(HealthEndpoints).Assembly;
        var version = assembly.GetName().Version ?? new Version(0, 0);
        var informational = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? version.ToString(3);
        var commit = informational.Contains('+', StringComparison.Ordinal) ? informational[(informational.IndexOf('+', StringComparison.Ordinal) + 1)..] : "";
        var gitVersion = "v" + (commit.Length > 0 ? informational[..informational.IndexOf('+', StringComparison.Ordinal)] : informational);
        return new VersionInfo(
            Major: version.Major.ToString(System.Globalization.CultureInfo.InvariantCulture),
            Minor: version.Minor.ToString(System.Globalization.CultureInfo.InvariantCulture),
            GitVersion: gitVersion,
            GitCommit: commit,
            GitTreeState: "",
            BuildDate: "",
            GoVersion: RuntimeInformation.FrameworkDescription,
            Compiler: "dotnet",
            Platform: $"{GoOperatingSystem()}/{GoArchitecture()}");
    }

    /// <summary>The platform in Go's GOOS/GOARCH words, as clients expect in <c>platform</c>.</summary>
    private static string GoOperatingSystem() =>
        OperatingSystem.IsLinux() ? "linux" : OperatingSystem.IsWindows() ? "windows" : OperatingSystem.IsMacOS() ? "darwin" : "unknown";

    private static string GoArchitecture() => RuntimeInformation.ProcessArchitecture switch
    {
        Architecture.X64 => "amd64",
        Architecture.X86 => "386",
        Architecture.Arm64 => "arm64",
        Architecture.Arm => "arm",
        var other => other.ToString().ToLowerInvariant(),
    };
}
