using System.Net;
using Microsoft.Extensions.Options;

namespace Erlmcp.Autoscaler.Server.Options;

/// <summary>Checks <see cref="MetricsApiOptions"/>; every failure names the setting (<c>MetricsApi:SecurePort</c>) and the bad value.</summary>
public sealed class MetricsApiOptionsValidator : IValidateOptions<MetricsApiOptions>
{
    public ValidateOptionsResult Validate(string? name, MetricsApiOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (!IPAddress.TryParse(options.BindAddress, out _))
        {
            failures.Add(Setting(nameof(options.BindAddress), $"\"{options.BindAddress}\" is not an IP address"));
        }

        if (options.SecurePort is < 0 or > IPEndPoint.MaxPort)
        {
            failures.Add(Setting(nameof(options.SecurePort), $"{options.SecurePort} is not a TCP port (1-65535, or 0 for any free port)"));
        }

        if (string.IsNullOrEmpty(options.TlsCertFile) != string.IsNullOrEmpty(options.TlsPrivateKeyFile))
        {
            failures.Add(string.IsNullOrEmpty(options.TlsCertFile)
                ? Setting(nameof(options.TlsCertFile), "is required when MetricsApi:TlsPrivateKeyFile is set")
                : Setting(nameof(options.TlsPrivateKeyFile), "is required when MetricsApi:TlsCertFile is set"));
        }

        RequireFile(failures, nameof(options.TlsCertFile), options.TlsCertFile);
        RequireFile(failures, nameof(options.TlsPrivateKeyFile), options.TlsPrivateKeyFile);
        RequireFile(failures, nameof(options.ClientCaFile), options.ClientCaFile);
        if (!string.IsNullOrEmpty(options.TlsCertFile) && !string.IsNullOrEmpty(options.SelfSignedCaFile))
        {
            failures.Add(Setting(nameof(options.SelfSignedCaFile), "only applies to a generated certificate; remove it or MetricsApi:TlsCertFile"));
        }

        if (string.IsNullOrEmpty(options.TlsCertFile) && (options.SelfSignedHosts is null || options.SelfSignedHosts.Length == 0))
        {
            failures.Add(Setting(nameof(options.SelfSignedHosts), "needs at least one DNS name or IP address for the generated certificate"));
        }

        if (!Enum.IsDefined(options.AuthorizationMode))
        {
            failures.Add(Setting(nameof(options.AuthorizationMode), $"{(int)options.AuthorizationMode} is not one of {string.Join(", ", Enum.GetNames<AuthorizationMode>())}"));
        }

        if (options.StalenessBound <= TimeSpan.Zero)
        {
            failures.Add(Setting(nameof(options.StalenessBound), $"{options.StalenessBound} must be positive"));
        }

        if (options.PerPodConnectionLimit <= 0)
        {
            failures.Add(Setting(nameof(options.PerPodConnectionLimit), $"{options.PerPodConnectionLimit} must be positive"));
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>The configuration key of a setting, e.g. <c>MetricsApi:SecurePort</c>.</summary>
    public static string Key(string property) => $"{MetricsApiOptions.SectionName}:{property}";

    private static string Setting(string property, string problem) => $"{Key(property)}: {problem}";

    private static void RequireFile(List<string> failures, string property, string? path)
    {
        if (!string.IsNullOrEmpty(path) && !File.Exists(path))
        {
            failures.Add(Setting(property, $"file \"{path}\" does not exist"));
        }
    }
}
