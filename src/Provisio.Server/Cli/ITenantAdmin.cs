using Provisio.Storage.Activity;
using Provisio.Storage.Tenancy;

namespace Provisio.Server.Cli;

/// <summary>
/// What the <c>tenants</c> and <c>tokens</c> verbs do (settings and sync status included), on the local database (<see cref="LocalTenantAdmin"/>) or on a
/// server through its admin API (<see cref="AdminApiClient"/>). A refusal is an <see cref="AdminCommandException"/>
/// whose message is printed as it is.
/// </summary>
internal interface ITenantAdmin : IAsyncDisposable
{
    /// <summary>Where the tenant's SCIM base URL is, for the message that announces a new tenant.</summary>
    string ScimBase { get; }

    Task<Tenant> CreateTenantAsync(string id, string? name, CancellationToken cancellationToken);

    Task<IReadOnlyList<Tenant>> ListTenantsAsync(CancellationToken cancellationToken);

    Task<Tenant> RenameTenantAsync(string id, string name, CancellationToken cancellationToken);

    Task DeleteTenantAsync(string id, CancellationToken cancellationToken);

    Task<IssuedToken> CreateTokenAsync(string tenant, string name, int? expiresInDays, CancellationToken cancellationToken);

    /// <summary>The tokens of <paramref name="tenant"/>, or of every tenant when null.</summary>
    Task<IReadOnlyList<TokenSummary>> ListTokensAsync(string? tenant, CancellationToken cancellationToken);

    /// <summary>Revokes a token; <paramref name="tenant"/>, when given, must be the token's (a server needs it).</summary>
    Task RevokeTokenAsync(string? tenant, string id, CancellationToken cancellationToken);

    Task<RotatedToken> RotateTokenAsync(string? tenant, string id, int? overlapDays, int? expiresInDays, CancellationToken cancellationToken);

    /// <summary>Every setting of the tenant, defaults included.</summary>
    Task<TenantSettings> GetSettingsAsync(string tenant, CancellationToken cancellationToken);

    /// <summary>Stores the tenant's settings whole; refused (nothing changed) when they cannot hold, e.g. shared externalIds.</summary>
    Task SaveSettingsAsync(string tenant, TenantSettings settings, CancellationToken cancellationToken);

    /// <summary>The tenant's sync status, and whether no SCIM request came for longer than its <c>staleAfterHours</c>.</summary>
    Task<(TenantStatus Status, bool Stale)> GetStatusAsync(string tenant, CancellationToken cancellationToken);
}
