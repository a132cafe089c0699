using System.Diagnostics;

namespace Erlmcp.Autoscaler.Deploy.Tests.Infrastructure;

/// <summary>Runs a tool to completion and returns what it printed; a non-zero exit is an exception with its stderr.</summary>
internal static class ProcessRunner
{
    public sealed record Result(int ExitCode, string Output, string Error);

    public static Result Run(string fileName, IEnumerable<string> arguments, string workingDirectory, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {fileName}");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} {string.Join(' ', start.ArgumentList)} did not finish within {timeout}");
        }

        return new Result(process.ExitCode, output.Result, error.Result);
    }

    public static string RunChecked(string fileName, IEnumerable<string> arguments, string workingDirectory, TimeSpan timeout)
    {
        var result = Run(fileName, arguments, workingDirectory, timeout);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"{fileName} {string.Join(' ', arguments)} (in {workingDirectory}) exited {result.ExitCode}: {result.Error}{result.Output}");
        }

        return result.Output;
    }
}
