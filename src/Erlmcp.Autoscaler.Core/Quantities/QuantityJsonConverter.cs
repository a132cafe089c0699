using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Erlmcp.Autoscaler.Core.Quantities;

/// <summary>
/// Reads a quantity from a JSON string (<c>"500m"</c>, blanks around it ignored) or number (<c>0.05</c>, read
/// from its text, not through a double), as Kubernetes does; null reads as zero. Writes the canonical string.
/// </summary>
public sealed class QuantityJsonConverter : JsonConverter<Quantity>
{
    public override bool HandleNull => true;

    public override Quantity Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.TokenType switch
        {
            JsonTokenType.Null => null,
            JsonTokenType.String => reader.GetString()!.Trim(),
            JsonTokenType.Number => Encoding.UTF8.GetString(reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan),
            _ => throw new JsonException($"a quantity must be a JSON string or number, not {reader.TokenType}"),
        };
        if (text is null)
        {
            return default;
        }

        try
        {
            return Quantity.Parse(text);
        }
        catch (QuantityFormatException e)
        {
            throw new JsonException(e.Message, e);
        }
    }

    public override void Write(Utf8JsonWriter writer, Quantity value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value.ToString());
    }
}
