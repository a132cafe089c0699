using Erlmcp.Autoscaler.Core.Scaling;
using Erlmcp.Autoscaler.Erlang.Connection;
using Erlmcp.Autoscaler.Erlang.Errors;
using Erlmcp.Autoscaler.Erlang.Terms;
using Erlmcp.Autoscaler.Server.Sources.Erlang;

namespace Erlmcp.Autoscaler.Server.Coordinator;

/// <summary>
/// <see cref="INodeAdmin"/> over the Erlang distribution client: each call is an <c>rpc:call</c> of
/// <c>erlmcp_scale_admin</c> on the node, through one shared <see cref="ErlangConnectionPool"/>, with
/// <see cref="CallTimeout"/> as its deadline.
/// </summary>
public sealed class ErlangNodeAdmin : INodeAdmin
{
    private const string Module = ScaleAdminProtocol.Module;

    private readonly ErlangConnectionPool _pool;

    public ErlangNodeAdmin(ErlangConnectionPool pool, TimeSpan callTimeout)
    {
        ArgumentNullException.ThrowIfNull(pool);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(callTimeout, TimeSpan.Zero);
        _pool = pool;
        CallTimeout = callTimeout;
    }

    /// <summary>The most one call may take, connecting included.</summary>
    public TimeSpan CallTimeout { get; }

    public async Task<NodeReport> StatusAsync(string node, CancellationToken cancellationToken)
    {
        const string call = "status";
        var status = await CallAsync(node, call, [], cancellationToken).ConfigureAwait(false);
        return Read(node, call, () =>
        {
            var shed = status["shed"].AsMap();
            return new NodeReport(
                status["node"].AsAtom(),
                ParseState(status["state"].AsAtom()),
                status["accepting"].AsBool(),
                status["connections"].AsLong(),
                status["limit"].AsLong(),
                [.. status["cluster_nodes"].AsList().Select(peer => peer.AsAtom())],
                [.. shed["running"].AsList().Select(job => job.AsLong())],
                shed["remaining"].AsLong());
        });
    }

    public async Task JoinClusterAsync(string node, IReadOnlyList<string> seedNodes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(seedNodes);
        const string call = "join_cluster";
        var seeds = new ErlangList([.. seedNodes.Select(seed => (ErlangTerm)new ErlangAtom(seed))]);
        var reply = await CallAsync(node, call, [Options(("seeds", seeds))], cancellationToken).ConfigureAwait(false);
        // connect_node to a seed can fail (the seed is itself down) while others succeed: the planner sees the
        // peers in the next status and asks again if the node is still alone. Failing every seed is an error.
        var failed = Read(node, call, () => reply["failed"].AsList().Select(seed => seed.AsAtom()).ToList());
        if (failed.Count == seedNodes.Count && failed.Count > 0)
        {
            throw new NodeAdminException($"{Module}:{call} on node '{node}' failed: could not connect to any seed ({string.Join(", ", failed)})");
        }
    }

    public Task BeginDrainAsync(string node, TimeSpan healthCheckWait, CancellationToken cancellationToken) =>
        CallAsync(node, "begin_drain", [Options(("health_check_wait_ms", Milliseconds(healthCheckWait)))], cancellationToken);

    public Task EndDrainAsync(string node, CancellationToken cancellationToken) =>
        CallAsync(node, "end_drain", [], cancellationToken);

    public async Task<long> ShedAsync(string node, long count, int ratePerSecond, string reason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reason);
        const string call = "shed";
        var reply = await CallAsync(
            node,
            call,
            [Options(("count", count), ("rate_per_s", (long)ratePerSecond), ("reason", ErlangBinary.FromUtf8(reason)))],
            cancellationToken).ConfigureAwait(false);
        return Read(node, call, () => reply["job"].AsLong());
    }

    public Task CancelShedAsync(string node, long job, CancellationToken cancellationToken) =>
        CallAsync(node, "cancel_shed", [job], cancellationToken);

    public Task LeaveClusterAsync(string node, TimeSpan timeout, CancellationToken cancellationToken) =>
        CallAsync(node, "leave_cluster", [Options(("timeout_ms", Milliseconds(timeout)))], cancellationToken);

    internal static NodeState ParseState(string state) => state switch
    {
        "serving" => NodeState.Serving,
        "draining" => NodeState.Draining,
        "drained" => NodeState.Drained,
        "leaving" => NodeState.Leaving,
        _ => throw new FormatException($"unknown node state '{state}' (expected serving, draining, drained or leaving)"),
    };

    private static ErlangMap Options(params (string Key, ErlangTerm Value)[] options) =>
        new([.. options.Select(option => ((ErlangTerm)new ErlangAtom(option.Key), option.Value))]);

    private static long Milliseconds(TimeSpan span) => (long)span.TotalMilliseconds;

    /// <summary>Calls <c>erlmcp_scale_admin:Function(Arguments)</c> and returns the map of its <c>{ok, Map}</c> reply.</summary>
    private async Task<ErlangMap> CallAsync(string node, string function, ErlangTerm[] arguments, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(node);
        try
        {
            var client = _pool.GetClient(node);
            var reply = await client.RpcAsync(Module, function, arguments, CallTimeout, cancellationToken).ConfigureAwait(false);
            return reply.UnwrapOk().AsMap();
        }
        catch (ErlangErrorReplyException e)
        {
            throw new NodeAdminException($"{Module}:{function} on node '{node}' failed: {{error, {e.Reason}}}", e);
        }
        catch (Exception e) when (e is ErlangDistributionException or FormatException)
        {
            // Timeouts, a node down or unreachable, a badrpc, a reply of the wrong shape, a node name that is no name@host.
            throw new NodeAdminException($"{Module}:{function} on node '{node}' failed: {e.Message}", e);
        }
    }

    /// <summary>Reads the fields of a reply; a reply without them is the node's error, not ours.</summary>
    private static T Read<T>(string node, string function, Func<T> read)
    {
        try
        {
            return read();
        }
        catch (Exception e) when (e is ErlangDistributionException or KeyNotFoundException or FormatException)
        {
            throw new NodeAdminException($"{Module}:{function} on node '{node}' returned an unexpected reply: {e.Message}", e);
        }
    }
}
