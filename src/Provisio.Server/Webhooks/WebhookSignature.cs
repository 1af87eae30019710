using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Provisio.Server.Webhooks;

/// <summary>
/// The <c>Provisio-Signature</c> header: <c>t=UNIXSECONDS,v1=HEX[,v1=HEX]</c>, each v1 the lower-case hex of
/// HMAC-SHA256 keyed with the UTF-8 bytes of a secret over <c>t + "." + body</c>. One v1 per secret that signs: two
/// during a rotation, so a receiver holding either secret accepts the delivery.
/// </summary>
internal static class WebhookSignature
{
    public const string Header = "Provisio-Signature";

    public static string Create(DateTimeOffset at, ReadOnlySpan<byte> body, IEnumerable<string> secrets)
    {
        var timestamp = at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        // The signed payload is the timestamp, a dot and the body's bytes exactly as sent.
        var signed = new byte[timestamp.Length + 1 + body.Length];
        Encoding.ASCII.GetBytes(timestamp, signed);
        signed[timestamp.Length] = (byte)'.';
        body.CopyTo(signed.AsSpan(timestamp.Length + 1));
        var header = new StringBuilder("t=").Append(timestamp);
        foreach (var secret in secrets)
        {
            var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed);
            header.Append(",v1=").Append(Convert.ToHexStringLower(mac));
        }
        return header.ToString();
    }
}
