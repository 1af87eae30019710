using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace SaasApp.Webhooks;

/// <summary>
/// Checks <c>Provisio-Signature: t=UNIXSECONDS,v1=HEX[,v1=HEX]</c>: each v1 is the lower-case hex HMAC-SHA256, keyed
/// with the UTF-8 bytes of the secret, of <c>t + "." + body</c>. Accepted when any v1 matches (during a secret rotation
/// Provisio signs with both) and t is within five minutes of now, so a captured delivery cannot be replayed later.
/// </summary>
public sealed class WebhookSignatureVerifier(IOptions<WebhookReceiverOptions> options, TimeProvider time)
{
    public const string Header = "Provisio-Signature";

    public static readonly TimeSpan Tolerance = TimeSpan.FromMinutes(5);

    /// <summary>True when the header signs exactly these body bytes, recently; otherwise false and why.</summary>
    public bool IsValid(string? header, ReadOnlySpan<byte> body, out string reason)
    {
        string? timestamp = null;
        var signatures = new List<string>();
        foreach (var part in (header ?? "").Split(',', StringSplitOptions.TrimEntries))
        {
            if (part.StartsWith("t=", StringComparison.Ordinal) && timestamp is null)
            {
                timestamp = part[2..];
            }
            else if (part.StartsWith("v1=", StringComparison.Ordinal))
            {
                signatures.Add(part[3..]);
            }
        }
        if (timestamp is null || signatures.Count == 0
            || !long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            reason = "no valid Provisio-Signature header";
            return false;
        }
        var age = time.GetUtcNow() - DateTimeOffset.FromUnixTimeSeconds(Math.Clamp(seconds, 0, 253_402_300_799));
        if (age.Duration() > Tolerance)
        {
            reason = "the signature's timestamp is more than five minutes away from now";
            return false;
        }
        var expected = Sign(timestamp, body);
        Span<byte> candidate = stackalloc byte[expected.Length];
        foreach (var signature in signatures)
        {
            // Compared as bytes in constant time: a byte-by-byte string compare would tell an attacker how much matched.
            if (signature.Length == expected.Length * 2
                && Convert.FromHexString(signature, candidate, out _, out _) == System.Buffers.OperationStatus.Done
                && CryptographicOperations.FixedTimeEquals(candidate, expected))
            {
                reason = "";
                return true;
            }
        }
        reason = "no v1 signature matches the body";
        return false;
    }

    private byte[] Sign(string timestamp, ReadOnlySpan<byte> body)
    {
        // The signed bytes are the timestamp as sent, a dot, and the body exactly as received: never a re-serialized copy.
        var signed = new byte[timestamp.Length + 1 + body.Length];
        Encoding.ASCII.GetBytes(timestamp, signed);
        signed[timestamp.Length] = (byte)'.';
        body.CopyTo(signed.AsSpan(timestamp.Length + 1));
        return HMACSHA256.HashData(Encoding.UTF8.GetBytes(options.Value.WebhookSecret), signed);
    }
}
