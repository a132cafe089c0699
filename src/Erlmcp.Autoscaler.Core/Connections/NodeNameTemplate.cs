namespace Erlmcp.Autoscaler.Core.Connections;

/// <summary>
/// Maps an erlmcp pod to its Erlang node name and back, through a template such as
/// <c>erlmcp@{pod}.erlmcp-headless.{namespace}.svc.cluster.local</c> (the ErlmcpCluster's
/// <c>spec.nodeNameTemplate</c>, and the sources' setting of the same name).
/// </summary>
public sealed class NodeNameTemplate
{
    /// <summary>The template of erlmcp's StatefulSet behind its headless service <c>erlmcp-headless</c>.</summary>
    public const string Default = "erlmcp@{pod}.erlmcp-headless.{namespace}.svc.cluster.local";

    private const string PodToken = "{pod}";
    private const string NamespaceToken = "{namespace}";

    private NodeNameTemplate(string text) => Text = text;

    /// <summary>The template as written.</summary>
    public string Text { get; }

    /// <summary>Checks the template: it names the pod once, and has the <c>name@host</c> shape of a long Erlang node name.</summary>
    /// <exception cref="FormatException">What is wrong with the template, quoting it.</exception>
    public static NodeNameTemplate Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (Occurrences(text, PodToken) != 1)
        {
            throw new FormatException($"node name template \"{text}\" must contain {PodToken} exactly once");
        }

        if (Occurrences(text, NamespaceToken) > 1)
        {
            throw new FormatException($"node name template \"{text}\" may contain {NamespaceToken} at most once");
        }

        var at = text.IndexOf('@', StringComparison.Ordinal);
        if (at <= 0 || at == text.Length - 1 || text.IndexOf('@', at + 1) >= 0)
        {
            throw new FormatException($"node name template \"{text}\" must have the form name@host with one '@'");
        }

        var rest = text.Replace(PodToken, string.Empty, StringComparison.Ordinal).Replace(NamespaceToken, string.Empty, StringComparison.Ordinal);
        var brace = rest.IndexOfAny(['{', '}']);
        if (brace >= 0)
        {
            throw new FormatException($"node name template \"{text}\" has an unknown placeholder; only {PodToken} and {NamespaceToken} are known");
        }

        return new NodeNameTemplate(text);
    }

    /// <summary>The node name of pod <paramref name="podName"/> in <paramref name="namespaceName"/>.</summary>
    public string NodeName(string namespaceName, string podName)
    {
        ArgumentException.ThrowIfNullOrEmpty(namespaceName);
        ArgumentException.ThrowIfNullOrEmpty(podName);
        return Text.Replace(NamespaceToken, namespaceName, StringComparison.Ordinal).Replace(PodToken, podName, StringComparison.Ordinal);
    }

    /// <summary>
    /// The pod whose node name this is in <paramref name="namespaceName"/>, or null when the name does not fit the
    /// template (a node that is not one of this cluster's pods, such as a remote shell).
    /// </summary>
    public string? PodName(string namespaceName, string nodeName)
    {
        ArgumentException.ThrowIfNullOrEmpty(namespaceName);
        ArgumentNullException.ThrowIfNull(nodeName);
        var withNamespace = Text.Replace(NamespaceToken, namespaceName, StringComparison.Ordinal);
        var split = withNamespace.IndexOf(PodToken, StringComparison.Ordinal);
        var prefix = withNamespace.AsSpan(0, split);
        var suffix = withNamespace.AsSpan(split + PodToken.Length);
        var name = nodeName.AsSpan();
        if (name.Length <= prefix.Length + suffix.Length || !name.StartsWith(prefix, StringComparison.Ordinal) || !name.EndsWith(suffix, StringComparison.Ordinal))
        {
            return null;
        }

        var pod = name[prefix.Length..^suffix.Length];
        // A pod name is a DNS label here: it cannot hold the template's separators.
        return pod.IndexOfAny('@', '.') >= 0 ? null : pod.ToString();
    }

    public override string ToString() => Text;

    private static int Occurrences(string text, string token)
    {
        var count = 0;
        for (var index = text.IndexOf(token, StringComparison.Ordinal); index >= 0; index = text.IndexOf(token, index + token.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
