namespace Provisio.Storage.Tenancy;

/// <summary>Tenants and their SCIM tokens.</summary>
public interface ITenantStore
{
    Task<Tenant?> FindTenantAsync(string tenantId, CancellationToken cancellationToken);

    Task<IReadOnlyList<Tenant>> ListTenantsAsync(CancellationToken cancellationToken);

    /// <summary>At most <paramref name="limit"/> tenants whose id sorts after <paramref name="afterId"/>, in id order.</summary>
    Task<IReadOnlyList<Tenant>> ListTenantsAsync(string? afterId, int limit, CancellationToken cancellationToken);

    /// <summary>Creates a tenant; false when one with that id exists.</summary>
    Task<bool> CreateTenantAsync(Tenant tenant, CancellationToken cancellationToken);

    /// <summary>Changes a tenant's display name; false when there is no such tenant.</summary>
    Task<bool> RenameTenantAsync(string tenantId, string displayName, CancellationToken cancellationToken);

    /// <summary>
    /// Deletes a tenant and everything it holds (resources, events, audit, tokens, admin keys limited to it, webhooks,
    /// access…) in one transaction; false when there is no such tenant. Its tokens stop working on every instance.
    /// </summary>
    Task<bool> DeleteTenantAsync(string tenantId, CancellationToken cancellationToken);

    Task AddTokenAsync(ScimTokenRecord token, CancellationToken cancellationToken);

    Task<ScimTokenRecord?> FindTokenAsync(string tokenId, CancellationToken cancellationToken);

    Task<IReadOnlyList<ScimTokenRecord>> ListTokensAsync(string? tenantId, CancellationToken cancellationToken);

    /// <summary>Revokes a token; false when there is no such token or it was revoked already.</summary>
    Task<bool> RevokeTokenAsync(string tokenId, DateTimeOffset revoked, CancellationToken cancellationToken);

    /// <summary>
    /// Adds <paramref name="successor"/> and makes the token <paramref name="tokenId"/> expire at
    /// <paramref name="expires"/> (or at its own expiry, if sooner), in one transaction; false, changing nothing, when
    /// that token does not exist or is revoked.
    /// </summary>
    Task<bool> RotateTokenAsync(string tokenId, DateTimeOffset expires, ScimTokenRecord successor, CancellationToken cancellationToken);

    Task RecordTokenUseAsync(string tokenId, DateTimeOffset used, CancellationToken cancellationToken);

    /// <summary>
    /// A number that changes whenever a token is added, revoked, given an expiry or deleted, by any process on the same
    /// database: a cheap read that tells a cache of tokens whether it may still be trusted.
    /// </summary>
    Task<long> ReadTokenGenerationAsync(CancellationToken cancellationToken);
}
