using Provisio.Storage.Tenancy;

namespace Provisio.AspNetCore.Auth;

/// <summary>Creates SCIM tokens for a tenant; the token text is returned once and only its hash is stored.</summary>
public sealed class ScimTokenIssuer(ITenantStore tenants, TimeProvider time)
{
    /// <summary>How long a rotated token keeps working by default: time to switch the IdP over to its successor.</summary>
    public static readonly TimeSpan DefaultRotationOverlap = TimeSpan.FromDays(7);

    public async Task<(ScimTokenRecord Record, string Token)> IssueAsync(string tenantId, string name, TimeSpan? lifetime, CancellationToken cancellationToken)
    {
        var record = NewRecord(tenantId, name, lifetime, out var token);
        await tenants.AddTokenAsync(record, cancellationToken);
        return (record, token);
    }

    /// <summary>
    /// Issues a successor of <paramref name="predecessor"/> with its name and makes the predecessor expire after
    /// <paramref name="overlap"/> (at once when zero; never later than it would have), so an IdP can be switched
    /// over without a moment without a valid token. The successor lives <paramref name="lifetime"/>, by default as
    /// long as the predecessor was issued for. Null when the predecessor is revoked (or gone).
    /// </summary>
    public async Task<(ScimTokenRecord Record, string Token, DateTimeOffset PredecessorExpires)?> RotateAsync(
        ScimTokenRecord predecessor, TimeSpan overlap, TimeSpan? lifetime, CancellationToken cancellationToken)
    {
        if (predecessor.Revoked is not null)
        {
            return null;
        }
        var record = NewRecord(predecessor.TenantId, predecessor.Name, lifetime ?? predecessor.Expires - predecessor.Created, out var token);
        var expires = record.Created + overlap;
        if (predecessor.Expires is { } own && own < expires)
        {
            expires = own;
        }
        return await tenants.RotateTokenAsync(predecessor.Id, expires, record, cancellationToken) ? (record, token, expires) : null;
    }

    private ScimTokenRecord NewRecord(string tenantId, string name, TimeSpan? lifetime, out string token)
    {
        (var id, token) = ScimTokenFormat.Generate();
        var now = time.GetUtcNow();
        return new ScimTokenRecord(id, tenantId, name, ScimTokenFormat.Hash(token), now, now + lifetime, null, null);
    }
}
