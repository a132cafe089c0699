using System.CommandLine;
using Erlmcp.Autoscaler.Server.Security;

namespace Erlmcp.Autoscaler.Cli;

/// <summary>
/// <c>serve</c>'s front-proxy and delegation flags, named as kube-apiserver's and aggregated servers' own, each
/// setting one key of the <c>DelegatedAuth</c> section. List flags take comma-separated values or repeat, as upstream's.
/// </summary>
internal sealed class DelegatedAuthFlags
{
    private readonly Option<FileInfo> requestHeaderClientCaFile = new("--requestheader-client-ca-file")
    {
        Description = "PEM bundle of the authority of the front proxy's (kube-apiserver aggregator's) client certificate. Only its requests' X-Remote-User/-Group/-Extra-* headers are believed. Overrides the extension-apiserver-authentication ConfigMap.",
    };

    private readonly Option<bool> skipLookup = new("--authentication-skip-lookup")
    {
        Description = "Do not read the client and front-proxy CAs from the kube-system/extension-apiserver-authentication ConfigMap (Delegated mode reads it unless both files are given).",
    };

    private readonly (Option<string[]> Option, string Property)[] lists =
    [
        (List("--requestheader-allowed-names", "Common names the front proxy's client certificate may have; empty allows any the request-header CA signed."), nameof(DelegatedAuthOptions.RequestHeaderAllowedNames)),
        (List("--requestheader-username-headers", "Request headers holding the user name, the first with a value wins (default X-Remote-User)."), nameof(DelegatedAuthOptions.RequestHeaderUsernameHeaders)),
        (List("--requestheader-group-headers", "Request headers holding the groups (default X-Remote-Group)."), nameof(DelegatedAuthOptions.RequestHeaderGroupHeaders)),
        (List("--requestheader-extra-headers-prefix", "Prefixes of request headers holding extra attributes (default X-Remote-Extra-)."), nameof(DelegatedAuthOptions.RequestHeaderExtraHeadersPrefix)),
    ];

    public IEnumerable<Option> Options => [requestHeaderClientCaFile, skipLookup, .. lists.Select(list => list.Option)];

    /// <summary>Adds the settings of the flags given to <paramref name="settings"/>.</summary>
    public void Collect(ParseResult parse, Dictionary<string, string?> settings)
    {
        if (parse.GetValue(requestHeaderClientCaFile) is { } file)
        {
            settings[DelegatedAuthOptions.Key(nameof(DelegatedAuthOptions.RequestHeaderClientCaFile))] = file.FullName;
        }

        if (parse.GetResult(skipLookup) is not null)
        {
            settings[DelegatedAuthOptions.Key(nameof(DelegatedAuthOptions.SkipLookup))] = parse.GetValue(skipLookup) ? "true" : "false";
        }

        foreach (var (option, property) in lists)
        {
            var values = (parse.GetValue(option) ?? []).SelectMany(value => value.Split(',', StringSplitOptions.TrimEntries)).ToArray();
            for (var i = 0; i < values.Length; i++)
            {
                settings[$"{DelegatedAuthOptions.Key(property)}:{i}"] = values[i];
            }
        }
    }

    private static Option<string[]> List(string name, string description) => new(name) { Description = description, AllowMultipleArgumentsPerToken = false };
}
