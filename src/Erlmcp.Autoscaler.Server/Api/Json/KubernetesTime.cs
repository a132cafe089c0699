using System.Globalization;
using System.Text.Json;

namespace Erlmcp.Autoscaler.Server.Api.Json;

/// <summary>metav1.Time on the wire: RFC 3339 in UTC to the second, e.g. <c>2025-06-01T12:00:00Z</c> (fractions are cut, as Go's time.RFC3339 does).</summary>
internal static class KubernetesTime
{
    private const string Layout = "yyyy'-'MM'-'dd'T'HH':'mm':'ss'Z'";

    public static void Write(Utf8JsonWriter writer, JsonEncodedText property, DateTimeOffset time)
    {
        Span<byte> text = stackalloc byte[32];
        time.UtcDateTime.TryFormat(text, out var length, Layout, CultureInfo.InvariantCulture);
        writer.WriteString(property, text[..length]);
    }

    public static string Format(DateTimeOffset time) => time.UtcDateTime.ToString(Layout, CultureInfo.InvariantCulture);
}
