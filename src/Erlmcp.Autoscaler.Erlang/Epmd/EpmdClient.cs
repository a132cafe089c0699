using System.Net.Sockets;
using Erlmcp.Autoscaler.Erlang.Errors;

namespace Erlmcp.Autoscaler.Erlang.Epmd;

/// <summary>Asks the EPMD of one host for a node's distribution port, or for the names registered there.</summary>
public sealed class EpmdClient
{
    // EPMD answers in a few hundred bytes; a larger answer means something else is listening.
    private const int MaxResponseBytes = 1024 * 1024;

    public EpmdClient(string host, int port = EpmdProtocol.DefaultPort)
    {
        ArgumentException.ThrowIfNullOrEmpty(host);
        ArgumentOutOfRangeException.ThrowIfLessThan(port, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, 65535);
        Host = host;
        Port = port;
    }

    public string Host { get; }

    public int Port { get; }

    /// <summary>The port and versions of the node named <paramref name="aliveName"/> (the part before '@').</summary>
    /// <exception cref="ErlangNodeNotRegisteredException">EPMD has no node of that name.</exception>
    /// <exception cref="ErlangEpmdUnreachableException">EPMD cannot be reached or answered nonsense.</exception>
    public async Task<EpmdNodeInfo> LookupAsync(string aliveName, CancellationToken cancellationToken = default)
    {
        var response = await ExchangeAsync(EpmdProtocol.EncodePortPlease2(aliveName), cancellationToken).ConfigureAwait(false);
        try
        {
            return EpmdProtocol.ParsePort2Response(response) ?? throw new ErlangNodeNotRegisteredException(aliveName, Host, Port);
        }
        catch (FormatException e)
        {
            throw new ErlangEpmdUnreachableException(Host, Port, $"it answered PORT_PLEASE2_REQ with something else ({e.Message})", e);
        }
    }

    /// <summary>The nodes registered with this EPMD (NAMES_REQ).</summary>
    public async Task<IReadOnlyList<EpmdNameEntry>> NamesAsync(CancellationToken cancellationToken = default)
    {
        var response = await ExchangeAsync(EpmdProtocol.EncodeNames(), cancellationToken).ConfigureAwait(false);
        try
        {
            return EpmdProtocol.ParseNamesResponse(response);
        }
        catch (FormatException e)
        {
            throw new ErlangEpmdUnreachableException(Host, Port, $"it answered NAMES_REQ with something else ({e.Message})", e);
        }
    }

    private async Task<byte[]> ExchangeAsync(byte[] request, CancellationToken cancellationToken)
    {
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(Host, Port, cancellationToken).ConfigureAwait(false);
        }
        catch (SocketException e)
        {
            throw new ErlangEpmdUnreachableException(Host, Port, Describe(e), e);
        }

        try
        {
            await socket.SendAsync(request, SocketFlags.None, cancellationToken).ConfigureAwait(false);
            using var response = new MemoryStream();
            var buffer = new byte[4096];
            int read;
            while ((read = await socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken).ConfigureAwait(false)) > 0)
            {
                response.Write(buffer, 0, read);
                if (response.Length > MaxResponseBytes)
                {
                    throw new ErlangEpmdUnreachableException(Host, Port, $"it sent more than {MaxResponseBytes} bytes, which no EPMD answer is");
                }
            }

            return response.ToArray();
        }
        catch (SocketException e)
        {
            throw new ErlangEpmdUnreachableException(Host, Port, $"the connection broke while waiting for its answer ({e.SocketErrorCode})", e);
        }
    }

    internal static string Describe(SocketException e) => e.SocketErrorCode switch
    {
        SocketError.ConnectionRefused => "connection refused (is epmd running, on this port?)",
        SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain => "the host name cannot be resolved",
        SocketError.TimedOut => "the connection attempt timed out",
        SocketError.HostUnreachable or SocketError.NetworkUnreachable => "the host cannot be reached",
        _ => $"{e.SocketErrorCode}: {e.Message}",
    };
}
