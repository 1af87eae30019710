using System.Security.Cryptography;
using System.Text;

namespace Provisio.AspNetCore.Auth;

/// <summary>
/// SCIM bearer tokens: <c>scim_{id}_{secret}</c>, where <c>scim_{id}</c> is the visible prefix that names the token
/// and the secret is 256 random bits. Only the SHA-256 hash of the whole token is stored.
/// </summary>
public static class ScimTokenFormat
{
    private const string Scheme = "scim_";
    private const string IdAlphabet = "abcdefghijkmnpqrstuvwxyz23456789";

    /// <summary>A new token: its visible id and the full token text, which is shown once and never stored.</summary>
    public static (string Id, string Token) Generate()
    {
        var id = Scheme + RandomNumberGenerator.GetString(IdAlphabet, 12);
        var secret = Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
        return (id, $"{id}_{secret}");
    }

    /// <summary>The visible id of a presented token, or null when it is not shaped like one of ours.</summary>
    public static string? ParseId(string token)
    {
        if (!token.StartsWith(Scheme, StringComparison.Ordinal))
        {
            return null;
        }
        var separator = token.IndexOf('_', Scheme.Length);
        return separator == Scheme.Length + 12 && token.Length > separator + 1 ? token[..separator] : null;
    }

    public static byte[] Hash(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));

    /// <summary>Compares a presented token with a stored hash in constant time.</summary>
    public static bool Matches(string token, byte[] storedHash) =>
        CryptographicOperations.FixedTimeEquals(Hash(token), storedHash);

    private static string Base64UrlEncode(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
