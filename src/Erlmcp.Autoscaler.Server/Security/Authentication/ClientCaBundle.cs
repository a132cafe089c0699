using System.Security.Cryptography.X509Certificates;
using Erlmcp.Autoscaler.Server.Security.Tls;

namespace Erlmcp.Autoscaler.Server.Security.Authentication;

/// <summary>The certificate authorities trusted for client certificates, read from a PEM bundle and re-read when the file changes.</summary>
public sealed class ClientCaBundle
{
    private readonly string path;
    private readonly Lock reloading = new();
    private Loaded current;

    public ClientCaBundle(string path)
    {
        this.path = path;
        current = Load(path, FileVersion.Of(path)) ?? throw new InvalidDataException($"{path}: no PEM certificate in the client CA bundle");
    }

    /// <summary>The authorities now, and a version that changes whenever they do.</summary>
    public (X509Certificate2Collection Authorities, object Version) Current
    {
        get
        {
            var loaded = Volatile.Read(ref current);
            var version = FileVersion.Of(path);
            if (version == loaded.Version)
            {
                return (loaded.Authorities, loaded);
            }

            lock (reloading)
            {
                // A bundle caught half-written parses to fewer or no certificates; keep the previous one until it parses.
                if (current.Version != version && Load(path, version) is { } reloaded)
                {
                    Volatile.Write(ref current, reloaded);
                }

                return (current.Authorities, current);
            }
        }
    }

    private static Loaded? Load(string path, FileVersion version)
    {
        var authorities = new X509Certificate2Collection();
        try
        {
            authorities.ImportFromPemFile(path);
        }
        catch (Exception e) when (e is IOException or System.Security.Cryptography.CryptographicException)
        {
            return null;
        }

        return authorities.Count == 0 ? null : new Loaded(authorities, version);
    }

    private sealed record Loaded(X509Certificate2Collection Authorities, FileVersion Version);
}
