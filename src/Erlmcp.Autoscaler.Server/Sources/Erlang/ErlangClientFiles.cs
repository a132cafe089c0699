using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Erlmcp.Autoscaler.Erlang.Connection;

namespace Erlmcp.Autoscaler.Server.Sources.Erlang;

/// <summary>
/// Loads the files the Erlang client's settings name (cookie, TLS authorities, client certificate), for the Erlang
/// source and the coordinator alike; a file that does not load is a configuration error naming its setting.
/// </summary>
internal static class ErlangClientFiles
{
    /// <summary>Runs <paramref name="load"/>; its failure becomes a configuration error naming <paramref name="key"/>.</summary>
    /// <exception cref="MetricsApiConfigurationException">The file does not read or does not hold what it should.</exception>
    public static T Load<T>(string key, Func<T> load)
    {
        ArgumentNullException.ThrowIfNull(load);
        try
        {
            return load();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException or ArgumentException or CryptographicException)
        {
            throw new MetricsApiConfigurationException($"{key}: {e.Message}", e);
        }
    }

    /// <summary>TLS distribution: the authorities to trust and, when <paramref name="certFile"/> is set, our client certificate.</summary>
    /// <exception cref="MetricsApiConfigurationException">A file does not load; the message names its setting.</exception>
    public static ErlangTlsOptions Tls(string caKey, string caFile, string certKey, string? certFile, string? keyFile, bool verifyHostName)
    {
        var authorities = Load(caKey, () =>
        {
            var bundle = new X509Certificate2Collection();
            bundle.ImportFromPemFile(caFile);
            return bundle.Count > 0 ? bundle : throw new InvalidDataException($"\"{caFile}\" holds no PEM certificate");
        });
        var client = string.IsNullOrEmpty(certFile) ? null : Load(certKey, () =>
        {
            using var pem = X509Certificate2.CreateFromPemFile(certFile, keyFile);
            // Through PKCS#12, so that TLS gets a key it can use on every platform (not an ephemeral one).
            return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), password: null);
        });
        return new ErlangTlsOptions { TrustedCertificateAuthorities = authorities, ClientCertificate = client, VerifyHostName = verifyHostName };
    }
}
