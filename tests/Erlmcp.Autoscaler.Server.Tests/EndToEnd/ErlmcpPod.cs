using System.Globalization;

namespace Erlmcp.Autoscaler.Server.Tests.EndToEnd;

/// <summary>
/// One pod of the in-memory StatefulSet: a real Erlang node (<c>erlmcp_scale_admin_testnode</c>: the agent and a
/// gen_tcp echo listener standing in for erlmcp's) in its own OS process. <see cref="Ready"/> is what its
/// readiness probe last said.
/// </summary>
internal sealed class ErlmcpPod : IAsyncDisposable
{
    /// <summary>erlmcp's <c>max_connections</c>, as the agent reports it.</summary>
    public const int MaxConnections = 25_000;

    private ErlangOsProcess _process;

    private ErlmcpPod(string name, int ordinal, string nodeName, ErlangOsProcess process)
    {
        Name = name;
        Ordinal = ordinal;
        NodeName = nodeName;
        _process = process;
    }

    public string Name { get; }

    public int Ordinal { get; }

    public string NodeName { get; }

    /// <summary>The echo listener clients connect to (changes when the container restarts).</summary>
    public int ListenerPort => int.Parse(_process.ReadyField("listener_port"), CultureInfo.InvariantCulture);

    /// <summary>The agent's HTTP endpoint (<c>/ready</c>).</summary>
    public int ReadinessPort => int.Parse(_process.ReadyField("readiness_port"), CultureInfo.InvariantCulture);

    public bool Ready { get; set; }

    /// <summary>The pod has a deletion timestamp: it is being stopped.</summary>
    public bool Terminating { get; set; }

    /// <summary>The container died and the kubelet has not started it again yet.</summary>
    public bool Crashed { get; private set; }

    public static async Task<ErlmcpPod> StartAsync(string name, int ordinal, string nodeName, string cookie, string codePath) =>
        new(name, ordinal, nodeName, await StartNodeAsync(nodeName, cookie, codePath));

    /// <summary>SIGTERM, as the kubelet stops a deleted pod's container; returns once the VM has exited.</summary>
    public Task TerminateAsync() => _process.TerminateAsync();

    /// <summary>SIGKILL: the node dies at once (an OOM kill, a node failure).</summary>
    public async Task CrashAsync()
    {
        Crashed = true;
        Ready = false;
        await _process.KillAsync();
    }

    /// <summary>The kubelet starts the container again (restartPolicy Always): the same node name, fresh ports.</summary>
    public async Task RestartAsync(string cookie, string codePath)
    {
        var next = await StartNodeAsync(NodeName, cookie, codePath);
        await _process.DisposeAsync();
        _process = next;
        Crashed = false;
    }

    public ValueTask DisposeAsync() => _process.DisposeAsync();

    private static Task<ErlangOsProcess> StartNodeAsync(string nodeName, string cookie, string codePath) =>
        ErlangOsProcess.StartAsync(
            nodeName,
            cookie,
            codePath,
            hidden: false,
            "erlmcp_scale_admin_testnode",
            ["0", "0", MaxConnections.ToString(CultureInfo.InvariantCulture)],
            "erlmcp_scale_admin_testnode ready");
}
