using Provisio.Storage.Tenancy;

namespace Provisio.Server.Cli;

/// <summary>A token as listed: never its secret.</summary>
internal sealed record TokenSummary(string Id, string Tenant, string Name, DateTimeOffset Created, DateTimeOffset? Expires, DateTimeOffset? LastUsed, DateTimeOffset? Revoked)
{
    public static TokenSummary From(ScimTokenRecord token) =>
        new(token.Id, token.TenantId, token.Name, token.Created, token.Expires, token.LastUsed, token.Revoked);

    public string StateAt(DateTimeOffset now) => Revoked is not null ? "revoked" : Expires is { } e && now >= e ? "expired" : "active";
}
