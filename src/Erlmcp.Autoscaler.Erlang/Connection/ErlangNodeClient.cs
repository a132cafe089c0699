using System.Threading.Channels;
using Erlmcp.Autoscaler.Erlang.Errors;
using Erlmcp.Autoscaler.Erlang.Handshake;
using Erlmcp.Autoscaler.Erlang.Rpc;
using Erlmcp.Autoscaler.Erlang.Terms;

namespace Erlmcp.Autoscaler.Erlang.Connection;

/// <summary>
/// The client of one remote node: rpc calls, sends, and a mailbox (our pid <see cref="Self"/>) for messages the
/// node pushes. It holds one connection, shared by any number of concurrent calls (replies are matched by
/// reference), opens it on first use, and after a drop reopens it on the next call, with exponential backoff
/// between failed attempts. Get one from <see cref="ErlangConnectionPool"/>.
/// </summary>
public sealed class ErlangNodeClient : IAsyncDisposable
{
    private readonly ErlangNodeName _remote;
    private readonly int? _port;
    private readonly ErlangNodeOptions _options;
    private readonly LocalNode _local;
    private readonly ErlangAtom _localName;
    private readonly Channel<ErlangTerm> _mailbox;
    private readonly SemaphoreSlim _connectLock = new(1, 1);
    private readonly ReconnectBackoff _backoff;
    private readonly CancellationTokenSource _disposed = new();
    private ErlangConnection? _connection;
    private long _droppedMessages;
    private int _connectionsOpened;
    private int _isDisposed;

    internal ErlangNodeClient(ErlangNodeName remote, int? port, ErlangNodeOptions options, LocalNode local)
    {
        _remote = remote;
        _port = port;
        _options = options;
        _local = local;
        _localName = new ErlangAtom(local.NodeNameFor(remote));
        Self = local.NewPid(_localName);
        _backoff = new ReconnectBackoff(options.ReconnectInitialDelay, options.ReconnectMaxDelay);
        _mailbox = Channel.CreateBounded<ErlangTerm>(
            new BoundedChannelOptions(options.MailboxCapacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleWriter = true },
            _ => Interlocked.Increment(ref _droppedMessages));
    }

    /// <summary>The remote node, name@host.</summary>
    public string NodeName => _remote.ToString();

    /// <summary>Our node name as this remote node sees it.</summary>
    public string LocalNodeName => _localName.Name;

    /// <summary>Our pid: messages the node sends to it arrive in <see cref="Mailbox"/>.</summary>
    public ErlangPid Self { get; }

    /// <summary>
    /// Messages sent to <see cref="Self"/> (replies to our calls excepted), including <c>{'EXIT', From, Reason}</c>
    /// for exit signals and <c>{'DOWN', Ref, process, From, Reason}</c> for monitors set by the node.
    /// </summary>
    public ChannelReader<ErlangTerm> Mailbox => _mailbox.Reader;

    /// <summary>Messages dropped because the mailbox held MailboxCapacity unread ones.</summary>
    public long DroppedMessages => Interlocked.Read(ref _droppedMessages);

    public bool IsConnected => _connection?.IsOpen ?? false;

    /// <summary>How many connections this client has opened: 1 plus the reconnections.</summary>
    public int ConnectionsOpened => Volatile.Read(ref _connectionsOpened);

    /// <summary>What the last handshake learned of the node (null before the first connection).</summary>
    public HandshakeResult? Peer { get; private set; }

    public IAsyncEnumerable<ErlangTerm> ReadMailboxAsync(CancellationToken cancellationToken = default) => _mailbox.Reader.ReadAllAsync(cancellationToken);

    /// <summary>A new reference of our node, unique for the life of the pool.</summary>
    public ErlangRef MakeRef() => _local.NewRef(_localName);

    /// <summary>Connects now rather than on the first call.</summary>
    public async Task ConnectAsync(CancellationToken cancellationToken = default)
    {
        using var scope = new DeadlineScope(_options.ConnectTimeout + _options.ReconnectMaxDelay, _options.TimeProvider, cancellationToken);
        try
        {
            await GetConnectionAsync(scope.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException e) when (scope.TimedOut)
        {
            throw new ErlangTimeoutException($"Connecting to node '{NodeName}'", scope.Timeout, e);
        }
    }

    /// <summary>
    /// rpc:call(Node, Module, Function, Arguments) through the node's rex server.
    /// </summary>
    /// <returns>The function's result.</returns>
    /// <exception cref="ErlangRpcException">The result is <c>{badrpc, Reason}</c> (undefined function, a crash...).</exception>
    /// <exception cref="ErlangTimeoutException">No result within <paramref name="timeout"/> (default CallTimeout), connecting included.</exception>
    /// <exception cref="ErlangNodeDownException">The connection was lost before the result came.</exception>
    public async Task<ErlangTerm> RpcAsync(
        string module, string function, IReadOnlyList<ErlangTerm> arguments, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(module);
        ArgumentException.ThrowIfNullOrEmpty(function);
        ArgumentNullException.ThrowIfNull(arguments);
        var call = RexCall.Describe(module, function, arguments.Count);
        using var scope = new DeadlineScope(timeout ?? _options.CallTimeout, _options.TimeProvider, cancellationToken);
        ErlangTerm result;
        try
        {
            var connection = await GetConnectionAsync(scope.Token).ConfigureAwait(false);
            var tag = MakeRef();
            var request = RexCall.Request(Self, tag, module, function, arguments);
            var packet = DistributionPacket.Encode(ControlMessage.RegSendTo(Self, RexCall.Rex), request, _options.TermLimits);
            result = await connection.CallAsync(tag, packet, scope.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException e) when (scope.TimedOut)
        {
            throw new ErlangTimeoutException($"rpc {call} on node '{NodeName}'", scope.Timeout, e);
        }

        return RexCall.IsBadRpc(result, out var reason) ? throw new ErlangRpcException(NodeName, call, reason) : result;
    }

    /// <summary>Sends <paramref name="message"/> to a pid on the node (SEND).</summary>
    public Task SendAsync(ErlangPid to, ErlangTerm message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(to);
        ArgumentNullException.ThrowIfNull(message);
        return SendPacketAsync($"sending to {to}", DistributionPacket.Encode(ControlMessage.SendTo(to), message, _options.TermLimits), cancellationToken);
    }

    /// <summary>Sends <paramref name="message"/> to the process registered as <paramref name="registeredName"/> on the node (REG_SEND).</summary>
    public Task SendAsync(string registeredName, ErlangTerm message, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(registeredName);
        ArgumentNullException.ThrowIfNull(message);
        var packet = DistributionPacket.Encode(ControlMessage.RegSendTo(Self, new ErlangAtom(registeredName)), message, _options.TermLimits);
        return SendPacketAsync($"sending to '{registeredName}'", packet, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _isDisposed, 1) == 1)
        {
            return;
        }

        await _disposed.CancelAsync().ConfigureAwait(false);
        await _connectLock.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_connection is { } connection)
            {
                await connection.DisposeAsync().ConfigureAwait(false);
                _connection = null;
            }
        }
        finally
        {
            _connectLock.Release();
        }

        _mailbox.Writer.TryComplete();
        _disposed.Dispose();
    }

    private async Task SendPacketAsync(string operation, byte[] packet, CancellationToken cancellationToken)
    {
        using var scope = new DeadlineScope(_options.CallTimeout, _options.TimeProvider, cancellationToken);
        try
        {
            var connection = await GetConnectionAsync(scope.Token).ConfigureAwait(false);
            await connection.SendAsync(packet, scope.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException e) when (scope.TimedOut)
        {
            throw new ErlangTimeoutException($"{operation} on node '{NodeName}'", scope.Timeout, e);
        }
    }

    private async Task<ErlangConnection> GetConnectionAsync(CancellationToken cancellationToken)
    {
        if (_connection is { IsOpen: true } open)
        {
            return open;
        }

        ObjectDisposedException.ThrowIf(Volatile.Read(ref _isDisposed) == 1, this);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _disposed.Token);
        await _connectLock.WaitAsync(linked.Token).ConfigureAwait(false);
        try
        {
            if (_connection is { IsOpen: true } opened)
            {
                return opened;
            }

            if (_connection is { } dropped)
            {
                await dropped.DisposeAsync().ConfigureAwait(false);
                _connection = null;
            }

            var wait = _backoff.RemainingDelay(_options.TimeProvider);
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, _options.TimeProvider, linked.Token).ConfigureAwait(false);
            }

            try
            {
                var (stream, handshake) = await NodeConnector.ConnectAsync(_remote, _port, _localName.Name, _local.Creation, _options, linked.Token).ConfigureAwait(false);
                var connection = new ErlangConnection(stream, NodeName, Self, _options, message => _mailbox.Writer.TryWrite(message));
                connection.Start();
                Peer = handshake;
                _connection = connection;
                Interlocked.Increment(ref _connectionsOpened);
                _backoff.RecordSuccess();
                return connection;
            }
            catch (Exception e) when (e is ErlangDistributionException)
            {
                _backoff.RecordFailure(_options.TimeProvider);
                throw;
            }
        }
        finally
        {
            _connectLock.Release();
        }
    }

    /// <summary>A timeout joined to the caller's token, which tells afterwards whether the timeout fired.</summary>
    private sealed class DeadlineScope : IDisposable
    {
        private readonly CancellationTokenSource _deadline;

        // Only when the caller's token can cancel: most calls pass none, and linking costs a second source per call.
        private readonly CancellationTokenSource? _linked;

        public DeadlineScope(TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
        {
            Timeout = timeout;
            _deadline = new CancellationTokenSource(timeout, time);
            _linked = cancellationToken.CanBeCanceled ? CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _deadline.Token) : null;
        }

        public TimeSpan Timeout { get; }

        public CancellationToken Token => _linked?.Token ?? _deadline.Token;

        public bool TimedOut => _deadline.IsCancellationRequested;

        public void Dispose()
        {
            _linked?.Dispose();
            _deadline.Dispose();
        }
    }
}
