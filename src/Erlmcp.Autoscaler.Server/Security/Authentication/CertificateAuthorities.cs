using System.Security.Cryptography.X509Certificates;

namespace Erlmcp.Autoscaler.Server.Security.Authentication;

/// <summary>
/// A set of trusted certificate authorities as loaded at one moment. A reload makes a new instance, so a verdict
/// cached for a connection is tied to the instance it was checked against.
/// </summary>
public sealed class CertificateAuthorities(X509Certificate2Collection certificates)
{
    public X509Certificate2Collection Certificates { get; } = certificates;

    /// <summary>Parses a PEM bundle; null when it holds no certificate or does not parse.</summary>
    public static CertificateAuthorities? FromPem(string pem)
    {
        var certificates = new X509Certificate2Collection();
        try
        {
            certificates.ImportFromPem(pem);
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null;
        }

        return certificates.Count == 0 ? null : new CertificateAuthorities(certificates);
    }
}

/// <summary>Where the current authorities come from (a file, the <c>extension-apiserver-authentication</c> ConfigMap); null when there are none yet.</summary>
public interface ICertificateAuthoritySource
{
    CertificateAuthorities? CurrentAuthorities { get; }
}
