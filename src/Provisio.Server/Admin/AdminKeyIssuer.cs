using Provisio.Storage.Admin;

namespace Provisio.Server.Admin;

/// <summary>Creates admin API keys; the key text is returned once and only its hash is stored.</summary>
internal sealed class AdminKeyIssuer(IAdminKeyStore keys, TimeProvider time)
{
    /// <summary>A key for every tenant, or for <paramref name="tenantId"/>'s routes only.</summary>
    public async Task<(AdminKeyRecord Record, string Key)> IssueAsync(string name, CancellationToken cancellationToken, string? tenantId = null)
    {
        var (id, key) = AdminKeyFormat.Generate();
        var record = new AdminKeyRecord(id, name, AdminKeyFormat.Hash(key), time.GetUtcNow(), null, null, tenantId);
        await keys.AddAsync(record, cancellationToken);
        return (record, key);
    }
}
