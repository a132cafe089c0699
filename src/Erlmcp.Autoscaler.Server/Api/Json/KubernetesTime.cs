using System.Globalization;
using System.Text.Json;

namespace Erlmcp.Autoscaler.Server.Api.Json;

/// <summary>metav1.Time on the wire: RFC 3339 in UTC to the second, e.g. <c>2025-06-01T12:00:00Z</c> (fractions are cut, as Go's time.RFC3339 does).</summary>
internal static class KubernetesTime
{
    public static void Write(Utf8JsonWriter writer, JsonEncodedText property, DateTimeOffset time)
    {
        // The sortable standard format ("s") is yyyy-MM-ddTHH:mm:ss without fractions, and .NET formats it without
        // parsing a pattern: this runs once per value in a list of a thousand pods.
        Span<byte> text = stackalloc byte[24];
        time.UtcDateTime.TryFormat(text, out var length, "s", CultureInfo.InvariantCulture);
        text[length++] = (byte)'Z';
        writer.WriteString(property, text[..length]);
    }
}
