using Provisio.Storage.Admin;

namespace Provisio.Server.Admin;

/// <summary>Creates admin API keys; the key text is returned once and only its hash is stored.</summary>
internal sealed class AdminKeyIssuer(IAdminKeyStore keys, TimeProvider time)
{
    public async Task<(AdminKeyRecord Record, string Key)> IssueAsync(string name, CancellationToken cancellationToken)
    {
        var (id, key) = AdminKeyFormat.Generate();
        var record = new AdminKeyRecord(id, name, AdminKeyFormat.Hash(key), time.GetUtcNow(), null, null);
        await keys.AddAsync(record, cancellationToken);
        return (record, key);
    }
}
