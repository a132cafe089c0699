using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Erlmcp.Autoscaler.Server.Tests.Infrastructure;

/// <summary>
/// Certificates made for a test run, valid from 2020 to 2040 (so that tests on a fake clock still verify): a serving
/// authority and its certificate for 127.0.0.1 and localhost, a client authority with client certificates, a
/// request-header (front-proxy) authority with the aggregator's certificate and one of a name not allowed, and an
/// unrelated authority whose client certificate must be rejected. Written as PEM files into a temporary folder.
/// </summary>
internal sealed class TestCertificates
{
    private static readonly DateTimeOffset NotBefore = new(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset NotAfter = new(2040, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public TestCertificates()
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("erlmcp-metrics-api-").FullName;
        ServingAuthority = CreateAuthority("CN=test-serving-ca");
        ClientAuthority = CreateAuthority("CN=test-client-ca");
        WrongAuthority = CreateAuthority("CN=some-other-ca");
        FrontProxyAuthority = CreateAuthority("CN=test-front-proxy-ca");
        Serving = CreateServing(ServingAuthority, "CN=erlmcp-autoscaler.test");
        Alice = CreateClient(ClientAuthority, "CN=alice,O=erlmcp-operators,O=dev");
        Mallory = CreateClient(WrongAuthority, "CN=mallory,O=erlmcp-operators");
        FrontProxy = CreateClient(FrontProxyAuthority, $"CN={FrontProxyName}");
        UnlistedProxy = CreateClient(FrontProxyAuthority, "CN=some-other-proxy");

        ServingAuthorityFile = WritePem("serving-ca.crt", ServingAuthority.ExportCertificatePem());
        ClientAuthorityFile = WritePem("client-ca.crt", ClientAuthority.ExportCertificatePem());
        FrontProxyAuthorityFile = WritePem("front-proxy-ca.crt", FrontProxyAuthority.ExportCertificatePem());
        (ServingCertFile, ServingKeyFile) = WritePair("serving", Serving);
        (AliceCertFile, AliceKeyFile) = WritePair("alice", Alice);
        (MalloryCertFile, MalloryKeyFile) = WritePair("mallory", Mallory);
    }

    /// <summary>The common name of <see cref="FrontProxy"/>, the one allowed name (kube-apiserver's usual <c>front-proxy-client</c>).</summary>
    public const string FrontProxyName = "front-proxy-client";

    public string Directory { get; }

    public X509Certificate2 ServingAuthority { get; }

    public X509Certificate2 ClientAuthority { get; }

    public X509Certificate2 WrongAuthority { get; }

    public X509Certificate2 FrontProxyAuthority { get; }

    /// <summary>The aggregator's client certificate: signed by the request-header authority, with the allowed name.</summary>
    public X509Certificate2 FrontProxy { get; }

    /// <summary>Signed by the request-header authority, but with a name not in the allowed list.</summary>
    public X509Certificate2 UnlistedProxy { get; }

    public X509Certificate2 Serving { get; }

    public X509Certificate2 Alice { get; }

    public X509Certificate2 Mallory { get; }

    public string ServingAuthorityFile { get; }

    public string ClientAuthorityFile { get; }

    public string FrontProxyAuthorityFile { get; }

    public string ServingCertFile { get; }

    public string ServingKeyFile { get; }

    public string AliceCertFile { get; }

    public string AliceKeyFile { get; }

    public string MalloryCertFile { get; }

    public string MalloryKeyFile { get; }

    public static X509Certificate2 CreateServing(X509Certificate2 authority, string subject)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        return Sign(request, authority, key);
    }

    public static X509Certificate2 CreateClient(X509Certificate2 authority, string subject)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.2")], false));
        return Sign(request, authority, key);
    }

    /// <summary>Writes a certificate and its key as PEM files named after <paramref name="name"/>.</summary>
    public (string CertFile, string KeyFile) WritePair(string name, X509Certificate2 certificate)
    {
        var certFile = WritePem(name + ".crt", certificate.ExportCertificatePem());
        var keyFile = WritePem(name + ".key", certificate.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem());
        return (certFile, keyFile);
    }

    public void DeleteFiles() => System.IO.Directory.Delete(Directory, recursive: true);

    private static X509Certificate2 CreateAuthority(string subject)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        return request.CreateSelfSigned(NotBefore, NotAfter);
    }

    private static X509Certificate2 Sign(CertificateRequest request, X509Certificate2 authority, ECDsa key)
    {
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(authority, true, false));
        using var signed = request.Create(authority, NotBefore, NotAfter, RandomNumberGenerator.GetBytes(16));
        return signed.CopyWithPrivateKey(key);
    }

    private string WritePem(string name, string pem)
    {
        var path = Path.Combine(Directory, name);
        File.WriteAllText(path, pem + "\n");
        return path;
    }
}
