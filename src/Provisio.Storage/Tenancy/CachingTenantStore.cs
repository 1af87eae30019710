using System.Collections.Concurrent;

namespace Provisio.Storage.Tenancy;

/// <summary>
/// Remembers the tokens it has found for a few seconds, so authenticating a request does not cost a database query
/// (it was half the server time of a <c>userName eq</c> lookup), and the ids it did not find, so a flood of one
/// unknown token costs one query. At most once per <see cref="RevocationCheckInterval"/> it reads the database's token
/// generation, which every change to a token moves (added, revoked, rotated, deleted with its tenant), and forgets
/// everything when it moved: a revocation made anywhere (the CLI, another instance) takes effect on every instance
/// within that interval, through this store at once.
/// </summary>
public sealed class CachingTenantStore(ITenantStore inner, TimeProvider time) : ITenantStore
{
    /// <summary>How long a found token is trusted without asking the database again.</summary>
    public static readonly TimeSpan TokenLifetime = TimeSpan.FromSeconds(10);

    /// <summary>How long an id that is not in the database is answered "unknown" without asking again.</summary>
    public static readonly TimeSpan UnknownLifetime = TimeSpan.FromSeconds(10);

    /// <summary>How stale the remembered tokens may be with respect to revocations made elsewhere.</summary>
    public static readonly TimeSpan RevocationCheckInterval = TimeSpan.FromSeconds(1);

    /// <summary>Unknown ids remembered at most; past it the list starts over, so guessing cannot exhaust memory.</summary>
    public const int MaxUnknown = 10_000;

    private readonly ConcurrentDictionary<string, CachedToken> tokens = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (DateTimeOffset MissedAt, long Generation)> unknown = new(StringComparer.Ordinal);
    private readonly Lock gate = new();
    private long generation = -1;
    private long checkedAtTicks;
    private Task? check;

    public async Task<ScimTokenRecord?> FindTokenAsync(string tokenId, CancellationToken cancellationToken)
    {
        await EnsureCurrentAsync();
        var now = time.GetUtcNow();
        var current = Volatile.Read(ref generation);
        if (tokens.TryGetValue(tokenId, out var cached) && cached.Generation == current && now - cached.FetchedAt < TokenLifetime)
        {
            return cached.Token;
        }
        if (unknown.TryGetValue(tokenId, out var missed) && missed.Generation == current && now - missed.MissedAt < UnknownLifetime)
        {
            return null;
        }
        // Stamped with the generation read before the query: if a revocation lands meanwhile, the next check moves
        // the generation and this entry no longer counts.
        var token = await inner.FindTokenAsync(tokenId, cancellationToken);
        if (token is null)
        {
            tokens.TryRemove(tokenId, out _);
            if (unknown.Count >= MaxUnknown)
            {
                unknown.Clear();
            }
            unknown[tokenId] = (now, current);
        }
        else
        {
            unknown.TryRemove(tokenId, out _);
            tokens[tokenId] = new CachedToken(token, now, current);
        }
        return token;
    }

    public async Task<bool> RevokeTokenAsync(string tokenId, DateTimeOffset revoked, CancellationToken cancellationToken)
    {
        var result = await inner.RevokeTokenAsync(tokenId, revoked, cancellationToken);
        tokens.TryRemove(tokenId, out _);
        return result;
    }

    public async Task<bool> RotateTokenAsync(string tokenId, DateTimeOffset expires, ScimTokenRecord successor, CancellationToken cancellationToken)
    {
        var result = await inner.RotateTokenAsync(tokenId, expires, successor, cancellationToken);
        tokens.TryRemove(tokenId, out _);
        unknown.TryRemove(successor.Id, out _);
        return result;
    }

    public async Task<bool> DeleteTenantAsync(string tenantId, CancellationToken cancellationToken)
    {
        var result = await inner.DeleteTenantAsync(tenantId, cancellationToken);
        // This instance refuses the tenant's tokens from the next request; the others once they see the generation move.
        foreach (var (id, cached) in tokens)
        {
            if (string.Equals(cached.Token.TenantId, tenantId, StringComparison.Ordinal))
            {
                tokens.TryRemove(id, out _);
            }
        }
        return result;
    }

    public async Task RecordTokenUseAsync(string tokenId, DateTimeOffset used, CancellationToken cancellationToken)
    {
        await inner.RecordTokenUseAsync(tokenId, used, cancellationToken);
        if (tokens.TryGetValue(tokenId, out var cached))
        {
            // Keep the remembered copy's last use current, or every request would write it again.
            tokens.TryUpdate(tokenId, cached with { Token = cached.Token with { LastUsed = used } }, cached);
        }
    }

    public async Task AddTokenAsync(ScimTokenRecord token, CancellationToken cancellationToken)
    {
        await inner.AddTokenAsync(token, cancellationToken);
        unknown.TryRemove(token.Id, out _);
    }

    public Task<long> ReadTokenGenerationAsync(CancellationToken cancellationToken) => inner.ReadTokenGenerationAsync(cancellationToken);

    public Task<Tenant?> FindTenantAsync(string tenantId, CancellationToken cancellationToken) => inner.FindTenantAsync(tenantId, cancellationToken);

    public Task<IReadOnlyList<Tenant>> ListTenantsAsync(CancellationToken cancellationToken) => inner.ListTenantsAsync(cancellationToken);

    public Task<IReadOnlyList<Tenant>> ListTenantsAsync(string? afterId, int limit, CancellationToken cancellationToken) =>
        inner.ListTenantsAsync(afterId, limit, cancellationToken);

    public Task<bool> CreateTenantAsync(Tenant tenant, CancellationToken cancellationToken) => inner.CreateTenantAsync(tenant, cancellationToken);

    public Task<bool> RenameTenantAsync(string tenantId, string displayName, CancellationToken cancellationToken) =>
        inner.RenameTenantAsync(tenantId, displayName, cancellationToken);

    public Task<IReadOnlyList<ScimTokenRecord>> ListTokensAsync(string? tenantId, CancellationToken cancellationToken) => inner.ListTokensAsync(tenantId, cancellationToken);

    /// <summary>
    /// Reads the token generation when the last read is older than <see cref="RevocationCheckInterval"/>; requests
    /// arriving while a read is under way wait for that one read rather than starting their own.
    /// </summary>
    private Task EnsureCurrentAsync()
    {
        var now = time.GetUtcNow().UtcTicks;
        if (now - Volatile.Read(ref checkedAtTicks) < RevocationCheckInterval.Ticks)
        {
            return Task.CompletedTask;
        }
        lock (gate)
        {
            if (check is null || check.IsCompleted)
            {
                check = now - Volatile.Read(ref checkedAtTicks) < RevocationCheckInterval.Ticks ? Task.CompletedTask : RefreshAsync(now);
            }
            return check;
        }
    }

    private async Task RefreshAsync(long startedTicks)
    {
        // Not the request's token: other requests share this read, and one client hanging up must not fail theirs.
        var read = await inner.ReadTokenGenerationAsync(CancellationToken.None);
        if (read != Volatile.Read(ref generation))
        {
            Volatile.Write(ref generation, read);
            tokens.Clear();
            unknown.Clear();
        }
        // The time the read started: a revocation committed after it is caught by the next read.
        Volatile.Write(ref checkedAtTicks, startedTicks);
    }

    private sealed record CachedToken(ScimTokenRecord Token, DateTimeOffset FetchedAt, long Generation);
}
