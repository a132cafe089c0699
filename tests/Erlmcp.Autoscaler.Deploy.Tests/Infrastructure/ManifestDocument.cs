using System.Globalization;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Erlmcp.Autoscaler.Deploy.Tests.Infrastructure;

/// <summary>
/// One YAML document of a manifest: its text (for KubernetesClient's strict typed parse), the same as JSON (for
/// schema checks and queries), and where it came from (for messages).
/// </summary>
internal sealed record ManifestDocument(string Source, int Index, string Yaml, JsonObject Json)
{
    public string ApiVersion => (string?)Json["apiVersion"] ?? "";

    public string Kind => (string?)Json["kind"] ?? "";

    public string Name => (string?)Json["metadata"]?["name"] ?? "";

    public string? Namespace => (string?)Json["metadata"]?["namespace"];

    /// <summary>apiVersion/kind, as KubernetesClient's type map keys them.</summary>
    public string TypeKey => $"{ApiVersion}/{Kind}";

    public string Where => $"{Source} document {Index + 1} ({Kind} {Name})";

    public static IReadOnlyList<ManifestDocument> ReadFile(string path) =>
        ReadAll(File.ReadAllText(path), Path.GetRelativePath(Repository.Root, path));

    /// <summary>Splits a YAML stream into its non-empty documents.</summary>
    public static IReadOnlyList<ManifestDocument> ReadAll(string yaml, string source)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            throw new InvalidOperationException($"{source}:{e.Start.Line}:{e.Start.Column}: {e.Message}", e);
        }

        var documents = new List<ManifestDocument>();
        foreach (var document in stream.Documents)
        {
            if (document.RootNode is not YamlMappingNode mapping)
            {
                continue;
            }

            var text = new YamlStream(new YamlDocument(mapping));
            using var writer = new StringWriter(CultureInfo.InvariantCulture);
            text.Save(writer, assignAnchors: false);
            documents.Add(new ManifestDocument(source, documents.Count, writer.ToString(), (JsonObject)ToJson(mapping)!));
        }

        return documents;
    }

    /// <summary>
    /// YAML to JSON with YAML 1.2's core schema for plain scalars (null, booleans, integers, floats), as the API
    /// server reads a manifest; a quoted scalar is always a string.
    /// </summary>
    public static JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlMappingNode mapping => new JsonObject(mapping.Children.Select(pair => KeyValuePair.Create(((YamlScalarNode)pair.Key).Value ?? "", ToJson(pair.Value)))),
        YamlSequenceNode sequence => new JsonArray([.. sequence.Children.Select(ToJson)]),
        YamlScalarNode scalar => Scalar(scalar),
        _ => throw new InvalidOperationException($"unsupported YAML node {node.NodeType} at {node.Start}"),
    };

    private static JsonValue? Scalar(YamlScalarNode scalar)
    {
        var value = scalar.Value ?? "";
        if (scalar.Style is not (ScalarStyle.Plain or ScalarStyle.Any))
        {
            return JsonValue.Create(value);
        }

        return value switch
        {
            "" or "~" or "null" or "Null" or "NULL" => null,
            "true" or "True" or "TRUE" => JsonValue.Create(true),
            "false" or "False" or "FALSE" => JsonValue.Create(false),
            // Numbers as JSON text, so that readers may take them as any numeric type that holds them.
            _ when long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer) => JsonNode.Parse(integer.ToString(CultureInfo.InvariantCulture))!.AsValue(),
            _ when value.Length > 0 && (char.IsDigit(value[0]) || value[0] is '-' or '+' or '.') &&
                   double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) => JsonNode.Parse(number.ToString("R", CultureInfo.InvariantCulture))!.AsValue(),
            _ => JsonValue.Create(value),
        };
    }
}
