namespace Provisio.Storage.Admin;

/// <summary>
/// A stored admin API key: never the key itself, only its SHA-256 hash and its visible prefix (<see cref="Id"/>),
/// which names it in lists, logs and revocations.
/// </summary>
public sealed record AdminKeyRecord(
    string Id,
    string Name,
    byte[] SecretHash,
    DateTimeOffset Created,
    DateTimeOffset? Revoked,
    DateTimeOffset? LastUsed)
{
    public bool IsActive => Revoked is null;
}
