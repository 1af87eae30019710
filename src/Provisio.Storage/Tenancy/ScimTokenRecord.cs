namespace Provisio.Storage.Tenancy;

/// <summary>
/// A stored SCIM bearer token: never the token itself, only its SHA-256 hash and its visible prefix (<see cref="Id"/>),
/// which names it in lists, logs and revocations.
/// </summary>
public sealed record ScimTokenRecord(
    string Id,
    string TenantId,
    string Name,
    byte[] SecretHash,
    DateTimeOffset Created,
    DateTimeOffset? Expires,
    DateTimeOffset? Revoked,
    DateTimeOffset? LastUsed)
{
    /// <summary>Usable: not revoked and not past its expiry.</summary>
    public bool IsValidAt(DateTimeOffset now) => Revoked is null && (Expires is null || now < Expires);
}
