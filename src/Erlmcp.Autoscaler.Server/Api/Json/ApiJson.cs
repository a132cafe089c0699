using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Erlmcp.Autoscaler.Server.Api.Discovery;
using Erlmcp.Autoscaler.Server.Api.Status;

namespace Erlmcp.Autoscaler.Server.Api.Json;

/// <summary>
/// JSON as the Kubernetes API writes it: camelCase names, absent optional fields left out, one document per
/// response ending in a newline (Go's json.Encoder). Quotes in messages stay readable (<c>\"</c>, not <c>\u0022</c>):
/// these are API responses, never embedded in HTML.
/// </summary>
internal static class ApiJson
{
    public const string ContentType = "application/json";

    public static readonly JavaScriptEncoder Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;

    public static readonly JsonWriterOptions WriterOptions = new() { Encoder = Encoder };

    public static readonly ApiJsonContext Context = new(new JsonSerializerOptions(ApiJsonContext.Default.Options) { Encoder = Encoder });

    /// <summary>A document serialized once, newline included.</summary>
    public static byte[] Serialize<T>(T value, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> typeInfo)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(value, typeInfo);
        return [.. json, (byte)'\n'];
    }

    /// <summary>Writes a document with <paramref name="write"/> into <paramref name="buffer"/>, newline included.</summary>
    public static void Write<TState>(PooledBufferWriter buffer, TState state, Action<Utf8JsonWriter, TState> write)
    {
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            write(writer, state);
        }

        buffer.GetSpan(1)[0] = (byte)'\n';
        buffer.Advance(1);
    }

    public static Task RespondAsync(HttpContext context, int statusCode, ReadOnlyMemory<byte> body)
    {
        var response = context.Response;
        response.StatusCode = statusCode;
        response.ContentType = ContentType;
        response.ContentLength = body.Length;
        return response.Body.WriteAsync(body, context.RequestAborted).AsTask();
    }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(StatusDocument))]
[JsonSerializable(typeof(ApiGroupList))]
[JsonSerializable(typeof(ApiGroup))]
[JsonSerializable(typeof(ApiResourceList))]
[JsonSerializable(typeof(VersionInfo))]
internal sealed partial class ApiJsonContext : JsonSerializerContext;
