using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Erlmcp.Autoscaler.Server.Security.Tls;

/// <summary>
/// The serving certificate from PEM files (certificate then intermediates; private key), checked on every handshake
/// and reloaded when either file changes. A pair that does not load (caught mid-rotation, key not matching yet) is
/// logged and the previous certificate kept until the files are whole again.
/// </summary>
public sealed class FileServingCertificate : IServingCertificateSource
{
    private readonly string certificateFile;
    private readonly string keyFile;
    private readonly ILogger logger;
    private readonly Lock reloading = new();
    private Loaded current;

    /// <exception cref="InvalidDataException">The files do not hold a certificate and its key.</exception>
    public FileServingCertificate(string certificateFile, string keyFile, ILogger<FileServingCertificate> logger)
    {
        this.certificateFile = certificateFile;
        this.keyFile = keyFile;
        this.logger = logger;
        var versions = Versions();
        try
        {
            current = new Loaded(Load(certificateFile, keyFile), versions);
        }
        catch (Exception e) when (e is IOException or CryptographicException or ArgumentException)
        {
            throw new InvalidDataException($"cannot load the serving certificate \"{certificateFile}\" with key \"{keyFile}\": {e.Message}", e);
        }
    }

    public SslStreamCertificateContext Current
    {
        get
        {
            var loaded = Volatile.Read(ref current);
            var versions = Versions();
            if (versions == loaded.Versions)
            {
                return loaded.Context;
            }

            lock (reloading)
            {
                if (current.Versions != versions)
                {
                    try
                    {
                        Volatile.Write(ref current, new Loaded(Load(certificateFile, keyFile), versions));
                        logger.ServingCertificateReloaded(certificateFile, current.Context.TargetCertificate.Subject);
                    }
                    catch (Exception e) when (e is IOException or CryptographicException or ArgumentException)
                    {
                        logger.ServingCertificateNotReloaded(certificateFile, keyFile, e.Message);
                    }
                }

                return current.Context;
            }
        }
    }

    private (FileVersion Certificate, FileVersion Key) Versions() => (FileVersion.Of(certificateFile), FileVersion.Of(keyFile));

    private static SslStreamCertificateContext Load(string certificateFile, string keyFile)
    {
        var chain = new X509Certificate2Collection();
        chain.ImportFromPemFile(certificateFile);
        if (chain.Count == 0)
        {
            throw new CryptographicException($"no PEM certificate in {certificateFile}");
        }

        var leaf = X509Certificate2.CreateFromPemFile(certificateFile, keyFile);
        var intermediates = new X509Certificate2Collection();
        for (var i = 1; i < chain.Count; i++)
        {
            intermediates.Add(chain[i]);
        }

        return SslStreamCertificateContext.Create(leaf, intermediates, offline: true);
    }

    private sealed record Loaded(SslStreamCertificateContext Context, (FileVersion Certificate, FileVersion Key) Versions);
}
