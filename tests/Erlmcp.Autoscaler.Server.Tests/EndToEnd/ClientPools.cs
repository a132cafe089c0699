using System.Globalization;
using Erlmcp.Autoscaler.Erlang.Connection;

namespace Erlmcp.Autoscaler.Server.Tests.EndToEnd;

/// <summary>
/// The clients of the test: a few <see cref="ClientPool"/> OS processes (each under
/// <see cref="MaxClientsPerPool"/> sockets, since one process may hold at most 20,000 files here) that together
/// behave as one crowd of clients behind the Service.
/// </summary>
internal sealed class ClientPools : IAsyncDisposable
{
    public const int MaxClientsPerPool = 8_000;

    private readonly IReadOnlyList<ClientPool> _pools;

    private ClientPools(IReadOnlyList<ClientPool> pools) => _pools = pools;

    public int Count => _pools.Count;

    /// <summary>Starts <paramref name="count"/> pool nodes named <c>{prefix}-pool-{i}@127.0.0.1</c>, in parallel.</summary>
    public static async Task<ClientPools> StartAsync(int count, string prefix, string cookie, string codePath, ErlangConnectionPool distribution)
    {
        var starting = Enumerable.Range(0, count)
            .Select(i => ClientPool.StartAsync(string.Create(CultureInfo.InvariantCulture, $"{prefix}-pool-{i}@127.0.0.1"), cookie, codePath, distribution))
            .ToList();
        try
        {
            return new ClientPools(await Task.WhenAll(starting));
        }
        catch
        {
            foreach (var started in starting.Where(t => t.IsCompletedSuccessfully))
            {
                await started.Result.DisposeAsync();
            }

            throw;
        }
    }

    public Task SetEndpointsAsync(IReadOnlyList<(string Pod, int Port)> endpoints, CancellationToken cancellationToken = default) =>
        Task.WhenAll(_pools.Select(p => p.SetEndpointsAsync(endpoints, cancellationToken)));

    /// <summary>Starts <paramref name="clients"/> clients, spread evenly over the pools.</summary>
    public Task AddClientsAsync(int clients)
    {
        if (clients > MaxClientsPerPool * _pools.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(clients), clients, $"{_pools.Count} pools hold at most {MaxClientsPerPool * _pools.Count} clients");
        }

        return Task.WhenAll(_pools.Select((pool, i) => pool.AddClientsAsync((clients / _pools.Count) + (i < clients % _pools.Count ? 1 : 0))));
    }

    /// <summary>Every pool's counters added up.</summary>
    public async Task<ClientPoolStats> StatsAsync()
    {
        var each = await Task.WhenAll(_pools.Select(p => p.StatsAsync()));
        return each.Aggregate(ClientPoolStats.Empty, (sum, stats) => sum.Plus(stats));
    }

    public Task StopClientsAsync() => Task.WhenAll(_pools.Select(p => p.StopClientsAsync()));

    public async ValueTask DisposeAsync()
    {
        foreach (var pool in _pools)
        {
            await pool.DisposeAsync();
        }
    }
}
