using Erlmcp.Autoscaler.Erlang.Connection;
using Erlmcp.Autoscaler.Erlang.Terms;

namespace Erlmcp.Autoscaler.Server.Tests.EndToEnd;

/// <summary>
/// One client-pool OS process (<c>erlmcp_scale_admin_clientpool</c> on a hidden Erlang node), driven over Erlang
/// distribution through our own client, so the C# distribution client carries the test's every command.
/// </summary>
internal sealed class ClientPool : IAsyncDisposable
{
    private const string Module = "erlmcp_scale_admin_clientpool";

    private readonly ErlangOsProcess _process;
    private readonly ErlangNodeClient _client;

    private ClientPool(string nodeName, ErlangOsProcess process, ErlangNodeClient client)
    {
        NodeName = nodeName;
        _process = process;
        _client = client;
    }

    public string NodeName { get; }

    public static async Task<ClientPool> StartAsync(string nodeName, string cookie, string codePath, ErlangConnectionPool distribution)
    {
        var process = await ErlangOsProcess.StartAsync(nodeName, cookie, codePath, hidden: true, Module, [], "erlmcp_scale_admin_clientpool ready");
        return new ClientPool(nodeName, process, distribution.GetClient(nodeName));
    }

    /// <summary>The Service's endpoints as the pool's clients see them: pod name and listener port of every ready pod.</summary>
    public async Task SetEndpointsAsync(IReadOnlyList<(string Pod, int Port)> endpoints, CancellationToken cancellationToken = default)
    {
        var list = new ErlangList([.. endpoints.Select(e => (ErlangTerm)new ErlangTuple(ErlangBinary.FromUtf8(e.Pod), (long)e.Port))]);
        ExpectOk(await _client.RpcAsync(Module, "set_endpoints", [list], cancellationToken: cancellationToken), "set_endpoints");
    }

    /// <summary>Starts <paramref name="count"/> more clients; they connect in the background.</summary>
    public async Task AddClientsAsync(int count) =>
        ExpectOk(await _client.RpcAsync(Module, "add_clients", [(long)count]), "add_clients");

    public async Task<ClientPoolStats> StatsAsync() =>
        ClientPoolStats.FromTerm((await _client.RpcAsync(Module, "stats", [])).UnwrapOk().AsMap());

    /// <summary>Closes every client's connection and ends the clients (the counters stay).</summary>
    public async Task StopClientsAsync() =>
        ExpectOk(await _client.RpcAsync(Module, "stop_clients", [], TimeSpan.FromSeconds(90)), "stop_clients");

    public ValueTask DisposeAsync() => _process.DisposeAsync();

    private void ExpectOk(ErlangTerm reply, string call)
    {
        if (!reply.Equals(new ErlangAtom("ok")))
        {
            throw new InvalidOperationException($"{Module}:{call} on {NodeName} answered {reply}");
        }
    }
}

/// <summary>A pool's counters (see <c>erlmcp_scale_admin_clientpool:stats/0</c>), per endpoint where they are kept so.</summary>
/// <param name="Clients">Client processes alive.</param>
/// <param name="Waiting">Clients that found no ready endpoint at their last try.</param>
/// <param name="Reconnects">Connection attempts after the server closed the client's previous connection.</param>
/// <param name="Open">Connections open now per pod (including ones being opened).</param>
/// <param name="Connects">Connections confirmed by an echo, per pod.</param>
/// <param name="Refusals">Connect errors and closes before the echo, per pod.</param>
/// <param name="Sheds">Confirmed connections the server closed, per pod.</param>
/// <param name="RefusalReasons">Refusals by socket error (<c>econnrefused</c>, <c>closed</c>, <c>timeout</c>...).</param>
internal sealed record ClientPoolStats(
    long Clients,
    long Waiting,
    long Reconnects,
    IReadOnlyDictionary<string, long> Open,
    IReadOnlyDictionary<string, long> Connects,
    IReadOnlyDictionary<string, long> Refusals,
    IReadOnlyDictionary<string, long> Sheds,
    IReadOnlyDictionary<string, long> RefusalReasons)
{
    public static readonly ClientPoolStats Empty = new(0, 0, 0, new Dictionary<string, long>(), new Dictionary<string, long>(), new Dictionary<string, long>(), new Dictionary<string, long>(), new Dictionary<string, long>());

    public long TotalOpen => Open.Values.Sum();

    public long TotalConnects => Connects.Values.Sum();

    public long TotalRefusals => Refusals.Values.Sum();

    public long TotalSheds => Sheds.Values.Sum();

    public long OpenOn(string pod) => Open.GetValueOrDefault(pod);

    /// <summary>The counters of two pools added up.</summary>
    public ClientPoolStats Plus(ClientPoolStats other) => new(
        Clients + other.Clients,
        Waiting + other.Waiting,
        Reconnects + other.Reconnects,
        Add(Open, other.Open),
        Add(Connects, other.Connects),
        Add(Refusals, other.Refusals),
        Add(Sheds, other.Sheds),
        Add(RefusalReasons, other.RefusalReasons));

    public override string ToString() =>
        $"clients {Clients}, waiting {Waiting}, connects {TotalConnects}, reconnects {Reconnects}, sheds {TotalSheds}, refusals {TotalRefusals} "
        + $"({Format(Refusals)}; {Format(RefusalReasons)}), open {TotalOpen} ({Format(Open)})";

    internal static ClientPoolStats FromTerm(ErlangMap map) => new(
        map["clients"].AsLong(),
        map["waiting"].AsLong(),
        map["reconnects"].AsLong(),
        ByPod(map["open"]),
        ByPod(map["connects"]),
        ByPod(map["refusals"]),
        ByPod(map["sheds"]),
        ByPod(map["refusal_reasons"]));

    /// <summary>A map with binary keys (pod names, reasons) read as a dictionary.</summary>
    private static Dictionary<string, long> ByPod(ErlangTerm term) =>
        term.AsMap().ToDictionary(pair => pair.Key.AsString(), pair => pair.Value.AsLong(), StringComparer.Ordinal);

    private static Dictionary<string, long> Add(IReadOnlyDictionary<string, long> left, IReadOnlyDictionary<string, long> right)
    {
        var sum = new Dictionary<string, long>(left, StringComparer.Ordinal);
        foreach (var (pod, count) in right)
        {
            sum[pod] = sum.GetValueOrDefault(pod) + count;
        }

        return sum;
    }

    private static string Format(IReadOnlyDictionary<string, long> byPod) =>
        string.Join(", ", byPod.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}"));
}
