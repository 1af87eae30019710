using System.Buffers.Text;
using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;
using Provisio.Storage.Webhooks;

namespace Provisio.Server.Webhooks;

/// <summary>
/// Endpoints' signing secrets: created as <c>whsec_</c> and 32 random bytes (base64url), stored only as Data
/// Protection payloads, shown in plain once (at creation or rotation) and read back in plain only to sign.
/// </summary>
internal sealed class WebhookSecrets(IDataProtectionProvider protection, IOptions<WebhookOptions> options)
{
    public const string Prefix = "whsec_";
    private const int SecretBytes = 32;

    private readonly IDataProtector protector = protection.CreateProtector("Provisio.Webhooks.SigningSecret");

    /// <summary>A new secret, in plain (to show once) and protected (to store).</summary>
    public (string Plain, string Protected) Create()
    {
        var plain = Prefix + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(SecretBytes));
        return (plain, protector.Protect(plain));
    }

    /// <summary>
    /// The secrets that sign a delivery at <paramref name="now"/>: the current one, then the one before the last
    /// rotation while it has not expired.
    /// </summary>
    public IReadOnlyList<string> SigningSecrets(WebhookEndpoint endpoint, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        var current = protector.Unprotect(endpoint.ProtectedSecret);
        return endpoint is { ProtectedPreviousSecret: { } previous, PreviousSecretExpires: { } expires } && expires > now
            ? [current, protector.Unprotect(previous)]
            : [current];
    }

    /// <summary>
    /// The endpoint with a new secret; the current one becomes the previous one and keeps signing for
    /// <see cref="WebhookOptions.RotationOverlap"/>, so receivers can switch without losing a delivery.
    /// </summary>
    public (WebhookEndpoint Endpoint, string Plain) Rotate(WebhookEndpoint endpoint, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        var (plain, protectedSecret) = Create();
        var rotated = endpoint with
        {
            ProtectedSecret = protectedSecret,
            ProtectedPreviousSecret = endpoint.ProtectedSecret,
            PreviousSecretExpires = now + options.Value.RotationOverlap,
            Updated = now,
        };
        return (rotated, plain);
    }
}
