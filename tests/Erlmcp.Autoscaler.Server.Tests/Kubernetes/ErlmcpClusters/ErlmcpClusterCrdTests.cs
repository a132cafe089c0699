using Erlmcp.Autoscaler.Core.Connections;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Erlmcp.Autoscaler.Core.Scaling;
using Erlmcp.Autoscaler.Server.Kubernetes.ErlmcpClusters;
using k8s;
using k8s.Models;

namespace Erlmcp.Autoscaler.Server.Tests.Kubernetes.ErlmcpClusters;

/// <summary>The CRD in deploy/base/crds and the C# model say the same: names, types and defaults.</summary>
public sealed class ErlmcpClusterCrdTests
{
    private static readonly V1CustomResourceDefinition Crd = KubernetesYaml.Deserialize<V1CustomResourceDefinition>(File.ReadAllText(CrdPath()));

    private static readonly JsonObject Schema = JsonNode.Parse(KubernetesJson.Serialize(Crd.Spec.Versions.Single().Schema.OpenAPIV3Schema))!.AsObject();

    [Fact]
    public void TheCrdServesErlmcpClusterWithStatusAndScaleSubresources()
    {
        Assert.Equal("erlmcpclusters.erlmcp.io", Crd.Metadata.Name);
        Assert.Equal((ErlmcpCluster.Group, "Namespaced"), (Crd.Spec.Group, Crd.Spec.Scope));
        Assert.Equal((ErlmcpCluster.KindName, ErlmcpCluster.Plural, "erlmcpcluster"), (Crd.Spec.Names.Kind, Crd.Spec.Names.Plural, Crd.Spec.Names.Singular));
        Assert.Equal(["emc"], Crd.Spec.Names.ShortNames);
        var version = Crd.Spec.Versions.Single();
        Assert.Equal((ErlmcpCluster.Version, true, true), (version.Name, version.Served, version.Storage));
        Assert.NotNull(version.Subresources.Status);
        var scale = version.Subresources.Scale;
        Assert.Equal((".spec.replicas", ".status.replicas", ".status.selector"), (scale.SpecReplicasPath, scale.StatusReplicasPath, scale.LabelSelectorPath));
        Assert.Equal(
            ["Desired integer .spec.replicas", "Replicas integer .status.replicas", "Phase string .status.phase", "Age date .metadata.creationTimestamp"],
            version.AdditionalPrinterColumns.Select(c => $"{c.Name} {c.Type} {c.JsonPath}"));
    }

    [Fact]
    public void EveryModelPropertyIsInTheSchemaWithTheSameTypeAndViceVersa()
    {
        var mismatches = new List<string>();
        Compare(typeof(ErlmcpCluster), Schema, "", mismatches);
        Assert.Empty(mismatches);
    }

    [Fact]
    public void StatusPlanKeepsUnknownFieldsAndConditionsHaveTheMetav1ConditionShape()
    {
        var status = Schema["properties"]!["status"]!["properties"]!;
        Assert.True(status["plan"]!["x-kubernetes-preserve-unknown-fields"]!.GetValue<bool>());
        var condition = status["conditions"]!["items"]!;
        Assert.Equal(["type", "status", "lastTransitionTime", "reason", "message"], condition["required"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Equal(["True", "False", "Unknown"], condition["properties"]!["status"]!["enum"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Equal(Enum.GetNames<PlanPhase>(), status["phase"]!["enum"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Equal(Enum.GetNames<NodeState>(), status["pods"]!["items"]!["properties"]!["nodeState"]!["enum"]!.AsArray().Select(n => n!.GetValue<string>()));
    }

    [Fact]
    public void DeadlinePolicyIsAnEnumOfThePlannersPolicies()
    {
        var policy = Schema["properties"]!["spec"]!["properties"]!["drain"]!["properties"]!["deadlinePolicy"]!;
        Assert.Equal(Enum.GetNames<DeadlinePolicy>(), policy["enum"]!.AsArray().Select(n => n!.GetValue<string>()));
    }

    [Fact]
    public void TheSchemaDefaultsFillEveryFieldWithThePlannersDefaults()
    {
        // What the API server stores for "spec: {replicas: 3}".
        var spec = new JsonObject { ["replicas"] = 3 };
        ApplyDefaults(Schema["properties"]!["spec"]!, spec);
        var model = KubernetesJson.Deserialize<V1Alpha1ErlmcpClusterSpec>(spec.ToJsonString());

        Assert.Empty(NullProperties(model, "spec"));
        var (mapped, nodeNames) = ErlmcpClusterSpecMapping.ToClusterSpec(model);
        Assert.Equal(JsonSerializer.Serialize(new ClusterSpec { DesiredReplicas = 3 }), JsonSerializer.Serialize(mapped));
        Assert.Equal(NodeNameTemplate.Default, nodeNames.Text);
        Assert.Equal("erlmcp@{pod}.erlmcp-headless.{namespace}.svc.cluster.local", model.NodeNameTemplate);
        Assert.Equal(10, model.Rebalance!.RelativeThresholdPercent);
    }

    /// <summary>The API server's structural defaulting: a missing property takes its default, then objects are walked.</summary>
    private static void ApplyDefaults(JsonNode schema, JsonObject value)
    {
        foreach (var (name, property) in schema["properties"]!.AsObject())
        {
            if (!value.ContainsKey(name) && property!["default"] is { } fallback)
            {
                value[name] = fallback.DeepClone();
            }

            if (value[name] is JsonObject child && property!["properties"] is not null)
            {
                ApplyDefaults(property, child);
            }
        }
    }

    private static IEnumerable<string> NullProperties(object value, string path)
    {
        foreach (var property in value.GetType().GetProperties())
        {
            var name = $"{path}.{property.GetCustomAttribute<JsonPropertyNameAttribute>()!.Name}";
            var inner = property.GetValue(value);
            if (inner is null)
            {
                yield return name;
            }
            else if (property.PropertyType.IsClass && property.PropertyType != typeof(string) && !IsList(property.PropertyType))
            {
                foreach (var missing in NullProperties(inner, name))
                {
                    yield return missing;
                }
            }
        }
    }

    private static void Compare(Type model, JsonNode schema, string path, List<string> mismatches)
    {
        var modelProperties = model.GetProperties()
            .Select(p => (Property: p, Name: p.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name))
            .Where(p => p.Name is not null)
            .ToDictionary(p => p.Name!, p => p.Property.PropertyType);
        var schemaProperties = schema["properties"]?.AsObject() ?? [];
        foreach (var name in modelProperties.Keys.Except(schemaProperties.Select(p => p.Key)))
        {
            mismatches.Add($"{path}.{name} is in the model, not in the schema");
        }

        foreach (var name in schemaProperties.Select(p => p.Key).Except(modelProperties.Keys))
        {
            mismatches.Add($"{path}.{name} is in the schema, not in the model");
        }

        foreach (var (name, type) in modelProperties)
        {
            if (schemaProperties[name] is { } property)
            {
                CompareValue(type, property, $"{path}.{name}", mismatches);
            }
        }
    }

    private static void CompareValue(Type type, JsonNode schema, string path, List<string> mismatches)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        var schemaType = schema["type"]?.GetValue<string>();
        var (expected, element) = JsonType(type);
        if (schemaType != expected)
        {
            mismatches.Add($"{path}: the model's {type.Name} is {expected}, the schema says {schemaType}");
            return;
        }

        if (type == typeof(JsonElement))
        {
            if (schema["x-kubernetes-preserve-unknown-fields"]?.GetValue<bool>() != true)
            {
                mismatches.Add($"{path}: free-form in the model, but the schema does not preserve unknown fields");
            }
        }
        else if (element is not null)
        {
            CompareValue(element, schema["items"]!, path + "[]", mismatches);
        }
        else if (expected == "object" && type != typeof(V1ObjectMeta))
        {
            Compare(type, schema, path, mismatches);
        }
    }

    private static (string JsonType, Type? Element) JsonType(Type type)
    {
        if (type == typeof(int) || type == typeof(long))
        {
            return ("integer", null);
        }

        if (type == typeof(string) || type == typeof(DateTime))
        {
            return ("string", null);
        }

        if (type == typeof(bool))
        {
            return ("boolean", null);
        }

        return IsList(type) ? ("array", type.GetGenericArguments()[0]) : ("object", null);
    }

    private static bool IsList(Type type) => type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IList<>);

    private static string CrdPath()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "deploy", "base", "crds", "erlmcpclusters.erlmcp.io.yaml");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException($"deploy/base/crds/erlmcpclusters.erlmcp.io.yaml is not in any parent of {AppContext.BaseDirectory}");
    }
}
