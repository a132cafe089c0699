using System.Buffers;
using System.Buffers.Binary;
using System.Collections.Concurrent;
using Erlmcp.Autoscaler.Erlang.Errors;
using Erlmcp.Autoscaler.Erlang.Terms;

namespace Erlmcp.Autoscaler.Erlang.Connection;

/// <summary>
/// One established distribution connection: a read loop that routes replies and messages, a tick loop that keeps
/// the connection alive and notices a silent node, and serialised writes. Once closed it stays closed; the
/// owning <see cref="ErlangNodeClient"/> makes a new one.
/// </summary>
internal sealed class ErlangConnection : IAsyncDisposable
{
    private const int ReadBufferBytes = 64 * 1024;

    private readonly Stream _stream;
    private readonly ErlangNodeOptions _options;
    private readonly ErlangPid _self;
    private readonly Action<ErlangTerm> _deliver;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly ConcurrentDictionary<ErlangRef, TaskCompletionSource<ErlangTerm>> _pending = new();
    private readonly CancellationTokenSource _lifetime = new();
    private readonly long _maxPacketBytes;
    private long _lastReceived;
    private long _lastSent;
    private ErlangNodeDownException? _closeReason;
    private Task _readLoop = Task.CompletedTask;
    private Task _tickLoop = Task.CompletedTask;

    public ErlangConnection(Stream stream, string peerNode, ErlangPid self, ErlangNodeOptions options, Action<ErlangTerm> deliver)
    {
        _stream = stream;
        PeerNode = peerNode;
        _self = self;
        _options = options;
        _deliver = deliver;
        _maxPacketBytes = (2L * options.TermLimits.MaxTermBytes) + 1;
        _lastReceived = _lastSent = options.TimeProvider.GetTimestamp();
    }

    public string PeerNode { get; }

    public bool IsOpen => Volatile.Read(ref _closeReason) is null;

    /// <summary>Why the connection closed; null while open.</summary>
    public ErlangNodeDownException? CloseReason => Volatile.Read(ref _closeReason);

    public void Start()
    {
        _readLoop = Task.Run(ReadLoopAsync);
        _tickLoop = Task.Run(TickLoopAsync);
    }

    /// <summary>Sends a request and waits for the message <c>{Tag, Reply}</c> sent to our pid; returns Reply.</summary>
    public async Task<ErlangTerm> CallAsync(ErlangRef tag, byte[] packet, CancellationToken cancellationToken)
    {
        var reply = new TaskCompletionSource<ErlangTerm>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[tag] = reply;
        try
        {
            // Checked after registering: a close that ran before it is seen here, one that runs after fails the call.
            ThrowIfClosed();
            await SendAsync(packet, cancellationToken).ConfigureAwait(false);
            return await reply.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            // A delivered reply was already taken out by the reader.
            if (!reply.Task.IsCompletedSuccessfully)
            {
                _pending.TryRemove(tag, out _);
            }
        }
    }

    public async Task SendAsync(byte[] packet, CancellationToken cancellationToken)
    {
        ThrowIfClosed();
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ThrowIfClosed();
            // Not cancellable by the caller once started: half a packet would corrupt the stream for everyone.
            await WriteAsync(packet).ConfigureAwait(false);
        }
        finally
        {
            _writeLock.Release();
        }

        ThrowIfClosed();
    }

    public async ValueTask DisposeAsync()
    {
        Close(new ErlangNodeDownException(PeerNode, "the client closed the connection"));
        await Task.WhenAll(_readLoop, _tickLoop).ConfigureAwait(false);
        _lifetime.Dispose();
        _writeLock.Dispose();
    }

    private async Task WriteAsync(byte[] packet)
    {
        try
        {
            await _stream.WriteAsync(packet, _lifetime.Token).ConfigureAwait(false);
            await _stream.FlushAsync(_lifetime.Token).ConfigureAwait(false);
            Volatile.Write(ref _lastSent, _options.TimeProvider.GetTimestamp());
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or OperationCanceledException or NotSupportedException)
        {
            Close(new ErlangNodeDownException(PeerNode, $"writing to the connection failed ({e.Message})", e));
        }
    }

    private async Task ReadLoopAsync()
    {
        // One buffer that takes whatever the socket holds: a read brings a batch of messages (and a message's length
        // with its body), where reading each length and each body on its own cost two reads per message.
        var buffer = ArrayPool<byte>.Shared.Rent(ReadBufferBytes);
        int start = 0, end = 0;
        try
        {
            while (true)
            {
                while (end - start >= 4)
                {
                    var length = BinaryPrimitives.ReadUInt32BigEndian(buffer.AsSpan(start));
                    if (length == 0)
                    {
                        start += 4;
                        await AnswerTickAsync().ConfigureAwait(false);
                        continue;
                    }

                    if (length > _maxPacketBytes)
                    {
                        Close(new ErlangNodeDownException(PeerNode, $"the node sent a {length}-byte message, over twice TermLimits.MaxTermBytes ({_options.TermLimits.MaxTermBytes})"));
                        return;
                    }

                    if (end - start - 4 < length)
                    {
                        break;
                    }

                    Dispatch(buffer.AsSpan(start + 4, (int)length));
                    start += 4 + (int)length;
                }

                buffer = MakeRoom(buffer, ref start, ref end);
                var read = await _stream.ReadAsync(buffer.AsMemory(end), _lifetime.Token).ConfigureAwait(false);
                if (read == 0)
                {
                    throw new EndOfStreamException();
                }

                Volatile.Write(ref _lastReceived, _options.TimeProvider.GetTimestamp());
                end += read;
            }
        }
        catch (EndOfStreamException e)
        {
            Close(new ErlangNodeDownException(PeerNode, "the node closed the connection", e));
        }
        catch (OperationCanceledException) when (_lifetime.IsCancellationRequested)
        {
            // Closed on purpose; the reason is already recorded.
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            Close(new ErlangNodeDownException(PeerNode, $"the connection broke ({e.Message})", e));
        }
        catch (ErlangDistributionException e)
        {
            Close(new ErlangNodeDownException(PeerNode, $"the node sent a message this client cannot read: {e.Message}", e));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// Before a read: moves the unhandled bytes [start, end) to the front of the buffer, in a larger buffer when the
    /// packet they begin does not fit, or in a buffer of the usual size again once a large packet is done.
    /// </summary>
    private static byte[] MakeRoom(byte[] buffer, ref int start, ref int end)
    {
        var pending = end - start;
        var needed = pending >= 4 ? 4 + (int)BinaryPrimitives.ReadUInt32BigEndian(buffer.AsSpan(start)) : ReadBufferBytes;
        var size = Math.Max(needed, ReadBufferBytes);
        if (buffer.Length < size || (pending == 0 && buffer.Length > ReadBufferBytes))
        {
            var resized = ArrayPool<byte>.Shared.Rent(size);
            buffer.AsSpan(start, pending).CopyTo(resized);
            ArrayPool<byte>.Shared.Return(buffer);
            buffer = resized;
        }
        else if (start > 0 && (pending == 0 || buffer.Length - end < needed - pending))
        {
            buffer.AsSpan(start, pending).CopyTo(buffer);
        }
        else
        {
            return buffer;
        }

        start = 0;
        end = pending;
        return buffer;
    }

    private async Task AnswerTickAsync()
    {
        // Answer a tick unless a write is under way (that write proves we are alive just as well); the node's
        // net_ticktime may be shorter than ours.
        if (!_writeLock.Wait(0))
        {
            return;
        }

        try
        {
            await WriteAsync(DistributionPacket.Tick).ConfigureAwait(false);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private async Task TickLoopAsync()
    {
        var time = _options.TimeProvider;
        var interval = _options.NetTickTime / 4;
        using var timer = new PeriodicTimer(interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(_lifetime.Token).ConfigureAwait(false))
            {
                var silence = time.GetElapsedTime(Volatile.Read(ref _lastReceived));
                if (silence > _options.NetTickTime)
                {
                    Close(new ErlangNodeDownException(
                        PeerNode, $"nothing arrived from the node for {ErlangTimeoutException.Format(silence)}, longer than NetTickTime ({ErlangTimeoutException.Format(_options.NetTickTime)})"));
                    return;
                }

                if (time.GetElapsedTime(Volatile.Read(ref _lastSent)) >= interval)
                {
                    await _writeLock.WaitAsync(_lifetime.Token).ConfigureAwait(false);
                    try
                    {
                        await WriteAsync(DistributionPacket.Tick).ConfigureAwait(false);
                    }
                    finally
                    {
                        _writeLock.Release();
                    }
                }
            }
        }
        catch (OperationCanceledException) when (_lifetime.IsCancellationRequested)
        {
            // Closed.
        }
    }

    private void Dispatch(ReadOnlySpan<byte> packet)
    {
        if (packet[0] != DistributionPacket.PassThrough)
        {
            throw new ErlangProtocolException(PeerNode, $"expected a pass-through message ('p') but the message starts with byte {packet[0]}");
        }

        var body = packet[1..];
        var control = ErlangTermCodec.Decode(body, out var consumed, _options.TermLimits);
        var message = consumed < body.Length ? ErlangTermCodec.Decode(body[consumed..], _options.TermLimits) : null;
        if (control is not ErlangTuple { Count: > 0 } tuple || tuple[0] is not ErlangInteger { IsLong: true } operation)
        {
            throw new ErlangProtocolException(PeerNode, $"the control message {ErlangTermText.Abbreviate(control)} is not a tuple starting with an operation number");
        }

        switch (operation.LongValue)
        {
            case ControlMessage.Send or ControlMessage.SendSender or ControlMessage.SendTt or ControlMessage.SendSenderTt when tuple.Count >= 3 && message is not null:
                DeliverMessage(tuple[2], message);
                break;
            case ControlMessage.AliasSend or ControlMessage.AliasSendTt when tuple.Count >= 3 && message is not null:
                DeliverMessage(tuple[2], message);
                break;
            case ControlMessage.Exit or ControlMessage.Exit2 when tuple.Count == 4:
                _deliver(new ErlangTuple(new ErlangAtom("EXIT"), tuple[1], tuple[3]));
                break;
            case ControlMessage.ExitTt or ControlMessage.Exit2Tt when tuple.Count == 5:
                _deliver(new ErlangTuple(new ErlangAtom("EXIT"), tuple[1], tuple[4]));
                break;
            case ControlMessage.MonitorPExit when tuple.Count == 5:
                _deliver(new ErlangTuple(new ErlangAtom("DOWN"), tuple[3], new ErlangAtom("process"), tuple[1], tuple[4]));
                break;
            case ControlMessage.UnlinkId when tuple.Count == 4:
                // The new link protocol (UNLINK_ID) requires an acknowledgement even though we keep no links.
                _ = AcknowledgeUnlinkAsync(DistributionPacket.Encode(ControlMessage.UnlinkIdAckOf(tuple[1], _self, tuple[2]), null, _options.TermLimits));
                break;
            default:
                // REG_SEND (we register no names), LINK, MONITOR_P, DEMONITOR_P, UNLINK_ID_ACK: nothing to do.
                break;
        }
    }

    private async Task AcknowledgeUnlinkAsync(byte[] packet)
    {
        try
        {
            await SendAsync(packet, _lifetime.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is ErlangDistributionException or OperationCanceledException)
        {
            // The connection closed meanwhile; the unlink no longer matters.
        }
    }

    private void DeliverMessage(ErlangTerm to, ErlangTerm message)
    {
        if (message is ErlangTuple { Count: 2 } reply && reply[0] is ErlangRef tag && _pending.TryRemove(tag, out var waiter))
        {
            waiter.TrySetResult(reply[1]);
            return;
        }

        if (to.Equals(_self))
        {
            _deliver(message);
        }
    }

    private void Close(ErlangNodeDownException reason)
    {
        if (Interlocked.CompareExchange(ref _closeReason, reason, null) is not null)
        {
            return;
        }

        _lifetime.Cancel();
        _stream.Dispose();
        foreach (var waiter in _pending.Values)
        {
            waiter.TrySetException(new ErlangNodeDownException(reason.Node, reason.Reason, reason.InnerException));
        }
    }

    private void ThrowIfClosed()
    {
        if (Volatile.Read(ref _closeReason) is { } reason)
        {
            throw new ErlangNodeDownException(reason.Node, reason.Reason, reason);
        }
    }
}
