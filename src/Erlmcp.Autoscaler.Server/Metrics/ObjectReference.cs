namespace Erlmcp.Autoscaler.Server.Metrics;

/// <summary>The object a custom metric value describes (core/v1 ObjectReference, the fields the metrics APIs use).</summary>
public readonly record struct ObjectReference(string Kind, string? Namespace, string Name, string ApiVersion)
{
    public static ObjectReference ForPod(string @namespace, string name) => new("Pod", @namespace, name, "v1");

    public static ObjectReference ForStatefulSet(string @namespace, string name) => new("StatefulSet", @namespace, name, "apps/v1");

    public static ObjectReference ForNamespace(string name) => new("Namespace", null, name, "v1");
}
