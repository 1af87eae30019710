using Provisio.AspNetCore.Auth;
using Provisio.AspNetCore.Logging;
using Provisio.Server.Admin;
using Provisio.Storage.Activity;
using Provisio.Storage.Tenancy;

namespace Provisio.Server.Cli;

/// <summary>The tenant and token verbs on the database this machine's configuration names, as the server would act.</summary>
internal sealed class LocalTenantAdmin(IServiceProvider services) : ITenantAdmin
{
    private readonly ITenantStore tenants = services.GetRequiredService<ITenantStore>();
    private readonly TimeProvider time = services.GetRequiredService<TimeProvider>();

    public string ScimBase => "<server>/scim/v2";

    public async Task<Tenant> CreateTenantAsync(string id, string? name, CancellationToken cancellationToken)
    {
        var tenant = new Tenant(id, name ?? id, time.GetUtcNow());
        return await tenants.CreateTenantAsync(tenant, cancellationToken) ? tenant : throw new AdminCommandException($"A tenant '{id}' exists already.");
    }

    public Task<IReadOnlyList<Tenant>> ListTenantsAsync(CancellationToken cancellationToken) => tenants.ListTenantsAsync(cancellationToken);

    public async Task<Tenant> RenameTenantAsync(string id, string name, CancellationToken cancellationToken) =>
        await tenants.RenameTenantAsync(id, name, cancellationToken) && await tenants.FindTenantAsync(id, cancellationToken) is { } renamed
            ? renamed
            : throw NoTenant(id);

    public async Task DeleteTenantAsync(string id, CancellationToken cancellationToken)
    {
        if (!await tenants.DeleteTenantAsync(id, cancellationToken))
        {
            throw NoTenant(id);
        }
    }

    public async Task<IssuedToken> CreateTokenAsync(string tenant, string name, int? expiresInDays, CancellationToken cancellationToken)
    {
        if (await tenants.FindTenantAsync(tenant, cancellationToken) is null)
        {
            throw new AdminCommandException($"No tenant '{tenant}'. Create it first: provisio tenants create {tenant}");
        }
        var (record, token) = await services.GetRequiredService<ScimTokenIssuer>()
            .IssueAsync(tenant, name, expiresInDays is { } d ? TimeSpan.FromDays(d) : null, cancellationToken);
        return new IssuedToken(TokenSummary.From(record), token);
    }

    public async Task<IReadOnlyList<TokenSummary>> ListTokensAsync(string? tenant, CancellationToken cancellationToken)
    {
        if (tenant is not null && await tenants.FindTenantAsync(tenant, cancellationToken) is null)
        {
            throw NoTenant(tenant);
        }
        return [.. (await tenants.ListTokensAsync(tenant, cancellationToken)).Select(TokenSummary.From)];
    }

    public async Task RevokeTokenAsync(string? tenant, string id, CancellationToken cancellationToken)
    {
        var token = await FindAsync(tenant, id, cancellationToken);
        if (token is not { Revoked: null } || !await tenants.RevokeTokenAsync(id, time.GetUtcNow(), cancellationToken))
        {
            throw new AdminCommandException($"No active token '{id}'.");
        }
    }

    public async Task<RotatedToken> RotateTokenAsync(string? tenant, string id, int? overlapDays, int? expiresInDays, CancellationToken cancellationToken)
    {
        var token = await FindAsync(tenant, id, cancellationToken) ?? throw new AdminCommandException($"No token '{id}'.");
        var overlap = overlapDays is { } o ? TimeSpan.FromDays(o) : ScimTokenIssuer.DefaultRotationOverlap;
        var rotated = await services.GetRequiredService<ScimTokenIssuer>()
            .RotateAsync(token, overlap, expiresInDays is { } d ? TimeSpan.FromDays(d) : null, cancellationToken);
        return rotated is var (record, text, expires)
            ? new RotatedToken(new IssuedToken(TokenSummary.From(record), text), expires)
            : throw new AdminCommandException($"Token '{id}' is revoked; create a new token instead of rotating it.");
    }

    public async Task<TenantSettings> GetSettingsAsync(string tenant, CancellationToken cancellationToken)
    {
        await FindTenantAsync(tenant, cancellationToken);
        return await services.GetRequiredService<ITenantSettingsStore>().GetAsync(tenant, cancellationToken);
    }

    public async Task SaveSettingsAsync(string tenant, TenantSettings settings, CancellationToken cancellationToken)
    {
        try
        {
            await services.GetRequiredService<ITenantSettingsStore>().SetAsync(tenant, settings, cancellationToken);
        }
        catch (DuplicateExternalIdsException duplicates)
        {
            throw new AdminCommandException($"Nothing changed for tenant '{tenant}':{Environment.NewLine}  --external-id-unique: users already share these externalIds: "
                + string.Join(", ", duplicates.Duplicates.Select(d => "'" + LogText.Escape(d) + "'"))
                + "; give them distinct externalIds first");
        }
    }

    public async Task<(TenantStatus Status, bool Stale)> GetStatusAsync(string tenant, CancellationToken cancellationToken)
    {
        var found = await FindTenantAsync(tenant, cancellationToken);
        var now = time.GetUtcNow();
        var status = await services.GetRequiredService<ITenantActivityStore>().ReadStatusAsync(tenant, now, TenantStatusJson.RecentFailures, cancellationToken);
        var settings = await services.GetRequiredService<ITenantSettingsStore>().GetAsync(tenant, cancellationToken);
        return (status, TenantStatusJson.IsStale(status, found, settings, now));
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private async Task<Tenant> FindTenantAsync(string tenant, CancellationToken cancellationToken) =>
        await tenants.FindTenantAsync(tenant, cancellationToken)
            ?? throw new AdminCommandException($"No tenant '{LogText.Escape(tenant)}'. provisio tenants list shows them.");

    /// <summary>The token, when it exists and is <paramref name="tenant"/>'s (if given); another tenant's token is not found.</summary>
    private async Task<ScimTokenRecord?> FindAsync(string? tenant, string id, CancellationToken cancellationToken) =>
        await tenants.FindTokenAsync(id, cancellationToken) is { } token && (tenant is null || string.Equals(token.TenantId, tenant, StringComparison.Ordinal))
            ? token
            : null;

    private static AdminCommandException NoTenant(string id) => new($"No tenant '{id}'.");
}
