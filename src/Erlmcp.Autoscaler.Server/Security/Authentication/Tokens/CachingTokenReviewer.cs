using System.Security.Cryptography;
using System.Text;

namespace Erlmcp.Autoscaler.Server.Security.Authentication.Tokens;

/// <summary>
/// Keeps TokenReview answers briefly (k8s.io/apiserver token cache): authenticated for <c>successTtl</c>, rejected
/// for <c>failureTtl</c>; a review that could not be made is not kept. Entries are keyed by an HMAC of the audiences
/// and the token under a key made at start, so the cache never holds a token.
/// </summary>
public sealed class CachingTokenReviewer(ITokenReviewer inner, TimeSpan successTtl, TimeSpan failureTtl, TimeProvider time) : ITokenReviewer, IDisposable
{
    /// <summary>Upstream's token cache holds a few thousand entries; enough for every client of a metrics server.</summary>
    internal const int Capacity = 4096;

    private readonly ExpiringCache<string, TokenReviewResult> cache = new(Capacity);
    private readonly HMACSHA256 hash = new(RandomNumberGenerator.GetBytes(32));
    private readonly Lock hashing = new();

    public async Task<TokenReviewResult> ReviewAsync(string token, IReadOnlyList<string> audiences, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(token);
        ArgumentNullException.ThrowIfNull(audiences);
        var key = Key(token, audiences);
        if (cache.TryGet(key, time.GetUtcNow(), out var cached))
        {
            return cached;
        }

        var result = await inner.ReviewAsync(token, audiences, cancellationToken);
        cache.Set(key, result, time.GetUtcNow(), result.Authenticated ? successTtl : failureTtl);
        return result;
    }

    public void Dispose() => hash.Dispose();

    private string Key(string token, IReadOnlyList<string> audiences)
    {
        // Length-prefixed, so that no two (audiences, token) pairs make the same input.
        var input = new StringBuilder();
        foreach (var audience in audiences)
        {
            input.Append(audience.Length).Append(':').Append(audience);
        }

        input.Append('|').Append(token);
        lock (hashing)
        {
            return Convert.ToBase64String(hash.ComputeHash(Encoding.UTF8.GetBytes(input.ToString())));
        }
    }
}
