using System.Text;

namespace Erlmcp.Autoscaler.Server.Security.Authentication.FrontProxy;

/// <summary>Reads the user a front proxy states in request headers, and removes those headers (k8s.io/apiserver headerrequest).</summary>
public static class RequestHeaderIdentity
{
    /// <summary>The user in <paramref name="headers"/>, or null when no username header has a value. Header names match case-insensitively.</summary>
    public static UserInfo? Read(IHeaderDictionary headers, RequestHeaderNames names)
    {
        ArgumentNullException.ThrowIfNull(headers);
        ArgumentNullException.ThrowIfNull(names);
        var name = names.UsernameHeaders.Select(header => headers[header].FirstOrDefault()).FirstOrDefault(value => !string.IsNullOrEmpty(value));
        if (name is null)
        {
            return null;
        }

        var groups = names.GroupHeaders.SelectMany(header => headers[header]).Where(value => !string.IsNullOrEmpty(value)).Select(value => value!).ToList();
        var extra = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        // Prefixes first, so that the values of one key keep the order of the prefixes.
        foreach (var prefix in names.ExtraHeaderPrefixes)
        {
            foreach (var (header, values) in headers)
            {
                if (!header.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                var key = UnescapeExtraKey(header[prefix.Length..].ToLowerInvariant());
                if (!extra.TryGetValue(key, out var list))
                {
                    extra[key] = list = [];
                }

                list.AddRange(values.Select(value => value ?? ""));
            }
        }

        return new UserInfo(name, groups) { Extra = extra.ToDictionary(pair => pair.Key, pair => (IReadOnlyList<string>)pair.Value, StringComparer.Ordinal) };
    }

    /// <summary>Removes every username, group and extra header, so that nothing after authentication can take them for an identity.</summary>
    public static void Clear(IHeaderDictionary headers, RequestHeaderNames names)
    {
        ArgumentNullException.ThrowIfNull(headers);
        ArgumentNullException.ThrowIfNull(names);
        foreach (var header in names.UsernameHeaders.Concat(names.GroupHeaders))
        {
            headers.Remove(header);
        }

        if (names.ExtraHeaderPrefixes.Count == 0)
        {
            return;
        }

        foreach (var header in headers.Keys.Where(key => names.ExtraHeaderPrefixes.Any(prefix => key.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))).ToList())
        {
            headers.Remove(header);
        }
    }

    /// <summary>
    /// Decodes <c>%XX</c> escapes in an extra key (so that keys like <c>example.com/scope</c> can travel in a header
    /// name); a key with a malformed escape is kept as it is, as Go's <c>url.PathUnescape</c> error path does upstream.
    /// </summary>
    internal static string UnescapeExtraKey(string encoded)
    {
        if (!encoded.Contains('%', StringComparison.Ordinal))
        {
            return encoded;
        }

        var bytes = new List<byte>(encoded.Length);
        for (var i = 0; i < encoded.Length; i++)
        {
            if (encoded[i] != '%')
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(encoded[i].ToString()));
                continue;
            }

            if (i + 2 >= encoded.Length || !Uri.IsHexDigit(encoded[i + 1]) || !Uri.IsHexDigit(encoded[i + 2]))
            {
                return encoded;
            }

            bytes.Add((byte)((Uri.FromHex(encoded[i + 1]) << 4) | Uri.FromHex(encoded[i + 2])));
            i += 2;
        }

        return Encoding.UTF8.GetString([.. bytes]);
    }
}
