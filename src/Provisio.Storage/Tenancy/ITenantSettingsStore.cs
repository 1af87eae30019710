namespace Provisio.Storage.Tenancy;

/// <summary>Per-tenant settings. Reads are cached briefly: a change reaches every instance within a few seconds.</summary>
public interface ITenantSettingsStore
{
    /// <summary>The tenant's settings, <see cref="TenantSettings.Default"/> when none were set or the tenant is unknown.</summary>
    ValueTask<TenantSettings> GetAsync(string tenantId, CancellationToken cancellationToken);

    /// <summary>Replaces the tenant's settings; false when there is no such tenant.</summary>
    Task<bool> SetAsync(string tenantId, TenantSettings settings, CancellationToken cancellationToken);
}
