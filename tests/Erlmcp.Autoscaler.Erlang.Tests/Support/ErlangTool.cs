using System.Diagnostics;

namespace Erlmcp.Autoscaler.Erlang.Tests.Support;

/// <summary>Runs the installed Erlang tools (escript, erl) to completion, with a timeout, and returns their output.</summary>
internal static class ErlangTool
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(90);

    public static async Task<string> RunAsync(string program, IEnumerable<string> arguments, TimeSpan? timeout = null)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {program}.");
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(timeout ?? DefaultTimeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', start.ArgumentList)} did not finish within {timeout ?? DefaultTimeout}.");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} exited with {process.ExitCode}: {await errors}\n{await output}");
        }

        return await output;
    }

    /// <summary>Writes an escript to a temporary file and runs it with the given arguments.</summary>
    public static async Task<string> RunEscriptAsync(string source, params string[] arguments)
    {
        var path = Path.Combine(Path.GetTempPath(), $"erlmcp_test_{Guid.NewGuid():N}.escript");
        await File.WriteAllTextAsync(path, source);
        try
        {
            return await RunAsync("escript", [path, .. arguments]);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
