using Microsoft.Extensions.Options;

namespace Erlmcp.Autoscaler.Server.Security;

/// <summary>Checks <see cref="DelegatedAuthOptions"/>; every failure names the setting and the bad value.</summary>
public sealed class DelegatedAuthOptionsValidator : IValidateOptions<DelegatedAuthOptions>
{
    public ValidateOptionsResult Validate(string? name, DelegatedAuthOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (!string.IsNullOrEmpty(options.RequestHeaderClientCaFile) && !File.Exists(options.RequestHeaderClientCaFile))
        {
            failures.Add(Setting(nameof(options.RequestHeaderClientCaFile), $"file \"{options.RequestHeaderClientCaFile}\" does not exist"));
        }

        if (string.IsNullOrEmpty(options.RequestHeaderClientCaFile) && options.RequestHeaderAllowedNames is { Length: > 0 })
        {
            failures.Add(Setting(nameof(options.RequestHeaderAllowedNames), $"applies to {DelegatedAuthOptions.Key(nameof(options.RequestHeaderClientCaFile))}, which is not set"));
        }

        foreach (var (property, values) in new[]
        {
            (nameof(options.RequestHeaderAllowedNames), options.RequestHeaderAllowedNames),
            (nameof(options.RequestHeaderUsernameHeaders), options.RequestHeaderUsernameHeaders),
            (nameof(options.RequestHeaderGroupHeaders), options.RequestHeaderGroupHeaders),
            (nameof(options.RequestHeaderExtraHeadersPrefix), options.RequestHeaderExtraHeadersPrefix),
            (nameof(options.TokenAudiences), options.TokenAudiences),
            (nameof(options.AlwaysAllowGroups), options.AlwaysAllowGroups),
        })
        {
            for (var i = 0; i < (values?.Length ?? 0); i++)
            {
                if (string.IsNullOrWhiteSpace(values![i]))
                {
                    failures.Add($"{DelegatedAuthOptions.Key(property)}:{i}: empty value \"{values[i]}\"");
                }
            }
        }

        foreach (var (property, value) in new[]
        {
            (nameof(options.TokenSuccessCacheTtl), options.TokenSuccessCacheTtl),
            (nameof(options.TokenFailureCacheTtl), options.TokenFailureCacheTtl),
            (nameof(options.AuthorizedCacheTtl), options.AuthorizedCacheTtl),
            (nameof(options.UnauthorizedCacheTtl), options.UnauthorizedCacheTtl),
        })
        {
            if (value < TimeSpan.Zero)
            {
                failures.Add(Setting(property, $"{value} must not be negative (0 keeps nothing)"));
            }
        }

        if (options.LookupInterval <= TimeSpan.Zero)
        {
            failures.Add(Setting(nameof(options.LookupInterval), $"{options.LookupInterval} must be positive"));
        }

        if (options.ReviewTimeout <= TimeSpan.Zero)
        {
            failures.Add(Setting(nameof(options.ReviewTimeout), $"{options.ReviewTimeout} must be positive"));
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static string Setting(string property, string problem) => $"{DelegatedAuthOptions.Key(property)}: {problem}";
}
