using System.Net.Http;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Erlmcp.Autoscaler.Server.Tests.Infrastructure;

namespace Erlmcp.Autoscaler.Server.Tests.Security;

/// <summary>The serving certificate: reloaded from its files, or generated with its authority written out; TLS 1.2 and 1.3.</summary>
public sealed class TlsTests
{
    [Fact]
    public async Task Replacing_the_certificate_files_serves_the_new_certificate_on_the_next_connection()
    {
        await using var server = await RunningServer.StartAsync();
        var before = await ServedCertificateAsync(server);
        Assert.Equal(server.Certificates.Serving.Thumbprint, before.Thumbprint);

        var renewed = TestCertificates.CreateServing(server.Certificates.ServingAuthority, "CN=erlmcp-autoscaler.renewed");
        File.WriteAllText(server.Certificates.ServingKeyFile, renewed.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem() + "\n");
        File.WriteAllText(server.Certificates.ServingCertFile, renewed.ExportCertificatePem() + "\n");
        // The modification time must differ from the original files' even on a coarse file-system clock.
        File.SetLastWriteTimeUtc(server.Certificates.ServingCertFile, DateTime.UtcNow.AddSeconds(5));

        var after = await ServedCertificateAsync(server);
        Assert.Equal(renewed.Thumbprint, after.Thumbprint);
        Assert.Equal("CN=erlmcp-autoscaler.renewed", after.Subject);
    }

    [Fact]
    public async Task A_half_written_pair_keeps_the_previous_certificate()
    {
        await using var server = await RunningServer.StartAsync();
        var other = TestCertificates.CreateServing(server.Certificates.ServingAuthority, "CN=other");
        File.WriteAllText(server.Certificates.ServingCertFile, other.ExportCertificatePem() + "\n");
        File.SetLastWriteTimeUtc(server.Certificates.ServingCertFile, DateTime.UtcNow.AddSeconds(5));

        // The key file still holds the old key, which does not match the new certificate.
        Assert.Equal(server.Certificates.Serving.Thumbprint, (await ServedCertificateAsync(server)).Thumbprint);
    }

    [Fact]
    public async Task A_generated_certificate_chains_to_the_authority_written_for_the_caBundle()
    {
        var caFile = Path.Combine(Path.GetTempPath(), $"erlmcp-generated-ca-{Guid.NewGuid():N}", "ca.crt");
        await using var server = await RunningServer.StartAsync(_ => new Dictionary<string, string?>
        {
            ["MetricsApi:TlsCertFile"] = null,
            ["MetricsApi:TlsPrivateKeyFile"] = null,
            ["MetricsApi:SelfSignedCaFile"] = caFile,
            ["MetricsApi:SelfSignedHosts:0"] = "127.0.0.1",
            ["MetricsApi:SelfSignedHosts:1"] = "erlmcp-autoscaler.erlmcp.svc",
        });
        try
        {
            var authority = X509Certificate2.CreateFromPem(File.ReadAllText(caFile));
            using var client = server.Client(server.Certificates.Alice, trust: authority);

            var (code, _, _) = await Json.GetAsync(client, "/apis");

            Assert.Equal(200, code);
            Assert.True(authority.Extensions.OfType<X509BasicConstraintsExtension>().Single().CertificateAuthority);
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(caFile)!, recursive: true);
        }
    }

    [Theory]
    [InlineData(SslProtocols.Tls12)]
    [InlineData(SslProtocols.Tls13)]
    public async Task TLS_1_2_and_1_3_are_served(SslProtocols protocol)
    {
        await using var server = await RunningServer.StartAsync();

        using var tcp = new TcpClient();
        await tcp.ConnectAsync("127.0.0.1", server.Port);
        await using var tls = new SslStream(tcp.GetStream());
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = "127.0.0.1",
            EnabledSslProtocols = protocol,
            RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate is X509Certificate2 served && served.Thumbprint == server.Certificates.Serving.Thumbprint,
        });

        Assert.Equal(protocol, tls.SslProtocol);
    }

    private static async Task<X509Certificate2> ServedCertificateAsync(RunningServer server)
    {
        X509Certificate2? seen = null;
        using var client = server.Client(server.Certificates.Alice, seeServerCertificate: certificate => seen = X509CertificateLoader.LoadCertificate(certificate.RawData));
        var (code, _, _) = await Json.GetAsync(client, "/healthz");
        Assert.Equal(200, code);
        return seen!;
    }
}
