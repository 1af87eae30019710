namespace Provisio.Storage.Admin;

/// <summary>
/// A stored admin API key: never the key itself, only its SHA-256 hash and its visible prefix (<see cref="Id"/>),
/// which names it in lists, logs and revocations. A key with a <see cref="TenantId"/> is valid for that tenant's
/// routes only; one without is valid for every tenant and for creating and deleting tenants.
/// </summary>
public sealed record AdminKeyRecord(
    string Id,
    string Name,
    byte[] SecretHash,
    DateTimeOffset Created,
    DateTimeOffset? Revoked,
    DateTimeOffset? LastUsed,
    string? TenantId = null)
{
    public bool IsActive => Revoked is null;
}
