using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace Erlmcp.Autoscaler.Server.Kubernetes;

/// <summary>
/// Checks <see cref="CoordinatorLeaseOptions"/> once defaults are filled in; every failure names the key
/// (<c>Coordinator:LeaseNamespace</c>). <c>Coordinator:Namespace</c> and <c>ClusterName</c> are checked by the executor's options.
/// </summary>
public sealed partial class CoordinatorLeaseOptionsValidator : IValidateOptions<CoordinatorLeaseOptions>
{
    public ValidateOptionsResult Validate(string? name, CoordinatorLeaseOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!options.Enabled || !options.LeaderElection)
        {
            return ValidateOptionsResult.Success;
        }

        var failures = new List<string>();
        Subdomain(failures, nameof(options.LeaseName), options.LeaseName, "the Lease's name");
        Label(failures, nameof(options.LeaseNamespace), options.LeaseNamespace, "the Lease's namespace (or run in a pod, whose namespace is the default)");
        if (string.IsNullOrWhiteSpace(options.Identity))
        {
            failures.Add(Key(nameof(options.Identity), "is required: this replica's name in the Lease (set POD_NAME from metadata.name)"));
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Label(List<string> failures, string key, string? value, string what)
    {
        if (string.IsNullOrEmpty(value))
        {
            failures.Add(Key(key, $"is required: {what}"));
        }
        else if (value.Length > 63 || !DnsLabel().IsMatch(value))
        {
            failures.Add(Key(key, $"\"{value}\" is not a namespace name (lower-case letters, digits and '-', at most 63)"));
        }
    }

    private static void Subdomain(List<string> failures, string key, string? value, string what)
    {
        if (string.IsNullOrEmpty(value))
        {
            failures.Add(Key(key, $"is required: {what}"));
        }
        else if (value.Length > 253 || !DnsSubdomain().IsMatch(value))
        {
            failures.Add(Key(key, $"\"{value}\" is not an object name (lower-case letters, digits, '-' and '.', at most 253)"));
        }
    }

    private static string Key(string key, string message) => $"{CoordinatorLeaseOptions.SectionName}:{key}: {message}";

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex DnsLabel();

    [GeneratedRegex(@"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")]
    private static partial Regex DnsSubdomain();
}
