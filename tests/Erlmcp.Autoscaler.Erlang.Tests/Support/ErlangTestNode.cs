using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Erlmcp.Autoscaler.Erlang.Connection;
using Erlmcp.Autoscaler.Erlang.Handshake;

namespace Erlmcp.Autoscaler.Erlang.Tests.Support;

/// <summary>How to start a real Erlang node for a test.</summary>
public sealed record ErlangTestNodeSettings
{
    /// <summary>Use -name alive@127.0.0.1 instead of -sname.</summary>
    public bool LongName { get; init; }

    /// <summary>Pin the distribution port (inet_dist_listen_min = max).</summary>
    public int? DistributionPort { get; init; }

    public int? NetTickTimeSeconds { get; init; }

    /// <summary>More arguments for erl (for example -proto_dist inet_tls ...).</summary>
    public IReadOnlyList<string> ExtraArguments { get; init; } = [];

    /// <summary>The cookie; a random one when null. Nodes that must connect to each other share one.</summary>
    public string? Cookie { get; init; }

    /// <summary>An expression the node evaluates after starting (before it reports ready).</summary>
    public string StartupExpression { get; init; } = "ok";
}

/// <summary>
/// A real Erlang node in its own OS process (erl starts epmd if it is not running). It is killed, with its
/// process tree, on dispose.
/// </summary>
public sealed class ErlangTestNode : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly ErlangTestNodeSettings _settings;
    private Process? _process;

    private ErlangTestNode(ErlangTestNodeSettings settings, string alive, string cookie)
    {
        _settings = settings;
        Alive = alive;
        Cookie = cookie;
        NodeName = $"{alive}@{(settings.LongName ? "127.0.0.1" : ShortHostName())}";
    }

    public string Alive { get; }

    public string NodeName { get; }

    public string Cookie { get; }

    public int? OsProcessId => _process?.Id;

    public static async Task<ErlangTestNode> StartAsync(ErlangTestNodeSettings? settings = null)
    {
        settings ??= new ErlangTestNodeSettings();
        var node = new ErlangTestNode(settings, "test_" + RandomSuffix(), settings.Cookie ?? RandomSuffix() + RandomSuffix());
        await node.StartProcessAsync();
        return node;
    }

    /// <summary>Options for a pool that can reach this node.</summary>
    public ErlangNodeOptions ClientOptions() => new() { Cookie = new ErlangCookie(Cookie) };

    /// <summary>Kills the OS process at once (as a crash or an OOM kill would).</summary>
    public async Task KillAsync()
    {
        if (_process is { } process)
        {
            _process = null;
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            process.Dispose();
        }
    }

    /// <summary>Stops the OS process (SIGSTOP): its sockets stay open but it sends nothing, not even ticks.</summary>
    public void Freeze()
    {
        var pid = _process?.Id ?? throw new InvalidOperationException("The node is not running.");
        using var kill = Process.Start("kill", ["-STOP", pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    /// <summary>Starts the node again under the same name and cookie.</summary>
    public async Task RestartAsync()
    {
        await KillAsync();
        await StartProcessAsync();
    }

    public async ValueTask DisposeAsync() => await KillAsync();

    public static int FreeTcpPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static string ShortHostName()
    {
        var host = Dns.GetHostName();
        var dot = host.IndexOf('.', StringComparison.Ordinal);
        return dot > 0 ? host[..dot] : host;
    }

    private static string RandomSuffix() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(5));

    private async Task StartProcessAsync()
    {
        var start = new ProcessStartInfo("erl")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(_settings.LongName ? "-name" : "-sname");
        start.ArgumentList.Add(_settings.LongName ? NodeName : Alive);
        start.ArgumentList.Add("-setcookie");
        start.ArgumentList.Add(Cookie);
        start.ArgumentList.Add("-noshell");
        if (_settings.DistributionPort is { } port)
        {
            foreach (var argument in new[] { "-kernel", "inet_dist_listen_min", $"{port}", "inet_dist_listen_max", $"{port}" })
            {
                start.ArgumentList.Add(argument);
            }
        }

        if (_settings.NetTickTimeSeconds is { } tick)
        {
            foreach (var argument in new[] { "-kernel", "net_ticktime", $"{tick}" })
            {
                start.ArgumentList.Add(argument);
            }
        }

        foreach (var argument in _settings.ExtraArguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.ArgumentList.Add("-eval");
        start.ArgumentList.Add($"{_settings.StartupExpression}, io:format(\"READY ~s~n\", [node()]).");

        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start erl.");
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var output = new System.Collections.Concurrent.ConcurrentQueue<string>();
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                ready.TrySetException(new InvalidOperationException($"erl for {NodeName} exited before it was ready: {string.Join('\n', output)}"));
                return;
            }

            output.Enqueue(e.Data);
            if (e.Data.StartsWith("READY ", StringComparison.Ordinal))
            {
                ready.TrySetResult();
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
        _process = process;
        try
        {
            await ready.Task.WaitAsync(StartTimeout);
        }
        catch (TimeoutException)
        {
            await KillAsync();
            throw new TimeoutException($"erl for {NodeName} did not start within {StartTimeout}: {string.Join('\n', output)}");
        }
    }
}
