using System.Security.Cryptography;
using System.Text;

namespace Provisio.Server.Admin;

/// <summary>
/// Admin API keys: <c>pak_{id}_{secret}</c>, where <c>pak_{id}</c> is the visible prefix that names the key and the
/// secret is 256 random bits. Only the SHA-256 hash of the whole key is stored. The prefix differs from SCIM tokens'
/// <c>scim_</c>, so neither kind parses as the other and a key pasted into the wrong place is refused on sight.
/// </summary>
internal static class AdminKeyFormat
{
    private const string Scheme = "pak_";
    private const int IdLength = 12;
    private const string IdAlphabet = "abcdefghijkmnpqrstuvwxyz23456789";

    /// <summary>A new key: its visible id and the full key text, which is shown once and never stored.</summary>
    public static (string Id, string Key) Generate()
    {
        var id = Scheme + RandomNumberGenerator.GetString(IdAlphabet, IdLength);
        var secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return (id, $"{id}_{secret}");
    }

    /// <summary>The visible id of a presented key, or null when it is not shaped like an admin key.</summary>
    public static string? ParseId(string key)
    {
        if (!key.StartsWith(Scheme, StringComparison.Ordinal))
        {
            return null;
        }
        var separator = key.IndexOf('_', Scheme.Length);
        return separator == Scheme.Length + IdLength && key.Length > separator + 1 ? key[..separator] : null;
    }

    public static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));

    /// <summary>Compares a presented key with a stored hash in constant time.</summary>
    public static bool Matches(string key, byte[] storedHash) =>
        CryptographicOperations.FixedTimeEquals(Hash(key), storedHash);
}
