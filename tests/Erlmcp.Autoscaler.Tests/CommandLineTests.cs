namespace Erlmcp.Autoscaler.Tests;

public class CommandLineTests
{
    [Fact]
    public void Version_prints_the_name_and_the_version()
    {
        var result = CliRunner.Run("version");

        Assert.Equal(0, result.ExitCode);
        Assert.Matches(@"^erlmcp-autoscaler 0\.1\.0(\+[0-9a-f]+)?\n$", result.Output);
    }

    [Theory]
    [InlineData(new[] { "--help" }, "version")]
    [InlineData(new[] { "version", "--help" }, "Print the version")]
    [InlineData(new[] { "hpa", "--help" }, "explain")]
    [InlineData(new[] { "hpa", "explain", "--help" }, "--legacy-tolerance")]
    [InlineData(new[] { "simulate", "--help" }, "--scenario")]
    [InlineData(new[] { "simulate", "--help" }, "--seed")]
    [InlineData(new[] { "trace", "--help" }, "import")]
    [InlineData(new[] { "trace", "import", "--help" }, "--scale")]
    public void Every_verb_has_help(string[] args, string mentions)
    {
        var result = CliRunner.Run(args);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Usage:", result.Output);
        Assert.Contains(mentions, result.Output);
    }

    [Fact]
    public void An_unknown_verb_is_a_usage_error()
    {
        var result = CliRunner.Run("frobnicate");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("frobnicate", result.Error);
    }
}
