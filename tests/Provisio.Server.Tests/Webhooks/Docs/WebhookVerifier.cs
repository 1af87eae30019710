using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Provisio.Server.Tests.Webhooks.Docs;

// The C# receiver of docs/webhooks.md, word for word (WebhookDocsTests keeps the two the same).

/// <summary>Checks the Provisio-Signature header of a webhook delivery.</summary>
public static class WebhookVerifier
{
    private const long ToleranceSeconds = 5 * 60;

    /// <summary>
    /// Whether <paramref name="signatureHeader"/> signs <paramref name="rawBody"/> (the request body's bytes, exactly
    /// as received) with <paramref name="secret"/>, at a time at most five minutes from <paramref name="now"/>.
    /// </summary>
    public static bool Verify(ReadOnlySpan<byte> rawBody, string? signatureHeader, string secret, DateTimeOffset? now = null)
    {
        if (signatureHeader is null)
        {
            return false;
        }
        string? timestamp = null;
        var candidates = new List<string>();
        foreach (var part in signatureHeader.Split(','))
        {
            var pair = part.Split('=', 2);
            if (pair.Length != 2)
            {
                continue;
            }
            var (scheme, value) = (pair[0].Trim(), pair[1].Trim());
            if (scheme == "t")
            {
                timestamp = value;
            }
            else if (scheme == "v1")
            {
                candidates.Add(value);
            }
            // Other schemes (a later v2) are ignored.
        }
        if (timestamp is null || candidates.Count == 0
            || !long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return false;
        }
        var nowSeconds = (now ?? TimeProvider.System.GetUtcNow()).ToUnixTimeSeconds();
        if (Math.Abs(nowSeconds - seconds) > ToleranceSeconds)
        {
            return false;
        }
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(secret));
        hmac.AppendData(Encoding.ASCII.GetBytes(timestamp + "."));
        hmac.AppendData(rawBody);
        var expected = Encoding.ASCII.GetBytes(Convert.ToHexStringLower(hmac.GetHashAndReset()));
        var matched = false;
        foreach (var candidate in candidates)
        {
            matched |= CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(candidate));
        }
        return matched;
    }
}
