using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Erlmcp.Autoscaler.Erlang.Handshake;

/// <summary>The handshake's proof of the cookie: MD5(cookie ++ the challenge as a decimal string).</summary>
public static class CookieDigest
{
    public const int Length = 16;

    [SuppressMessage("Security", "CA5351", Justification = "The Erlang distribution handshake defines the digest as MD5; it is not our choice.")]
    public static byte[] Compute(ErlangCookie cookie, uint challenge)
    {
        ArgumentNullException.ThrowIfNull(cookie);
        var decimalChallenge = Encoding.ASCII.GetBytes(challenge.ToString(CultureInfo.InvariantCulture));
        var input = new byte[cookie.Bytes.Length + decimalChallenge.Length];
        cookie.Bytes.CopyTo(input);
        decimalChallenge.CopyTo(input, cookie.Bytes.Length);
        var digest = MD5.HashData(input);
        CryptographicOperations.ZeroMemory(input);
        return digest;
    }
}
