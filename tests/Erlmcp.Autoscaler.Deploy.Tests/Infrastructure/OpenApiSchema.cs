using System.Text.Json.Nodes;
using k8s;
using k8s.Models;

namespace Erlmcp.Autoscaler.Deploy.Tests.Infrastructure;

/// <summary>
/// Checks an object against a CRD's structural <c>openAPIV3Schema</c> the way the API server prunes and validates
/// it, for the keywords our schemas use: type, properties, required, additionalProperties,
/// x-kubernetes-preserve-unknown-fields, x-kubernetes-int-or-string, items, enum, minimum, maximum, minLength,
/// maxLength. A field the schema does not declare is an error (the API server would silently prune it), and
/// <c>metadata</c> is checked as an ObjectMeta. Returns every problem with its field path.
/// </summary>
internal static class OpenApiSchema
{
    public static IReadOnlyList<string> Validate(JsonObject instance, JsonObject schema)
    {
        var errors = new List<string>();
        var properties = schema["properties"]?.AsObject() ?? [];
        foreach (var (name, value) in instance)
        {
            if (name == "metadata")
            {
                CheckMetadata(value, errors);
            }
            else if (properties[name] is JsonObject child)
            {
                Check(value, child, name, errors);
            }
            else
            {
                errors.Add($"{name}: unknown field");
            }
        }

        CheckRequired(instance, schema, "", errors);
        return errors;
    }

    private static void CheckMetadata(JsonNode? metadata, List<string> errors)
    {
        try
        {
            KubernetesYaml.Deserialize<V1ObjectMeta>(metadata?.ToJsonString() ?? "{}", strict: true);
        }
        catch (Exception e) when (e is YamlDotNet.Core.YamlException or InvalidOperationException)
        {
            errors.Add($"metadata: {e.Message}");
        }
    }

    private static void Check(JsonNode? value, JsonObject schema, string path, List<string> errors)
    {
        if (value is null)
        {
            if (schema["nullable"]?.GetValue<bool>() != true)
            {
                errors.Add($"{path}: null is not allowed");
            }

            return;
        }

        if (schema["x-kubernetes-int-or-string"]?.GetValue<bool>() == true)
        {
            if (!IsInteger(value) && !IsString(value))
            {
                errors.Add($"{path}: must be an integer or a string");
            }

            return;
        }

        switch ((string?)schema["type"])
        {
            case "object":
                CheckObject(value, schema, path, errors);
                break;
            case "array":
                if (value is not JsonArray array)
                {
                    errors.Add($"{path}: must be an array");
                    return;
                }

                for (var i = 0; i < array.Count; i++)
                {
                    if (schema["items"] is JsonObject items)
                    {
                        Check(array[i], items, $"{path}[{i}]", errors);
                    }
                }

                break;
            case "string":
                if (!IsString(value))
                {
                    errors.Add($"{path}: must be a string, not {value.ToJsonString()}");
                    return;
                }

                var text = value.GetValue<string>();
                if (schema["minLength"] is { } minLength && text.Length < minLength.GetValue<long>())
                {
                    errors.Add($"{path}: shorter than {minLength}");
                }

                if (schema["maxLength"] is { } maxLength && text.Length > maxLength.GetValue<long>())
                {
                    errors.Add($"{path}: longer than {maxLength}");
                }

                break;
            case "integer":
            case "number":
                if (!IsInteger(value) && !((string?)schema["type"] == "number" && value.GetValueKind() == System.Text.Json.JsonValueKind.Number))
                {
                    errors.Add($"{path}: must be {(string?)schema["type"]}, not {value.ToJsonString()}");
                    return;
                }

                var number = Number(value);
                if (schema["minimum"] is { } minimum && number < Number(minimum))
                {
                    errors.Add($"{path}: {number} is below the minimum {minimum}");
                }

                if (schema["maximum"] is { } maximum && number > Number(maximum))
                {
                    errors.Add($"{path}: {number} is above the maximum {maximum}");
                }

                break;
            case "boolean":
                if (value.GetValueKind() is not (System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False))
                {
                    errors.Add($"{path}: must be a boolean, not {value.ToJsonString()}");
                }

                break;
            case null when schema["x-kubernetes-preserve-unknown-fields"]?.GetValue<bool>() == true:
                break;
            default:
                errors.Add($"{path}: the schema has no type");
                break;
        }

        if (schema["enum"] is JsonArray allowed && !allowed.Any(a => JsonNode.DeepEquals(a, value)))
        {
            errors.Add($"{path}: {value.ToJsonString()} is not one of {allowed.ToJsonString()}");
        }
    }

    private static void CheckObject(JsonNode value, JsonObject schema, string path, List<string> errors)
    {
        if (value is not JsonObject instance)
        {
            errors.Add($"{path}: must be an object");
            return;
        }

        var properties = schema["properties"]?.AsObject();
        var preserveUnknown = schema["x-kubernetes-preserve-unknown-fields"]?.GetValue<bool>() == true;
        foreach (var (name, child) in instance)
        {
            var childPath = $"{path}.{name}";
            if (properties?[name] is JsonObject childSchema)
            {
                Check(child, childSchema, childPath, errors);
            }
            else if (schema["additionalProperties"] is JsonObject additional)
            {
                Check(child, additional, childPath, errors);
            }
            else if (!preserveUnknown && schema["additionalProperties"]?.GetValueKind() != System.Text.Json.JsonValueKind.True)
            {
                errors.Add($"{childPath}: unknown field");
            }
        }

        CheckRequired(instance, schema, path, errors);
    }

    private static void CheckRequired(JsonObject instance, JsonObject schema, string path, List<string> errors)
    {
        foreach (var required in schema["required"]?.AsArray() ?? [])
        {
            var name = (string)required!;
            if (!instance.ContainsKey(name))
            {
                errors.Add($"{(path.Length == 0 ? name : $"{path}.{name}")}: required");
            }
        }
    }

    private static double Number(JsonNode value) => value.AsValue().TryGetValue<long>(out var integer) ? integer : value.GetValue<double>();

    private static bool IsString(JsonNode value) => value.GetValueKind() == System.Text.Json.JsonValueKind.String;

    private static bool IsInteger(JsonNode value) =>
        value.GetValueKind() == System.Text.Json.JsonValueKind.Number && value.AsValue().TryGetValue<long>(out _);
}
