using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Erlmcp.Autoscaler.Erlang.Tests.Support;

/// <summary>A throwaway CA, a node certificate and a client certificate it signed, written as PEM files for Erlang.</summary>
public sealed class TestCertificates : IDisposable
{
    private TestCertificates(string directory, X509Certificate2 ca, X509Certificate2 client)
    {
        Directory = directory;
        CertificateAuthority = ca;
        ClientCertificate = client;
    }

    public string Directory { get; }

    public X509Certificate2 CertificateAuthority { get; }

    /// <summary>A client certificate (with its key) signed by <see cref="CertificateAuthority"/>.</summary>
    public X509Certificate2 ClientCertificate { get; }

    public string CaFile => Path.Combine(Directory, "ca.pem");

    public string NodeCertificateFile => Path.Combine(Directory, "node.pem");

    public string NodeKeyFile => Path.Combine(Directory, "node.key");

    public static TestCertificates Create(string commonNamePrefix = "erlmcp test")
    {
        var directory = Path.Combine(Path.GetTempPath(), "erlmcp_tls_" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(directory);
        using var caKey = RSA.Create(2048);
        var caRequest = new CertificateRequest($"CN={commonNamePrefix} CA", caKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        var now = DateTimeOffset.UtcNow;
        var ca = caRequest.CreateSelfSigned(now.AddDays(-2), now.AddDays(3));

        var (node, nodeKey) = Issue(ca, $"CN={commonNamePrefix} node", 1);
        var (client, clientKey) = Issue(ca, $"CN={commonNamePrefix} client", 2);
        File.WriteAllText(Path.Combine(directory, "ca.pem"), ca.ExportCertificatePem());
        File.WriteAllText(Path.Combine(directory, "node.pem"), node.ExportCertificatePem());
        File.WriteAllText(Path.Combine(directory, "node.key"), nodeKey.ExportPkcs8PrivateKeyPem());
        using (clientKey)
        using (node)
        using (nodeKey)
        {
            // A PKCS#12 round trip gives SslStream a key it can use on every platform.
            using var clientWithKey = client.CopyWithPrivateKey(clientKey);
            var pfx = X509CertificateLoader.LoadPkcs12(clientWithKey.Export(X509ContentType.Pfx), null);
            client.Dispose();
            return new TestCertificates(directory, X509CertificateLoader.LoadCertificate(ca.RawData), pfx);
        }
    }

    /// <summary>An ssl_dist_optfile for a node that presents the node certificate and requires a client certificate from our CA.</summary>
    public string WriteDistributionOptionsFile()
    {
        var path = Path.Combine(Directory, "ssl_dist.conf");
        File.WriteAllText(path, $$"""
            [{server, [{certfile, "{{NodeCertificateFile}}"}, {keyfile, "{{NodeKeyFile}}"}, {cacertfile, "{{CaFile}}"},
                       {verify, verify_peer}, {fail_if_no_peer_cert, true}]},
             {client, [{certfile, "{{NodeCertificateFile}}"}, {keyfile, "{{NodeKeyFile}}"}, {cacertfile, "{{CaFile}}"},
                       {verify, verify_peer}]}].
            """);
        return path;
    }

    public void Dispose()
    {
        CertificateAuthority.Dispose();
        ClientCertificate.Dispose();
        System.IO.Directory.Delete(Directory, recursive: true);
    }

    private static (X509Certificate2 Certificate, RSA Key) Issue(X509Certificate2 ca, string subject, byte serial)
    {
        var key = RSA.Create(2048);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], false));
        // inet_tls_dist with verify_peer checks that a client's certificate names the address it connects from.
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(System.Net.IPAddress.Loopback);
        names.AddIpAddress(System.Net.IPAddress.IPv6Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        var now = DateTimeOffset.UtcNow;
        return (request.Create(ca, now.AddDays(-1), now.AddDays(2), [serial, 7, 7]), key);
    }
}
