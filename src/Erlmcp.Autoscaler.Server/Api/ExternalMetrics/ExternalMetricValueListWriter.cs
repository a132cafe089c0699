using System.Text.Json;
using Erlmcp.Autoscaler.Server.Api.Json;
using Erlmcp.Autoscaler.Server.Metrics;

namespace Erlmcp.Autoscaler.Server.Api.ExternalMetrics;

/// <summary>Writes an ExternalMetricValueList as external_metrics/v1beta1 does: <c>{metricName, metricLabels, timestamp, window, value}</c>.</summary>
internal static class ExternalMetricValueListWriter
{
    public const string GroupVersion = $"{MetricsApiGroups.ExternalMetrics}/v1beta1";

    private static readonly JsonEncodedText Timestamp = JsonEncodedText.Encode("timestamp");

    public static void Write(Utf8JsonWriter writer, IReadOnlyList<ExternalMetricValue> values)
    {
        writer.WriteStartObject();
        writer.WriteString("kind", "ExternalMetricValueList");
        writer.WriteString("apiVersion", GroupVersion);
        writer.WriteStartObject("metadata");
        writer.WriteEndObject();
        writer.WriteStartArray("items");
        foreach (var value in values)
        {
            writer.WriteStartObject();
            writer.WriteString("metricName", value.MetricName);
            writer.WriteStartObject("metricLabels");
            foreach (var (label, text) in value.MetricLabels.OrderBy(pair => pair.Key, StringComparer.Ordinal))
            {
                writer.WriteString(label, text);
            }

            writer.WriteEndObject();
            KubernetesTime.Write(writer, Timestamp, value.Timestamp);
            if (value.Window is { } window)
            {
                writer.WriteNumber("window", (long)window.TotalSeconds);
            }

            writer.WriteString("value", QuantityText.Utf8(value.Value));
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }
}
