using Provisio.Storage.Tenancy;

namespace Provisio.AspNetCore.Auth;

/// <summary>Creates SCIM tokens for a tenant; the token text is returned once and only its hash is stored.</summary>
public sealed class ScimTokenIssuer(ITenantStore tenants, TimeProvider time)
{
    public async Task<(ScimTokenRecord Record, string Token)> IssueAsync(string tenantId, string name, TimeSpan? lifetime, CancellationToken cancellationToken)
    {
        var (id, token) = ScimTokenFormat.Generate();
        var now = time.GetUtcNow();
        var record = new ScimTokenRecord(id, tenantId, name, ScimTokenFormat.Hash(token), now, now + lifetime, null, null);
        await tenants.AddTokenAsync(record, cancellationToken);
        return (record, token);
    }
}
