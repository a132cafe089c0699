using System.Globalization;
using Erlmcp.Autoscaler.Core.Labels;
using Erlmcp.Autoscaler.Server.Connections;
using Externalscaler;
using Grpc.Core;

namespace Erlmcp.Autoscaler.Server.Keda;

/// <summary>
/// What a ScaledObject's <c>external</c> trigger asks for, read from its metadata (KEDA passes the trigger's
/// <c>metadata</c> map as <see cref="ScaledObjectRef.ScalerMetadata"/>). Keys not listed here (KEDA's own, such as
/// <c>scalerAddress</c>) are ignored. A bad value is a gRPC <see cref="StatusCode.InvalidArgument"/> naming the key.
/// </summary>
internal sealed record ScalerMetadata(
    string Namespace, string? StatefulSet, LabelSelector LabelSelector, string MetricName, double TargetConnectionsPerPod, double ActivationConnections)
{
    public const string NamespaceKey = "namespace";
    public const string StatefulSetKey = "statefulSet";
    public const string LabelSelectorKey = "labelSelector";
    public const string MetricNameKey = "metricName";
    public const string TargetConnectionsPerPodKey = "targetConnectionsPerPod";
    public const string ActivationConnectionsKey = "activationConnections";

    /// <summary>Open connections of the selected pods, summed: for KEDA's default <c>metricType: AverageValue</c>.</summary>
    public const string TotalMetric = ConnectionMetricNames.Total;

    /// <summary>Open connections per selected pod (the sum over the pod count): for <c>metricType: Value</c>.</summary>
    public const string PerPodMetric = "erlmcp_connections_per_pod";

    public const double DefaultTargetConnectionsPerPod = 20_000;

    /// <exception cref="RpcException">InvalidArgument: a key has a bad value, or no namespace is known.</exception>
    public static ScalerMetadata Read(ScaledObjectRef? scaledObject)
    {
        if (scaledObject is null)
        {
            throw Invalid("scaledObjectRef", "is required");
        }

        var metadata = scaledObject.ScalerMetadata;
        var @namespace = Optional(metadata, NamespaceKey) ?? scaledObject.Namespace;
        if (string.IsNullOrEmpty(@namespace))
        {
            throw Invalid(NamespaceKey, "is required when the ScaledObject reference has no namespace");
        }

        var statefulSet = Optional(metadata, StatefulSetKey);
        var metricName = Optional(metadata, MetricNameKey) ?? TotalMetric;
        if (metricName is not TotalMetric and not PerPodMetric)
        {
            throw Invalid(MetricNameKey, $"\"{metricName}\" is not {TotalMetric} or {PerPodMetric}");
        }

        var target = Number(metadata, TargetConnectionsPerPodKey, DefaultTargetConnectionsPerPod);
        if (target <= 0)
        {
            throw Invalid(TargetConnectionsPerPodKey, $"{Format(target)} must be positive");
        }

        var activation = Number(metadata, ActivationConnectionsKey, 0);
        if (activation < 0)
        {
            throw Invalid(ActivationConnectionsKey, $"{Format(activation)} must not be negative");
        }

        return new ScalerMetadata(@namespace, statefulSet, Selector(metadata), metricName, target, activation);
    }

    /// <summary>The value KEDA compares with the target: the total, or the total per pod.</summary>
    internal double MetricValue(ConnectionTotal total) =>
        MetricName == PerPodMetric ? (double)total.Connections / total.Pods : total.Connections;

    /// <summary>What the trigger selects, for messages: <c>namespace erlmcp, StatefulSet erlmcp, pods matching app=erlmcp</c>.</summary>
    public string Describe()
    {
        var text = $"namespace {Namespace}";
        if (StatefulSet is not null)
        {
            text += $", StatefulSet {StatefulSet}";
        }

        return LabelSelector.IsEmpty ? text : $"{text}, pods matching {LabelSelector}";
    }

    public static RpcException Invalid(string key, string problem) => new(new Status(StatusCode.InvalidArgument, $"scaler metadata {key}: {problem}"));

    private static string? Optional(IDictionary<string, string> metadata, string key) =>
        metadata.TryGetValue(key, out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

    private static LabelSelector Selector(IDictionary<string, string> metadata)
    {
        if (Optional(metadata, LabelSelectorKey) is not { } text)
        {
            return LabelSelector.Everything;
        }

        try
        {
            return LabelSelector.Parse(text);
        }
        catch (LabelSelectorException e)
        {
            throw Invalid(LabelSelectorKey, e.Message);
        }
    }

    private static double Number(IDictionary<string, string> metadata, string key, double fallback)
    {
        if (Optional(metadata, key) is not { } text)
        {
            return fallback;
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value)
            ? value
            : throw Invalid(key, $"\"{text}\" is not a number");
    }

    private static string Format(double value) => value.ToString(CultureInfo.InvariantCulture);
}
