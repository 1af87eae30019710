namespace Provisio.Storage.Tenancy;

/// <summary>Tenants and their SCIM tokens.</summary>
public interface ITenantStore
{
    Task<Tenant?> FindTenantAsync(string tenantId, CancellationToken cancellationToken);

    Task<IReadOnlyList<Tenant>> ListTenantsAsync(CancellationToken cancellationToken);

    /// <summary>Creates a tenant; false when one with that id exists.</summary>
    Task<bool> CreateTenantAsync(Tenant tenant, CancellationToken cancellationToken);

    Task AddTokenAsync(ScimTokenRecord token, CancellationToken cancellationToken);

    Task<ScimTokenRecord?> FindTokenAsync(string tokenId, CancellationToken cancellationToken);

    Task<IReadOnlyList<ScimTokenRecord>> ListTokensAsync(string? tenantId, CancellationToken cancellationToken);

    /// <summary>Revokes a token; false when there is no such token or it was revoked already.</summary>
    Task<bool> RevokeTokenAsync(string tokenId, DateTimeOffset revoked, CancellationToken cancellationToken);

    Task RecordTokenUseAsync(string tokenId, DateTimeOffset used, CancellationToken cancellationToken);

    /// <summary>
    /// A number that changes whenever a token is added or revoked, by any process on the same database: a cheap read
    /// that tells a cache of tokens whether it may still be trusted.
    /// </summary>
    Task<long> ReadTokenGenerationAsync(CancellationToken cancellationToken);
}
