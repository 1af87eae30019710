namespace Provisio.Storage.Admin;

/// <summary>The keys of the admin API. Not cached: a revocation takes effect on the next request, everywhere.</summary>
public interface IAdminKeyStore
{
    Task AddAsync(AdminKeyRecord key, CancellationToken cancellationToken);

    Task<AdminKeyRecord?> FindAsync(string keyId, CancellationToken cancellationToken);

    /// <summary>Every key, oldest first, revoked ones included.</summary>
    Task<IReadOnlyList<AdminKeyRecord>> ListAsync(CancellationToken cancellationToken);

    /// <summary>Revokes a key; false when there is no such key or it was revoked already.</summary>
    Task<bool> RevokeAsync(string keyId, DateTimeOffset revoked, CancellationToken cancellationToken);

    Task RecordUseAsync(string keyId, DateTimeOffset used, CancellationToken cancellationToken);
}
