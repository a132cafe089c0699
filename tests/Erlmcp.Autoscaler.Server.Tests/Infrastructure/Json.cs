using System.Text.Json;
using System.Text.Json.Nodes;

namespace Erlmcp.Autoscaler.Server.Tests.Infrastructure;

internal static class Json
{
    /// <summary>
    /// The exact text the server must send for <paramref name="expected"/>: the same fields in the same order,
    /// written compactly, with the closing newline Go's encoder adds.
    /// </summary>
    public static string Exactly(string expected) => JsonNode.Parse(expected)!.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n";

    public static async Task<(int Code, string Body, string? ContentType)> GetAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync(), response.Content.Headers.ContentType?.ToString());
    }
}
