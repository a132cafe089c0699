using System.Text.Json;
using Erlmcp.Autoscaler.Core.Quantities;

namespace Erlmcp.Autoscaler.Core.Tests.Quantities;

/// <summary>Upstream TestJSONWhitespace and the JSON forms Kubernetes accepts: strings and bare numbers.</summary>
public class QuantityJsonTests
{
    private sealed record Limits(Quantity Tolerance, Quantity Cpu, Quantity? Memory);

    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    [Theory]
    [InlineData("\" 1\"", "1")]
    [InlineData("\"1 \"", "1")]
    [InlineData("1", "1")]
    [InlineData(" 1", "1")]
    [InlineData("1 ", "1")]
    [InlineData("10", "10")]
    [InlineData("-1", "-1")]
    [InlineData(" -1", "-1")]
    [InlineData("0.05", "50m")]
    [InlineData("1e3", "1e3")]
    [InlineData("1.5E-3", "1500e-6")]
    [InlineData("\"500m\"", "500m")]
    [InlineData("null", "0")]
    public void TestJSONWhitespace(string json, string expected)
    {
        Assert.Equal(expected, JsonSerializer.Deserialize<Quantity>(json).ToString());
    }

    [Fact]
    public void Reads_numbers_and_strings_and_writes_canonical_strings()
    {
        var limits = JsonSerializer.Deserialize<Limits>("""{"tolerance": 0.05, "cpu": "0.5", "memory": "1024Mi"}""", Web)!;

        Assert.Equal(Quantity.Parse("50m"), limits.Tolerance);
        Assert.Equal(Quantity.Parse("500m"), limits.Cpu);
        Assert.Equal("""{"tolerance":"50m","cpu":"500m","memory":"1Gi"}""", JsonSerializer.Serialize(limits, Web));
    }

    [Fact]
    public void A_null_nullable_quantity_stays_null()
    {
        var limits = JsonSerializer.Deserialize<Limits>("""{"tolerance": "1", "cpu": "1", "memory": null}""", Web)!;

        Assert.Null(limits.Memory);
    }

    [Fact]
    public void A_malformed_quantity_names_the_string_and_the_property()
    {
        var error = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<Limits>("""{"tolerance": "0.1mi", "cpu": "1"}""", Web));

        Assert.Contains("invalid quantity \"0.1mi\": unable to parse quantity's suffix \"mi\"", error.Message, StringComparison.Ordinal);
        Assert.Equal("$.tolerance", error.Path);
        Assert.IsType<QuantityFormatException>(error.InnerException);
    }

    [Fact]
    public void Other_json_tokens_are_rejected()
    {
        var error = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<Quantity>("true"));

        Assert.Contains("a quantity must be a JSON string or number, not True", error.Message, StringComparison.Ordinal);
    }
}
