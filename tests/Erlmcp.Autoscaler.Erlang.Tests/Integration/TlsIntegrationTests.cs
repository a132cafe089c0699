using Erlmcp.Autoscaler.Erlang.Connection;
using Erlmcp.Autoscaler.Erlang.Errors;
using Erlmcp.Autoscaler.Erlang.Terms;
using Erlmcp.Autoscaler.Erlang.Tests.Support;

namespace Erlmcp.Autoscaler.Erlang.Tests.Integration;

/// <summary>A node started with -proto_dist inet_tls that requires client certificates from the test CA.</summary>
public sealed class TlsNodeFixture : IAsyncLifetime
{
    public TestCertificates Certificates { get; } = TestCertificates.Create();

    public ErlangTestNode Node { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Node = await ErlangTestNode.StartAsync(new ErlangTestNodeSettings
        {
            ExtraArguments = ["-proto_dist", "inet_tls", "-ssl_dist_optfile", Certificates.WriteDistributionOptionsFile()],
        });
    }

    public async Task DisposeAsync()
    {
        await Node.DisposeAsync();
        Certificates.Dispose();
    }

    public ErlangTlsOptions TlsOptions() => new()
    {
        TrustedCertificateAuthorities = [Certificates.CertificateAuthority],
        ClientCertificate = Certificates.ClientCertificate,
    };
}

public sealed class TlsIntegrationTests(TlsNodeFixture tls, SharedNodeFixture plain) : IClassFixture<TlsNodeFixture>, IClassFixture<SharedNodeFixture>
{
    [Fact]
    public async Task Rpc_over_TLS_distribution_with_a_client_certificate()
    {
        await using var pool = new ErlangConnectionPool(tls.Node.ClientOptions() with { Tls = tls.TlsOptions() });

        var result = await pool.GetClient(tls.Node.NodeName).RpcAsync("erlang", "node", []);

        Assert.Equal(new ErlangAtom(tls.Node.NodeName), result);
    }

    [Fact]
    public async Task A_plain_client_to_a_TLS_node_is_told_the_node_uses_TLS()
    {
        await using var pool = new ErlangConnectionPool(tls.Node.ClientOptions());

        var error = await Assert.ThrowsAnyAsync<ErlangDistributionException>(() => pool.GetClient(tls.Node.NodeName).RpcAsync("erlang", "node", []));

        Assert.True(error is ErlangTlsException or ErlangHandshakeRefusedException, error.ToString());
        Assert.Contains("TLS", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_TLS_client_to_a_plain_node_gets_a_TLS_error()
    {
        await using var pool = new ErlangConnectionPool(plain.Node.ClientOptions() with { Tls = tls.TlsOptions(), ConnectTimeout = TimeSpan.FromSeconds(3) });

        var error = await Assert.ThrowsAsync<ErlangTlsException>(() => pool.GetClient(plain.Node.NodeName).RpcAsync("erlang", "node", [], TimeSpan.FromSeconds(30)));

        Assert.Contains("may not use TLS distribution", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_node_certificate_from_another_CA_is_rejected()
    {
        using var otherCa = TestCertificates.Create("other");
        var options = tls.TlsOptions() with { TrustedCertificateAuthorities = [otherCa.CertificateAuthority] };
        await using var pool = new ErlangConnectionPool(tls.Node.ClientOptions() with { Tls = options });

        var error = await Assert.ThrowsAsync<ErlangTlsException>(() => pool.GetClient(tls.Node.NodeName).RpcAsync("erlang", "node", []));

        Assert.Contains("certificate was rejected", error.Message, StringComparison.Ordinal);
        Assert.Contains("erlmcp test node", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Host_name_verification_rejects_a_certificate_that_does_not_name_the_host()
    {
        var options = tls.TlsOptions() with { VerifyHostName = true };
        await using var pool = new ErlangConnectionPool(tls.Node.ClientOptions() with { Tls = options });

        var error = await Assert.ThrowsAsync<ErlangTlsException>(() => pool.GetClient(tls.Node.NodeName).RpcAsync("erlang", "node", []));

        Assert.Contains("does not name the host", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_node_that_requires_a_client_certificate_refuses_a_client_without_one()
    {
        var options = tls.TlsOptions() with { ClientCertificate = null };
        await using var pool = new ErlangConnectionPool(tls.Node.ClientOptions() with { Tls = options });

        var error = await Assert.ThrowsAnyAsync<ErlangDistributionException>(() => pool.GetClient(tls.Node.NodeName).RpcAsync("erlang", "node", []));

        Assert.True(error is ErlangTlsException, error.ToString());
    }
}
