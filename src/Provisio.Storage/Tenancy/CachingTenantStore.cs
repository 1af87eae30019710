using System.Collections.Concurrent;

namespace Provisio.Storage.Tenancy;

/// <summary>
/// Remembers the tokens it has found for a few seconds, so authenticating a request does not cost a database query
/// (it was half the server time of a <c>userName eq</c> lookup), and the ids it did not find, so a flood of one
/// unknown token costs one query. A revocation through this store takes effect at once; one made by another process
/// (the CLI, another instance) within <see cref="TokenLifetime"/>.
/// </summary>
public sealed class CachingTenantStore(ITenantStore inner, TimeProvider time) : ITenantStore
{
    /// <summary>How long a found token is trusted without asking the database again.</summary>
    public static readonly TimeSpan TokenLifetime = TimeSpan.FromSeconds(10);

    /// <summary>How long an id that is not in the database is answered "unknown" without asking again.</summary>
    public static readonly TimeSpan UnknownLifetime = TimeSpan.FromSeconds(10);

    /// <summary>Unknown ids remembered at most; past it the list starts over, so guessing cannot exhaust memory.</summary>
    public const int MaxUnknown = 10_000;

    private readonly ConcurrentDictionary<string, (ScimTokenRecord Token, DateTimeOffset FetchedAt)> tokens = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DateTimeOffset> unknown = new(StringComparer.Ordinal);

    public async Task<ScimTokenRecord?> FindTokenAsync(string tokenId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (tokens.TryGetValue(tokenId, out var cached) && now - cached.FetchedAt < TokenLifetime)
        {
            return cached.Token;
        }
        if (unknown.TryGetValue(tokenId, out var missedAt) && now - missedAt < UnknownLifetime)
        {
            return null;
        }
        var token = await inner.FindTokenAsync(tokenId, cancellationToken);
        if (token is null)
        {
            tokens.TryRemove(tokenId, out _);
            if (unknown.Count >= MaxUnknown)
            {
                unknown.Clear();
            }
            unknown[tokenId] = now;
        }
        else
        {
            unknown.TryRemove(tokenId, out _);
            tokens[tokenId] = (token, now);
        }
        return token;
    }

    public async Task<bool> RevokeTokenAsync(string tokenId, DateTimeOffset revoked, CancellationToken cancellationToken)
    {
        var result = await inner.RevokeTokenAsync(tokenId, revoked, cancellationToken);
        tokens.TryRemove(tokenId, out _);
        return result;
    }

    public async Task RecordTokenUseAsync(string tokenId, DateTimeOffset used, CancellationToken cancellationToken)
    {
        await inner.RecordTokenUseAsync(tokenId, used, cancellationToken);
        if (tokens.TryGetValue(tokenId, out var cached))
        {
            // Keep the remembered copy's last use current, or every request would write it again.
            tokens.TryUpdate(tokenId, (cached.Token with { LastUsed = used }, cached.FetchedAt), cached);
        }
    }

    public async Task AddTokenAsync(ScimTokenRecord token, CancellationToken cancellationToken)
    {
        await inner.AddTokenAsync(token, cancellationToken);
        unknown.TryRemove(token.Id, out _);
    }

    public Task<Tenant?> FindTenantAsync(string tenantId, CancellationToken cancellationToken) => inner.FindTenantAsync(tenantId, cancellationToken);

    public Task<IReadOnlyList<Tenant>> ListTenantsAsync(CancellationToken cancellationToken) => inner.ListTenantsAsync(cancellationToken);

    public Task<bool> CreateTenantAsync(Tenant tenant, CancellationToken cancellationToken) => inner.CreateTenantAsync(tenant, cancellationToken);

    public Task<IReadOnlyList<ScimTokenRecord>> ListTokensAsync(string? tenantId, CancellationToken cancellationToken) => inner.ListTokensAsync(tenantId, cancellationToken);
}
