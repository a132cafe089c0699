using System.Collections.Concurrent;
using Erlmcp.Autoscaler.Erlang.Errors;

namespace Erlmcp.Autoscaler.Erlang.Connection;

/// <summary>
/// This process as a hidden Erlang node: one <see cref="ErlangNodeClient"/> (so one connection) per remote node,
/// kept by node name and reused. Dispose it to close every connection.
/// </summary>
public sealed class ErlangConnectionPool : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, (ErlangNodeClient Client, int? Port)> _clients = new(StringComparer.Ordinal);
    private readonly LocalNode _local;
    private readonly Lock _gate = new();
    private bool _disposed;

    /// <exception cref="ErlangOptionsException">The options are invalid; the message lists every problem.</exception>
    public ErlangConnectionPool(ErlangNodeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
        _local = new LocalNode(options);
    }

    public ErlangNodeOptions Options { get; }

    /// <summary>
    /// The client of <paramref name="nodeName"/> (name@host). With <paramref name="distributionPort"/> the node is
    /// reached on that port without asking EPMD (a node started with a fixed inet_dist_listen port or ERL_DIST_PORT).
    /// </summary>
    /// <exception cref="FormatException">The node name is not name@host.</exception>
    /// <exception cref="ArgumentException">The node was asked for before with another port.</exception>
    public ErlangNodeClient GetClient(string nodeName, int? distributionPort = null)
    {
        var remote = ErlangNodeName.Parse(nodeName);
        if (distributionPort is < 1 or > 65535)
        {
            throw new ArgumentOutOfRangeException(nameof(distributionPort), distributionPort, "A distribution port is 1 to 65535.");
        }

        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_clients.TryGetValue(nodeName, out var existing))
            {
                return existing.Port == distributionPort
                    ? existing.Client
                    : throw new ArgumentException(
                        $"Node '{nodeName}' is already reached {(existing.Port is { } p ? $"on port {p}" : "through EPMD")}; it cannot also be reached {(distributionPort is { } q ? $"on port {q}" : "through EPMD")}.",
                        nameof(distributionPort));
            }

            var client = new ErlangNodeClient(remote, distributionPort, Options, _local);
            _clients[nodeName] = (client, distributionPort);
            return client;
        }
    }

    /// <summary>Closes and forgets the client of one node (for a node that left the cluster for good).</summary>
    public async Task RemoveAsync(string nodeName)
    {
        if (_clients.TryRemove(nodeName, out var entry))
        {
            await entry.Client.DisposeAsync().ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
        }

        await Task.WhenAll(_clients.Values.Select(entry => entry.Client.DisposeAsync().AsTask())).ConfigureAwait(false);
        _clients.Clear();
    }
}
