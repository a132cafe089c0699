using System.Net;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Erlmcp.Autoscaler.Server.Security.Tls;

/// <summary>
/// A serving certificate made at start for development (as kube-apiserver's self-signed fallback): a certificate
/// authority and a certificate it signs for the given hosts, both ECDSA P-256 and valid for a year. The authority's
/// certificate can be written out as PEM for the APIService <c>caBundle</c> or a kubeconfig.
/// </summary>
public sealed class GeneratedServingCertificate : IServingCertificateSource
{
    private static readonly TimeSpan Validity = TimeSpan.FromDays(365);
    private static readonly TimeSpan ClockSkew = TimeSpan.FromHours(1);

    public GeneratedServingCertificate(IReadOnlyList<string> hosts, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(hosts);
        using var authorityKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var authorityRequest = new CertificateRequest($"CN=erlmcp-autoscaler-ca@{now.ToUnixTimeSeconds()}", authorityKey, HashAlgorithmName.SHA256);
        authorityRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, hasPathLengthConstraint: true, pathLengthConstraint: 0, critical: true));
        authorityRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, critical: true));
        authorityRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(authorityRequest.PublicKey, critical: false));
        using var authority = authorityRequest.CreateSelfSigned(now - ClockSkew, now + Validity);
        Authority = X509CertificateLoader.LoadCertificate(authority.RawData);

        using var servingKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var servingRequest = new CertificateRequest($"CN=erlmcp-autoscaler@{now.ToUnixTimeSeconds()}", servingKey, HashAlgorithmName.SHA256);
        servingRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, critical: true));
        servingRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        servingRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        servingRequest.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(authority, includeKeyIdentifier: true, includeIssuerAndSerial: false));
        var names = new SubjectAlternativeNameBuilder();
        foreach (var host in hosts)
        {
            if (IPAddress.TryParse(host, out var address))
            {
                names.AddIpAddress(address);
            }
            else
            {
                names.AddDnsName(host);
            }
        }

        servingRequest.CertificateExtensions.Add(names.Build(critical: false));
        using var signed = servingRequest.Create(authority, now - ClockSkew, now + Validity, RandomNumberGenerator.GetBytes(16));
        Certificate = signed.CopyWithPrivateKey(servingKey);
        Current = SslStreamCertificateContext.Create(Certificate, [Authority], offline: true);
    }

    /// <summary>The authority that signed <see cref="Certificate"/> (without its key, which is discarded).</summary>
    public X509Certificate2 Authority { get; }

    public X509Certificate2 Certificate { get; }

    public SslStreamCertificateContext Current { get; }

    /// <summary>Writes the authority's certificate as PEM, creating the directory if needed.</summary>
    public void WriteAuthority(string path)
    {
        if (Path.GetDirectoryName(Path.GetFullPath(path)) is { } directory)
        {
            Directory.CreateDirectory(directory);
        }

        File.WriteAllText(path, Authority.ExportCertificatePem() + "\n");
    }
}
