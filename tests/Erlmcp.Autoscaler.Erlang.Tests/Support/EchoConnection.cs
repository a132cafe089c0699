using System.Diagnostics;
using System.Net.Sockets;

namespace Erlmcp.Autoscaler.Erlang.Tests.Support;

/// <summary>How a fresh TCP connection attempt to a listener ended.</summary>
public enum ConnectOutcome
{
    /// <summary>The connect was refused (nothing listens on the port).</summary>
    Refused,

    /// <summary>The connect succeeded but the peer closed the connection at once.</summary>
    ClosedAtOnce,

    /// <summary>The connection is open and echoes.</summary>
    Open,
}

/// <summary>
/// A real TCP connection to the test node's echo listener. A thread of its own reads it all the time, so the moment
/// the node closes it is recorded as precisely as the OS reports it (no thread-pool scheduling in between).
/// </summary>
internal sealed class EchoConnection : IDisposable
{
    private readonly Socket _socket;
    private readonly SemaphoreSlim _echoed = new(0);
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile bool _disposed;
    private long _closedAt;

    private EchoConnection(Socket socket)
    {
        _socket = socket;
        new Thread(Read) { IsBackground = true, Name = "echo connection reader" }.Start();
    }

    /// <summary>Completes when the node closes the connection (EOF or reset), not when we dispose it.</summary>
    public Task Closed => _closed.Task;

    /// <summary>The Stopwatch timestamp of the close, once <see cref="Closed"/> has completed.</summary>
    public long ClosedAt => Interlocked.Read(ref _closedAt);

    public static async Task<EchoConnection> OpenAsync(int port)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync("127.0.0.1", port);
            return new EchoConnection(socket);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Connects once and says whether the port refused, closed at once, or gave a live (echoing) connection.</summary>
    public static async Task<ConnectOutcome> TryConnectAsync(int port)
    {
        EchoConnection connection;
        try
        {
            connection = await OpenAsync(port);
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionRefused)
        {
            return ConnectOutcome.Refused;
        }

        using (connection)
        {
            return await connection.EchoesAsync() ? ConnectOutcome.Open : ConnectOutcome.ClosedAtOnce;
        }
    }

    /// <summary>Sends one byte and waits for it to come back; false if the connection closes or stays silent for 5 s.</summary>
    public async Task<bool> EchoesAsync()
    {
        try
        {
            await _socket.SendAsync(new byte[] { 42 });
        }
        catch (SocketException)
        {
            return false;
        }

        var echoed = _echoed.WaitAsync(TimeSpan.FromSeconds(5));
        return await Task.WhenAny(echoed, _closed.Task) == echoed && await echoed;
    }

    public void Dispose()
    {
        _disposed = true;
        _socket.Dispose();
    }

    private void Read()
    {
        var buffer = new byte[256];
        while (true)
        {
            int received;
            try
            {
                received = _socket.Receive(buffer);
            }
            catch (SocketException)
            {
                received = 0;
            }
            catch (ObjectDisposedException)
            {
                return;
            }

            if (received == 0)
            {
                if (!_disposed)
                {
                    Interlocked.Exchange(ref _closedAt, Stopwatch.GetTimestamp());
                    _closed.TrySetResult();
                }

                return;
            }

            _echoed.Release(received);
        }
    }
}
