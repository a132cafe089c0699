using System.Globalization;
using Erlmcp.Autoscaler.Core.Quantities;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Erlmcp.Autoscaler.Simulation.Manifests;

/// <summary>
/// A position in a YAML document: the node (or its absence) and the field path that led to it, so that every
/// error can say which file, line and field is wrong (<c>hpa.yaml:14:9: spec.metrics[2].pods.target.averageValue: ...</c>).
/// </summary>
internal readonly struct YamlCursor
{
    private readonly YamlNode? _node;
    private readonly YamlNode _parent;

    private YamlCursor(string source, string path, YamlNode? node, YamlNode parent)
    {
        Source = source;
        Path = path;
        _node = node;
        _parent = parent;
    }

    public string Source { get; }

    public string Path { get; }

    public bool Exists => _node is not null && !IsNull(_node);

    /// <summary>Parses the single YAML document in <paramref name="text"/>; <paramref name="source"/> names it in errors.</summary>
    public static YamlCursor Load(string text, string source)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            throw new InputException($"{source}:{e.Start.Line}:{e.Start.Column}: not valid YAML: {e.InnerException?.Message ?? e.Message}");
        }

        if (stream.Documents.Count == 0 || IsNull(stream.Documents[0].RootNode))
        {
            throw new InputException($"{source}: the file is empty");
        }

        if (stream.Documents.Count > 1)
        {
            throw new InputException($"{source}: expected one YAML document, found {stream.Documents.Count}");
        }

        var root = stream.Documents[0].RootNode;
        return new YamlCursor(source, "", root, root);
    }

    /// <summary>The field <paramref name="name"/> of this mapping; a field of an absent mapping is absent too.</summary>
    public YamlCursor Field(string name)
    {
        var path = Path.Length == 0 ? name : $"{Path}.{name}";
        if (!Exists)
        {
            return new YamlCursor(Source, path, null, _parent);
        }

        AsMapping().Children.TryGetValue(new YamlScalarNode(name), out var child);
        return new YamlCursor(Source, path, child, _node!);
    }

    public YamlCursor Required(string name)
    {
        var field = Field(name);
        return field.Exists ? field : throw Error($"required field \"{name}\" is missing");
    }

    /// <summary>Rejects fields this reader does not know, as kubectl's strict decoding does, so typos are not silently ignored.</summary>
    public YamlCursor RejectUnknownFields(params string[] known)
    {
        if (!Exists)
        {
            return this;
        }

        foreach (var key in AsMapping().Children.Keys)
        {
            var name = ((YamlScalarNode)key).Value ?? "";
            if (Array.IndexOf(known, name) < 0)
            {
                throw new YamlCursor(Source, Path, key, key).Error(
                    $"unknown field \"{name}\" (known: {string.Join(", ", known)})");
            }
        }

        return this;
    }

    public IEnumerable<YamlCursor> Items()
    {
        if (!Exists)
        {
            yield break;
        }

        if (_node is not YamlSequenceNode sequence)
        {
            throw Error($"expected a list, found {Describe(_node!)}");
        }

        for (var i = 0; i < sequence.Children.Count; i++)
        {
            yield return new YamlCursor(Source, $"{Path}[{i}]", sequence.Children[i], sequence);
        }
    }

    public IEnumerable<(string Key, YamlCursor Value)> Entries()
    {
        if (!Exists)
        {
            yield break;
        }

        foreach (var (key, value) in AsMapping().Children)
        {
            var name = ((YamlScalarNode)key).Value ?? "";
            yield return (name, new YamlCursor(Source, Path.Length == 0 ? name : $"{Path}.{name}", value, _node!));
        }
    }

    public string? String() => Exists ? Scalar() : null;

    public string RequiredString() => Exists ? Scalar() : throw MissingError();

    public int? Int() => Parse<int>(
        (string text, out int value) => int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value),
        "is not an integer");

    public long? Long() => Parse<long>(
        (string text, out long value) => long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value),
        "is not an integer");

    public double? Double() => Parse<double>(
        (string text, out double value) =>
            double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value),
        "is not a number");

    public bool? Bool() => Parse<bool>(
        (string text, out bool value) =>
        {
            value = text is "true" or "True" or "TRUE";
            return value || text is "false" or "False" or "FALSE";
        },
        "is not a boolean (true or false)");

    public DateTimeOffset? Time() => Parse<DateTimeOffset>(
        (string text, out DateTimeOffset value) =>
            DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out value),
        "is not an RFC 3339 time (for example 2026-11-26T12:00:00Z)");

    public TimeSpan? Duration() => Parse<TimeSpan>(GoDuration.TryParse, "is not a duration (for example 30s, 5m, 1h30m)");

    public Quantity? Quantity()
    {
        if (!Exists)
        {
            return null;
        }

        var text = Scalar();
        try
        {
            return Core.Quantities.Quantity.Parse(text);
        }
        catch (FormatException e)
        {
            throw Error(e.Message);
        }
    }

    /// <summary>An enum written with its member's exact name, as Kubernetes spells its enumerations (Pods, AverageValue).</summary>
    public T Enum<T>()
        where T : struct, Enum
    {
        var text = RequiredString();
        return System.Enum.GetNames<T>().Contains(text, StringComparer.Ordinal)
            ? System.Enum.Parse<T>(text)
            : throw Error($"\"{text}\" is not one of {string.Join(", ", System.Enum.GetNames<T>().Select(n => $"\"{n}\""))}");
    }

    public InputException Error(string message)
    {
        var mark = (_node ?? _parent).Start;
        var where = Path.Length == 0 ? "" : $" {Path}:";
        return new InputException($"{Source}:{mark.Line}:{mark.Column}:{where} {message}");
    }

    private InputException MissingError() => new YamlCursor(Source, Path, null, _parent).Error("required field is missing");

    private delegate bool TryParser<T>(string text, out T value);

    private T? Parse<T>(TryParser<T> tryParse, string complaint)
        where T : struct
    {
        if (!Exists)
        {
            return null;
        }

        var text = Scalar();
        return tryParse(text, out var value) ? value : throw Error($"\"{text}\" {complaint}");
    }

    private YamlMappingNode AsMapping() => _node switch
    {
        YamlMappingNode mapping => mapping,
        null => throw MissingError(),
        _ => throw Error($"expected a mapping (key: value), found {Describe(_node)}"),
    };

    private string Scalar() => _node is YamlScalarNode scalar
        ? scalar.Value ?? ""
        : throw Error($"expected a single value, found {Describe(_node!)}");

    private static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: ScalarStyle.Plain, Value: "" or "~" or "null" or "Null" or "NULL" };

    private static string Describe(YamlNode node) => node switch
    {
        YamlMappingNode => "a mapping",
        YamlSequenceNode => "a list",
        _ => "a value",
    };
}
