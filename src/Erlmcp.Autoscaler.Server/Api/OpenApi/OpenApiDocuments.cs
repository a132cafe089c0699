using System.Security.Cryptography;
using System.Text.Json;
using Erlmcp.Autoscaler.Server.Api.Json;

namespace Erlmcp.Autoscaler.Server.Api.OpenApi;

/// <summary>
/// The OpenAPI documents kube-aggregator fetches from an aggregated server and merges into the cluster's: a minimal
/// Swagger 2.0 document at <c>/openapi/v2</c>; at <c>/openapi/v3</c> the discovery of one OpenAPI 3.0 document per
/// group version, each linked with the hash of its content (upper-case hex SHA-512, as kube-apiserver links them).
/// The metric lists are not OpenAPI-described types, so the documents carry no paths.
/// </summary>
internal sealed class OpenApiDocuments
{
    public OpenApiDocuments()
    {
        var version = Health.HealthEndpoints.CurrentVersion().GitVersion;
        V2 = Document(writer =>
        {
            writer.WriteString("swagger", "2.0");
            WriteInfo(writer, version);
            writer.WriteStartObject("paths");
            writer.WriteEndObject();
        });

        var groupVersions = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var (group, versions) in new[] { (MetricsApiGroups.CustomMetrics, MetricsApiGroups.CustomMetricsVersions), (MetricsApiGroups.ExternalMetrics, MetricsApiGroups.ExternalMetricsVersions) })
        {
            foreach (var groupVersion in versions)
            {
                groupVersions[$"apis/{group}/{groupVersion}"] = Document(writer =>
                {
                    writer.WriteString("openapi", "3.0.0");
                    WriteInfo(writer, version);
                    writer.WriteStartObject("paths");
                    writer.WriteEndObject();
                });
            }
        }

        V3GroupVersions = groupVersions;
        V3Discovery = Document(writer =>
        {
            writer.WriteStartObject("paths");
            foreach (var (path, document) in groupVersions)
            {
                writer.WriteStartObject(path);
                writer.WriteString("serverRelativeURL", $"/openapi/v3/{path}?hash={Convert.ToHexString(SHA512.HashData(document))}");
                writer.WriteEndObject();
            }

            writer.WriteEndObject();
        });
    }

    public byte[] V2 { get; }

    public byte[] V3Discovery { get; }

    /// <summary>The OpenAPI 3.0 document of each group version, by path (<c>apis/custom.metrics.k8s.io/v1beta2</c>).</summary>
    public IReadOnlyDictionary<string, byte[]> V3GroupVersions { get; }

    private static void WriteInfo(Utf8JsonWriter writer, string version)
    {
        writer.WriteStartObject("info");
        writer.WriteString("title", "erlmcp-autoscaler metrics API");
        writer.WriteString("version", version);
        writer.WriteEndObject();
    }

    private static byte[] Document(Action<Utf8JsonWriter> writeFields)
    {
        using var buffer = new PooledBufferWriter(512);
        ApiJson.Write(buffer, writeFields, static (writer, write) =>
        {
            writer.WriteStartObject();
            write(writer);
            writer.WriteEndObject();
        });
        return buffer.WrittenSpan.ToArray();
    }
}
