using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Connections.Features;

namespace Erlmcp.Autoscaler.Server.Security.Authentication;

/// <summary>
/// kube-apiserver's x509 authenticator: a client certificate that chains to the client CA bundle, valid now and
/// usable for client authentication, authenticates its subject's common name as the user and its organizations as
/// the groups. The verdict is kept for the connection (the certificate cannot change on it) until the bundle changes.
/// </summary>
public sealed class X509ClientCertificateAuthenticator(ClientCaBundle authorities, TimeProvider time) : IRequestAuthenticator
{
    private const string ClientAuthentication = "1.3.6.1.5.5.7.3.2";
    private const string CommonName = "2.5.4.3";
    private const string Organization = "2.5.4.10";
    private static readonly object CacheKey = new();

    public ValueTask<AuthenticationResult> AuthenticateAsync(HttpContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var certificate = context.Connection.ClientCertificate;
        if (certificate is null)
        {
            return ValueTask.FromResult(AuthenticationResult.NoCredentials);
        }

        var (trusted, version) = authorities.Current;
        var now = time.GetUtcNow();
        var connection = context.Features.Get<IConnectionItemsFeature>()?.Items;
        if (connection is not null)
        {
            lock (connection)
            {
                if (connection.TryGetValue(CacheKey, out var cached) && cached is Verdict verdict
                    && ReferenceEquals(verdict.Certificate, certificate) && ReferenceEquals(verdict.Version, version) && now < certificate.NotAfter)
                {
                    return ValueTask.FromResult(verdict.Result);
                }
            }
        }

        var result = Verify(certificate, trusted, now);
        if (connection is not null)
        {
            lock (connection)
            {
                connection[CacheKey] = new Verdict(certificate, version, result);
            }
        }

        return ValueTask.FromResult(result);
    }

    internal static AuthenticationResult Verify(X509Certificate2 certificate, X509Certificate2Collection trusted, DateTimeOffset now)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(trusted);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.DisableCertificateDownloads = true;
        chain.ChainPolicy.VerificationTime = now.UtcDateTime;
        chain.ChainPolicy.ApplicationPolicy.Add(new Oid(ClientAuthentication));
        if (!chain.Build(certificate))
        {
            var problems = string.Join("; ", chain.ChainStatus.Select(status => status.StatusInformation.Trim()).Distinct());
            return AuthenticationResult.Rejected($"client certificate \"{certificate.Subject}\" does not verify against the client CA bundle: {problems}");
        }

        string? user = null;
        var groups = new List<string>();
        foreach (var name in certificate.SubjectName.EnumerateRelativeDistinguishedNames(reversed: false))
        {
            if (name.HasMultipleElements)
            {
                continue;
            }

            switch (name.GetSingleElementType().Value)
            {
                case CommonName:
                    user = name.GetSingleElementValue();
                    break;
                case Organization when name.GetSingleElementValue() is { } group:
                    groups.Add(group);
                    break;
            }
        }

        return string.IsNullOrEmpty(user)
            ? AuthenticationResult.Rejected($"client certificate \"{certificate.Subject}\" has no common name to take the user from")
            : AuthenticationResult.Success(new UserInfo(user, groups));
    }

    private sealed record Verdict(X509Certificate2 Certificate, object Version, AuthenticationResult Result);
}
