using Erlmcp.Autoscaler.Server.Security.Tls;

namespace Erlmcp.Autoscaler.Server.Security.Authentication;

/// <summary>The certificate authorities trusted for client certificates, read from a PEM bundle and re-read when the file changes.</summary>
public sealed class ClientCaBundle : ICertificateAuthoritySource
{
    private readonly string path;
    private readonly Lock reloading = new();
    private Loaded current;

    /// <exception cref="InvalidDataException">The file holds no PEM certificate.</exception>
    public ClientCaBundle(string path)
    {
        this.path = path;
        current = Load(path, FileVersion.Of(path)) ?? throw new InvalidDataException($"{path}: no PEM certificate in the CA bundle");
    }

    /// <summary>The authorities now; a new instance whenever the file changed and parses.</summary>
    public CertificateAuthorities CurrentAuthorities
    {
        get
        {
            var loaded = Volatile.Read(ref current);
            var version = FileVersion.Of(path);
            if (version == loaded.Version)
            {
                return loaded.Authorities;
            }

            lock (reloading)
            {
                // A bundle caught half-written parses to fewer or no certificates; keep the previous one until it parses.
                if (current.Version != version && Load(path, version) is { } reloaded)
                {
                    Volatile.Write(ref current, reloaded);
                }

                return current.Authorities;
            }
        }
    }

    private static Loaded? Load(string path, FileVersion version)
    {
        string pem;
        try
        {
            pem = File.ReadAllText(path);
        }
        catch (IOException)
        {
            return null;
        }

        return CertificateAuthorities.FromPem(pem) is { } authorities ? new Loaded(authorities, version) : null;
    }

    private sealed record Loaded(CertificateAuthorities Authorities, FileVersion Version);
}
