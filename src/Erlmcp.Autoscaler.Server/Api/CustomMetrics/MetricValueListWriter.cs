using System.Text.Json;
using Erlmcp.Autoscaler.Server.Api.Json;
using Erlmcp.Autoscaler.Server.Api.Selectors;
using Erlmcp.Autoscaler.Server.Metrics;

namespace Erlmcp.Autoscaler.Server.Api.CustomMetrics;

/// <summary>
/// Writes a MetricValueList field for field as the Go types of k8s.io/metrics do. v1beta1 values carry
/// <c>metricName</c>, <c>window</c> and a trailing <c>selector</c>; v1beta2 values carry <c>metric: {name, selector}</c>
/// and <c>windowSeconds</c>. A selector that was not given is written as null, as upstream does.
/// </summary>
internal static class MetricValueListWriter
{
    private static readonly JsonEncodedText Kind = JsonEncodedText.Encode("kind");
    private static readonly JsonEncodedText ApiVersion = JsonEncodedText.Encode("apiVersion");
    private static readonly JsonEncodedText Metadata = JsonEncodedText.Encode("metadata");
    private static readonly JsonEncodedText Items = JsonEncodedText.Encode("items");
    private static readonly JsonEncodedText MetricValueListKind = JsonEncodedText.Encode("MetricValueList");
    private static readonly JsonEncodedText DescribedObject = JsonEncodedText.Encode("describedObject");
    private static readonly JsonEncodedText Namespace = JsonEncodedText.Encode("namespace");
    private static readonly JsonEncodedText Name = JsonEncodedText.Encode("name");
    private static readonly JsonEncodedText MetricName = JsonEncodedText.Encode("metricName");
    private static readonly JsonEncodedText Metric = JsonEncodedText.Encode("metric");
    private static readonly JsonEncodedText Selector = JsonEncodedText.Encode("selector");
    private static readonly JsonEncodedText Timestamp = JsonEncodedText.Encode("timestamp");
    private static readonly JsonEncodedText Window = JsonEncodedText.Encode("window");
    private static readonly JsonEncodedText WindowSeconds = JsonEncodedText.Encode("windowSeconds");
    private static readonly JsonEncodedText Value = JsonEncodedText.Encode("value");

    public static void Write(Utf8JsonWriter writer, CustomMetricsVersion version, ReadOnlySpan<MetricValue> values)
    {
        var beta2 = version == CustomMetricsVersion.V1Beta2;
        writer.WriteStartObject();
        writer.WriteString(Kind, MetricValueListKind);
        writer.WriteString(ApiVersion, version.GroupVersion);
        writer.WriteStartObject(Metadata);
        writer.WriteEndObject();
        writer.WriteStartArray(Items);
        foreach (ref readonly var value in values)
        {
            writer.WriteStartObject();
            WriteDescribedObject(writer, value.DescribedObject);
            if (beta2)
            {
                writer.WriteStartObject(Metric);
                writer.WriteString(Name, value.Metric.Name);
                WriteSelector(writer, value.Metric);
                writer.WriteEndObject();
            }
            else
            {
                writer.WriteString(MetricName, value.Metric.Name);
            }

            KubernetesTime.Write(writer, Timestamp, value.Timestamp);
            if (value.Window is { } window)
            {
                writer.WriteNumber(beta2 ? WindowSeconds : Window, (long)window.TotalSeconds);
            }

            writer.WriteString(Value, QuantityText.Utf8(value.Value));
            if (!beta2)
            {
                WriteSelector(writer, value.Metric);
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteDescribedObject(Utf8JsonWriter writer, in ObjectReference described)
    {
        writer.WriteStartObject(DescribedObject);
        writer.WriteString(Kind, described.Kind);
        if (!string.IsNullOrEmpty(described.Namespace))
        {
            writer.WriteString(Namespace, described.Namespace);
        }

        writer.WriteString(Name, described.Name);
        writer.WriteString(ApiVersion, described.ApiVersion);
        writer.WriteEndObject();
    }

    private static void WriteSelector(Utf8JsonWriter writer, MetricIdentifier metric)
    {
        writer.WritePropertyName(Selector);
        if (metric.Selector is null)
        {
            writer.WriteNullValue();
        }
        else
        {
            LabelSelectorJson.Write(writer, metric.Selector);
        }
    }
}
