using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Erlmcp.Autoscaler.Erlang.Epmd;
using Erlmcp.Autoscaler.Erlang.Errors;
using Erlmcp.Autoscaler.Erlang.Handshake;

namespace Erlmcp.Autoscaler.Erlang.Connection;

/// <summary>
/// Opens an authenticated stream to a node: EPMD lookup (unless the port is given), TCP connect, TLS when
/// configured, and the distribution handshake, all within <see cref="ErlangNodeOptions.ConnectTimeout"/>.
/// </summary>
internal static class NodeConnector
{
    public static async Task<(Stream Stream, HandshakeResult Handshake)> ConnectAsync(
        ErlangNodeName remote, int? explicitPort, string localNode, uint creation, ErlangNodeOptions options, CancellationToken cancellationToken)
    {
        using var deadline = new CancellationTokenSource(options.ConnectTimeout, options.TimeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        var token = linked.Token;
        var node = remote.ToString();
        var stage = explicitPort is null ? $"looking up '{remote.Alive}' in EPMD at {remote.Host}:{options.EpmdPort}" : "connecting";
        Stream? stream = null;
        try
        {
            var port = explicitPort ?? (await new EpmdClient(remote.Host, options.EpmdPort).LookupAsync(remote.Alive, token).ConfigureAwait(false)).Port;

            stage = $"connecting to {remote.Host}:{port}";
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(remote.Host, port, token).ConfigureAwait(false);
            }
            catch (SocketException e)
            {
                socket.Dispose();
                throw new ErlangNodeUnreachableException(node, remote.Host, port, EpmdClient.Describe(e), e);
            }
            catch
            {
                socket.Dispose();
                throw;
            }

            stream = new NetworkStream(socket, ownsSocket: true);
            if (options.Tls is { } tls)
            {
                stage = "the TLS handshake";
                stream = await AuthenticateAsync(stream, remote, tls, token).ConfigureAwait(false);
            }

            stage = "the distribution handshake";
            var handshake = await DistributionHandshake.PerformAsync(stream, localNode, creation, node, options.Cookie, options.Tls is not null, token).ConfigureAwait(false);
            return (stream, handshake);
        }
        catch (OperationCanceledException e) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            stream?.Dispose();
            if (stage == "the TLS handshake")
            {
                throw new ErlangTlsException(node, $"the TLS handshake did not complete within {ErlangTimeoutException.Format(options.ConnectTimeout)}: the node may not use TLS distribution", e);
            }

            throw new ErlangTimeoutException($"Connecting to node '{node}' ({stage})", options.ConnectTimeout, e);
        }
        catch
        {
            stream?.Dispose();
            throw;
        }
    }

    private static async Task<SslStream> AuthenticateAsync(Stream inner, ErlangNodeName remote, ErlangTlsOptions tls, CancellationToken cancellationToken)
    {
        string? rejection = null;
        var ssl = new SslStream(inner, leaveInnerStreamOpen: false);
        var authentication = new SslClientAuthenticationOptions
        {
            TargetHost = remote.Host,
            ClientCertificates = tls.ClientCertificate is null ? null : [tls.ClientCertificate],
            RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
            {
                rejection = CertificateRejection(certificate, errors, tls);
                return rejection is null;
            },
        };
        try
        {
            await ssl.AuthenticateAsClientAsync(authentication, cancellationToken).ConfigureAwait(false);
            return ssl;
        }
        catch (AuthenticationException e)
        {
            await ssl.DisposeAsync().ConfigureAwait(false);
            throw new ErlangTlsException(
                remote.ToString(),
                rejection is not null ? $"the node's certificate was rejected: {rejection}" : $"the TLS handshake failed ({e.Message}); the node may have rejected our client certificate or not use TLS distribution",
                e);
        }
        catch (IOException e)
        {
            await ssl.DisposeAsync().ConfigureAwait(false);
            throw new ErlangTlsException(
                remote.ToString(),
                "the node closed the connection during the TLS handshake: it may not use TLS distribution (-proto_dist inet_tls), or it requires a client certificate we did not give or it does not trust",
                e);
        }
    }

    /// <summary>Why the node's certificate is unacceptable, or null when its chain leads to one of our CAs.</summary>
    private static string? CertificateRejection(X509Certificate? certificate, SslPolicyErrors errors, ErlangTlsOptions tls)
    {
        if (certificate is null)
        {
            return "the node sent no certificate";
        }

        if (tls.VerifyHostName && errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch))
        {
            return "it does not name the host of the node (VerifyHostName is on)";
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(tls.TrustedCertificateAuthorities);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var leaf = new X509Certificate2(certificate);
        if (chain.Build(leaf))
        {
            return null;
        }

        var problems = chain.ChainStatus.Select(s => s.Status.ToString()).Distinct();
        return $"'{leaf.Subject}' does not chain to a trusted CA ({string.Join(", ", problems)})";
    }
}
