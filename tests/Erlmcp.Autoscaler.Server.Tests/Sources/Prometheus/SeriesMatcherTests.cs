using System.Text;
using Erlmcp.Autoscaler.Server.Sources.Prometheus;

namespace Erlmcp.Autoscaler.Server.Tests.Sources.Prometheus;

public sealed class SeriesMatcherTests
{
    private const string Exposition = """
        erlmcp_connections{listener="tcp",node="a"} 10
        erlmcp_connections{listener="ws"} 20
        erlmcp_connections{listener="admin"} 1
        erlmcp_connections 4
        erlmcp_connections{listener="quote\"d"} 100

        """;

    [Theory]
    [InlineData("", 135)]
    [InlineData("listener!=\"admin\"", 134)]
    [InlineData("{listener!=\"admin\"}", 134)]
    [InlineData("listener=\"tcp\"", 10)]
    [InlineData("listener=\"\"", 4)]
    [InlineData("listener=~\"tcp|ws\"", 30)]
    [InlineData("listener!~\"t.*\"", 125)]
    [InlineData("listener=~\"t\"", 0)]
    [InlineData("listener=\"quote\\\"d\"", 100)]
    [InlineData(" listener != \"admin\" , node = \"a\" ", 10)]
    public void Picks_the_series_PromQL_would(string matchers, double sum)
    {
        var sink = new ConnectionSum("erlmcp_connections", SeriesMatcher.Parse(matchers));

        PrometheusTextParser.Parse(Encoding.UTF8.GetBytes(Exposition), sink);

        Assert.Equal(sum, sink.Total);
    }

    [Theory]
    [InlineData("listener", "invalid label matchers \"listener\" at position 8: expected =, !=, =~ or !~ after listener")]
    [InlineData("listener=admin", "invalid label matchers \"listener=admin\" at position 9: expected '\"' to open a label value")]
    [InlineData("listener=\"admin", "invalid label matchers \"listener=\"admin\" at position 15: the label value is not closed by '\"'")]
    [InlineData("a=\"1\" b=\"2\"", "invalid label matchers \"a=\"1\" b=\"2\"\" at position 6: expected ',' between matchers")]
    [InlineData("{a=\"1\"", "invalid label matchers \"{a=\"1\"\" at position 6: expected '}'")]
    [InlineData("1a=\"1\"", "invalid label matchers \"1a=\"1\"\" at position 0: expected a label name")]
    [InlineData("a=\"\\q\"", "invalid label matchers \"a=\"\\q\"\" at position 3: unknown escape sequence \\q")]
    public void A_malformed_matcher_set_says_where(string text, string message)
    {
        var error = Assert.Throws<FormatException>(() => SeriesMatcher.Parse(text));

        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void An_invalid_regular_expression_is_named()
    {
        var error = Assert.Throws<FormatException>(() => SeriesMatcher.Parse("listener=~\"(\""));

        Assert.StartsWith("invalid label matchers \"listener=~\"(\"\" at position 0: the regular expression of listener is invalid: ", error.Message, StringComparison.Ordinal);
    }
}
