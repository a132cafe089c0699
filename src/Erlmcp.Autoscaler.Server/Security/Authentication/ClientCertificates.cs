using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Connections.Features;

namespace Erlmcp.Autoscaler.Server.Security.Authentication;

/// <summary>
/// What the certificate authenticators share: kube-apiserver's x509 verification (chains to the given authorities,
/// valid now, usable for client authentication), the subject's common name and organizations, and a verdict kept for
/// the connection (the certificate cannot change on it) until the authorities change.
/// </summary>
internal static class ClientCertificates
{
    private const string ClientAuthentication = "1.3.6.1.5.5.7.3.2";
    private const string CommonNameOid = "2.5.4.3";
    private const string OrganizationOid = "2.5.4.10";

    /// <summary>Null when <paramref name="certificate"/> verifies against <paramref name="trusted"/> at <paramref name="now"/>; otherwise what is wrong.</summary>
    public static string? Verify(X509Certificate2 certificate, CertificateAuthorities trusted, DateTimeOffset now)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(trusted.Certificates);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.DisableCertificateDownloads = true;
        chain.ChainPolicy.VerificationTime = now.UtcDateTime;
        chain.ChainPolicy.ApplicationPolicy.Add(new Oid(ClientAuthentication));
        return chain.Build(certificate)
            ? null
            : string.Join("; ", chain.ChainStatus.Select(status => status.StatusInformation.Trim()).Distinct());
    }

    /// <summary>The subject's common name (empty when none) and its organizations, in order.</summary>
    public static (string CommonName, List<string> Organizations) Subject(X509Certificate2 certificate)
    {
        var commonName = "";
        var organizations = new List<string>();
        foreach (var name in certificate.SubjectName.EnumerateRelativeDistinguishedNames(reversed: false))
        {
            if (name.HasMultipleElements)
            {
                continue;
            }

            switch (name.GetSingleElementType().Value)
            {
                case CommonNameOid:
                    commonName = name.GetSingleElementValue() ?? "";
                    break;
                case OrganizationOid when name.GetSingleElementValue() is { } organization:
                    organizations.Add(organization);
                    break;
            }
        }

        return (commonName, organizations);
    }

    /// <summary>
    /// The verdict <paramref name="verify"/> gives for the connection's certificate, computed once per connection and
    /// <paramref name="version"/> (the authorities, or the settings they belong to) and reused until the certificate expires.
    /// </summary>
    public static T PerConnection<T>(HttpContext context, object cacheKey, X509Certificate2 certificate, object version, DateTimeOffset now, Func<T> verify)
        where T : class
    {
        var connection = context.Features.Get<IConnectionItemsFeature>()?.Items;
        if (connection is not null)
        {
            lock (connection)
            {
                if (connection.TryGetValue(cacheKey, out var cached) && cached is Verdict<T> verdict
                    && ReferenceEquals(verdict.Certificate, certificate) && ReferenceEquals(verdict.Version, version) && now < certificate.NotAfter)
                {
                    return verdict.Result;
                }
            }
        }

        var result = verify();
        if (connection is not null)
        {
            lock (connection)
            {
                connection[cacheKey] = new Verdict<T>(certificate, version, result);
            }
        }

        return result;
    }

    private sealed record Verdict<T>(X509Certificate2 Certificate, object Version, T Result);
}
