using System.Net.Sockets;
using Erlmcp.Autoscaler.Core.Connections;
using Erlmcp.Autoscaler.Erlang.Connection;
using Erlmcp.Autoscaler.Erlang.Handshake;
using Erlmcp.Autoscaler.Erlang.Terms;
using Erlmcp.Autoscaler.Erlang.Tests.Integration;
using Erlmcp.Autoscaler.Erlang.Tests.Support;
using Erlmcp.Autoscaler.Server.Sources;

namespace Erlmcp.Autoscaler.Server.Tests.Sources.Erlang;

/// <summary>
/// Real Erlang nodes running the erlmcp_scale_admin agent (built from src/erlang) with the test node's echo listener:
/// three sharing one cookie, one with a cookie of its own (what a wrong cookie looks like from the source), and one
/// on TLS distribution that requires a client certificate.
/// </summary>
public sealed class ErlangSourceNodesFixture : IAsyncLifetime
{
    private string buildDirectory = string.Empty;
    private ErlangConnectionPool Pool { get; set; } = null!;

    private ErlangConnectionPool TlsPool { get; set; } = null!;

    /// <summary>The cookie of <see cref="First"/>, <see cref="Second"/> and <see cref="Restarted"/>.</summary>
    public string Cookie { get; } = "source_" + Guid.NewGuid().ToString("N");

    public ErlangTestNode First { get; private set; } = null!;

    public ErlangTestNode Second { get; private set; } = null!;

    /// <summary>The node the restart test kills and starts again.</summary>
    public ErlangTestNode Restarted { get; private set; } = null!;

    /// <summary>A node with another cookie than <see cref="Cookie"/>.</summary>
    public ErlangTestNode OtherCookie { get; private set; } = null!;

    /// <summary>A node on TLS distribution (with <see cref="Cookie"/>) that requires a client certificate from <see cref="Certificates"/>' CA.</summary>
    public ErlangTestNode Tls { get; private set; } = null!;

    /// <summary>The TLS node's CA, and its certificate, which also serves as a client certificate (it names 127.0.0.1).</summary>
    public TestCertificates Certificates { get; } = TestCertificates.Create();

    public async Task InitializeAsync()
    {
        buildDirectory = await ScaleAdminAgent.BuildAsync();
        var nodes = await Task.WhenAll(
            ScaleAdminAgent.StartNodeAsync(buildDirectory, Cookie),
            ScaleAdminAgent.StartNodeAsync(buildDirectory, Cookie),
            ScaleAdminAgent.StartNodeAsync(buildDirectory, Cookie),
            ScaleAdminAgent.StartNodeAsync(buildDirectory),
            ErlangTestNode.StartAsync(new ErlangTestNodeSettings
            {
                Cookie = Cookie,
                ExtraArguments = ["-pa", Path.Combine(buildDirectory, "ebin"), "-proto_dist", "inet_tls", "-ssl_dist_optfile", Certificates.WriteDistributionOptionsFile()],
                StartupExpression = "{ok, _} = erlmcp_scale_admin_testnode:start(#{max_connections => 100})",
            }));
        (First, Second, Restarted, OtherCookie, Tls) = (nodes[0], nodes[1], nodes[2], nodes[3], nodes[4]);
        var options = new ErlangNodeOptions { Cookie = new ErlangCookie(Cookie), CallTimeout = TimeSpan.FromSeconds(30) };
        Pool = new ErlangConnectionPool(options);
        TlsPool = new ErlangConnectionPool(options with
        {
            Tls = new ErlangTlsOptions { TrustedCertificateAuthorities = [Certificates.CertificateAuthority], ClientCertificate = Certificates.ClientCertificate },
        });
    }

    public async Task DisposeAsync()
    {
        await Pool.DisposeAsync();
        await TlsPool.DisposeAsync();
        foreach (var node in new[] { First, Second, Restarted, OtherCookie, Tls })
        {
            await node.DisposeAsync();
        }

        Certificates.Dispose();
        Directory.Delete(buildDirectory, recursive: true);
    }

    public static DiscoveredPod Pod(string name, ErlangTestNode node) =>
        new(new PodReference("erlmcp", name), "127.0.0.1", Ready: true, node.NodeName, new Dictionary<string, string>(), "erlmcp");

    /// <summary>Opens <paramref name="count"/> client connections to the node's echo listener.</summary>
    public async Task<List<TcpClient>> OpenConnectionsAsync(ErlangTestNode node, int count)
    {
        var port = (await AdminAsync(node, "erlmcp_scale_admin_testnode", "ports"))["listener_port"].AsInt();
        var connections = new List<TcpClient>();
        for (var i = 0; i < count; i++)
        {
            var connection = new TcpClient();
            await connection.ConnectAsync("127.0.0.1", port);
            connections.Add(connection);
        }

        return connections;
    }

    /// <summary>The total the node itself counts now.</summary>
    public async Task<long> NodeTotalAsync(ErlangTestNode node) => (await AdminAsync(node, "erlmcp_scale_admin", "connection_count"))["total"].AsLong();

    /// <summary>How many subscribers the node's agent has.</summary>
    public async Task<long> SubscribersAsync(ErlangTestNode node) => (await AdminAsync(node, "erlmcp_scale_admin", "status"))["subscribers"].AsLong();

    private async Task<ErlangMap> AdminAsync(ErlangTestNode node, string module, string function) =>
        (await (node == Tls ? TlsPool : Pool).GetClient(node.NodeName).RpcAsync(module, function, [])).UnwrapOk().AsMap();
}
