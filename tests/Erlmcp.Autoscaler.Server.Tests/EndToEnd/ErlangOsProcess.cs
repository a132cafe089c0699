using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace Erlmcp.Autoscaler.Server.Tests.EndToEnd;

/// <summary>
/// One <c>erl</c> OS process started with <c>-run Module start_cli ... stdin</c>: it prints a ready line, and halts
/// by itself when its standard input closes, so a test host that dies leaves nothing behind. Stopped with SIGTERM
/// (as the kubelet stops a container: the VM shuts down cleanly) or SIGKILL (a crash); killed on dispose.
/// </summary>
internal sealed class ErlangOsProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(30);

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output;

    private ErlangOsProcess(Process process, ConcurrentQueue<string> output, string readyLine)
    {
        _process = process;
        _output = output;
        ReadyLine = readyLine;
    }

    /// <summary>The line that said the process was ready.</summary>
    public string ReadyLine { get; }

    public bool HasExited => _process.HasExited;

    /// <summary>Starts <c>erl -name NodeName ... -run Module start_cli Arguments stdin</c> and waits for the line starting with <paramref name="readyPrefix"/>.</summary>
    public static async Task<ErlangOsProcess> StartAsync(
        string nodeName, string cookie, string codePath, bool hidden, string module, IReadOnlyList<string> arguments, string readyPrefix)
    {
        var start = new ProcessStartInfo("erl")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        string[] vm = ["-name", nodeName, "-setcookie", cookie, "-noshell", "-pa", codePath, "-kernel", "logger_level", "warning"];
        foreach (var argument in vm.Concat(hidden ? ["-hidden"] : []).Concat(["-run", module, "start_cli"]).Concat(arguments).Append("stdin"))
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start erl for {nodeName}.");
        var output = new ConcurrentQueue<string>();
        var ready = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                ready.TrySetException(new InvalidOperationException($"erl for {nodeName} exited before it was ready: {string.Join('\n', output)}"));
                return;
            }

            output.Enqueue(e.Data);
            if (e.Data.StartsWith(readyPrefix, StringComparison.Ordinal))
            {
                ready.TrySetResult(e.Data);
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                output.Enqueue(e.Data);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            return new ErlangOsProcess(process, output, await ready.Task.WaitAsync(StartTimeout));
        }
        catch
        {
            process.Kill(entireProcessTree: true);
            process.Dispose();
            throw;
        }
    }

    /// <summary>The value of <c>key=value</c> on the ready line.</summary>
    public string ReadyField(string key)
    {
        foreach (var part in ReadyLine.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (part.StartsWith(key + "=", StringComparison.Ordinal))
            {
                return part[(key.Length + 1)..];
            }
        }

        throw new InvalidOperationException($"the ready line \"{ReadyLine}\" has no {key}=");
    }

    /// <summary>SIGTERM, then waits for the VM to exit (init:stop closes every socket it holds).</summary>
    public Task TerminateAsync() => SignalAsync("TERM");

    /// <summary>SIGKILL: the process dies at once and the kernel closes its sockets.</summary>
    public Task KillAsync() => SignalAsync("KILL");

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private async Task SignalAsync(string signal)
    {
        if (_process.HasExited)
        {
            return;
        }

        using (var kill = Process.Start("kill", ["-" + signal, _process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        using var deadline = new CancellationTokenSource(StopTimeout);
        try
        {
            await _process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            throw new TimeoutException($"erl did not exit within {StopTimeout} of SIG{signal}: {string.Join('\n', _output)}");
        }
    }
}
