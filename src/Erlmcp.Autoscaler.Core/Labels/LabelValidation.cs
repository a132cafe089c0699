using System.Text.RegularExpressions;

namespace Erlmcp.Autoscaler.Core.Labels;

/// <summary>
/// Label key and value rules (k8s.io/apimachinery/pkg/api/validate/content: IsLabelKey, IsLabelValue), with
/// upstream's error wording. Each method returns the list of problems; an empty list means valid.
/// </summary>
internal static partial class LabelValidation
{
    public const int LabelKeyNameMaxLength = 63;
    public const int LabelValueMaxLength = 63;
    public const int DnsSubdomainMaxLength = 253;

    private const string LabelKeyFormat = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
    private const string LabelKeyMessage =
        "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
    private const string LabelValueFormat = "(" + LabelKeyFormat + ")?";
    private const string LabelValueMessage =
        "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
    private const string DnsSubdomainFormat = "[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*";
    private const string DnsSubdomainMessage =
        "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";

    // \z rather than $: .NET's $ also matches before a trailing newline, Go's does not.
    [GeneratedRegex("^" + LabelKeyFormat + "\\z", RegexOptions.CultureInvariant)]
    private static partial Regex LabelKeyName();

    [GeneratedRegex("^" + LabelValueFormat + "\\z", RegexOptions.CultureInvariant)]
    private static partial Regex LabelValue();

    [GeneratedRegex("^" + DnsSubdomainFormat + "\\z", RegexOptions.CultureInvariant)]
    private static partial Regex DnsSubdomain();

    /// <summary>A label key: an optional DNS subdomain prefix and '/', then a name of at most 63 characters.</summary>
    public static List<string> LabelKeyErrors(string key)
    {
        var errors = new List<string>();
        var parts = key.Split('/');
        string name;
        switch (parts.Length)
        {
            case 1:
                name = parts[0];
                break;
            case 2:
                var prefix = parts[0];
                name = parts[1];
                if (prefix.Length == 0)
                {
                    errors.Add("prefix part must be non-empty");
                }
                else
                {
                    errors.AddRange(DnsSubdomainErrors(prefix).Select(e => "prefix part " + e));
                }

                break;
            default:
                errors.Add("a valid label key " + RegexError(LabelKeyMessage, LabelKeyFormat, "MyName", "my.name", "123-abc")
                    + " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')");
                return errors;
        }

        if (name.Length == 0)
        {
            errors.Add("name part must be non-empty");
        }
        else if (name.Length > LabelKeyNameMaxLength)
        {
            errors.Add("name part " + MaxLengthError(LabelKeyNameMaxLength));
        }

        if (!LabelKeyName().IsMatch(name))
        {
            errors.Add("name part " + RegexError(LabelKeyMessage, LabelKeyFormat, "MyName", "my.name", "123-abc"));
        }

        return errors;
    }

    /// <summary>A label value: empty, or at most 63 alphanumerics, '-', '_', '.' starting and ending alphanumeric.</summary>
    public static List<string> LabelValueErrors(string value)
    {
        var errors = new List<string>();
        if (value.Length > LabelValueMaxLength)
        {
            errors.Add(MaxLengthError(LabelValueMaxLength));
        }

        if (!LabelValue().IsMatch(value))
        {
            errors.Add(RegexError(LabelValueMessage, LabelValueFormat, "MyValue", "my_value", "12345"));
        }

        return errors;
    }

    private static List<string> DnsSubdomainErrors(string value)
    {
        var errors = new List<string>();
        if (value.Length > DnsSubdomainMaxLength)
        {
            errors.Add(MaxLengthError(DnsSubdomainMaxLength));
        }

        if (!DnsSubdomain().IsMatch(value))
        {
            errors.Add(RegexError(DnsSubdomainMessage, DnsSubdomainFormat, "example.com"));
        }

        return errors;
    }

    private static string MaxLengthError(int length) => $"must be no more than {length} bytes";

    private static string RegexError(string message, string regex, params string[] examples) =>
        $"{message} (e.g. {string.Join(" or ", examples.Select(e => $"'{e}', "))}regex used for validation is '{regex}')";
}
