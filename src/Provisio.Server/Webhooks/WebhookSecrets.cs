using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;
using Provisio.Storage.Webhooks;

namespace Provisio.Server.Webhooks;

/// <summary>Makes endpoints' signing secrets and keeps them protected at rest with Data Protection.</summary>
internal sealed class WebhookSecrets(IDataProtectionProvider protection, IOptions<WebhookOptions> options)
{
    private readonly IDataProtector protector = protection.CreateProtector("Provisio.Webhooks.SigningSecret");

    /// <summary>A new secret, and its protected form for storage.</summary>
    public (string Secret, string Protected) Create()
    {
        var secret = "whsec_" + Base64Url(RandomNumberGenerator.GetBytes(32));
        return (secret, protector.Protect(secret));
    }

    /// <summary>The secrets that sign a delivery now: the current one, and the previous one until it expires.</summary>
    public IReadOnlyList<string> SigningSecrets(WebhookEndpoint endpoint, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        var current = protector.Unprotect(endpoint.ProtectedSecret);
        return endpoint.ProtectedPreviousSecret is { } previous && endpoint.PreviousSecretExpires > now
            ? [current, protector.Unprotect(previous)]
            : [current];
    }

    public TimeSpan RotationOverlap => options.Value.RotationOverlap;

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
