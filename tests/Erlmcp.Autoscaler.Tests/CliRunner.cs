using Erlmcp.Autoscaler.Cli;

namespace Erlmcp.Autoscaler.Tests;

/// <summary>Runs the command line in-process, capturing what it writes.</summary>
internal static class CliRunner
{
    public sealed record Result(int ExitCode, string Output, string Error)
    {
        public string[] OutputLines => Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    public static Result Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = CliApplication.Run(args, output, error);
        return new Result(code, output.ToString().Replace("\r\n", "\n", StringComparison.Ordinal), error.ToString());
    }

    /// <summary>Writes <paramref name="content"/> to a temporary file named <paramref name="name"/> and returns its path.</summary>
    public static string TempFile(string name, string content)
    {
        var dir = Directory.CreateTempSubdirectory("erlmcp-cli-");
        var path = Path.Combine(dir.FullName, name);
        File.WriteAllText(path, content);
        return path;
    }
}
