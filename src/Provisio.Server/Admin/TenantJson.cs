using System.Text.Json.Nodes;
using Provisio.Scim.Resources;
using Provisio.Storage.Tenancy;

namespace Provisio.Server.Admin;

/// <summary>The admin API's JSON of tenants and SCIM tokens, shared with the CLI's <c>--json</c> output. A token's JSON never holds its secret or hash.</summary>
internal static class TenantJson
{
    public static JsonObject Tenant(Tenant tenant) => new()
    {
        ["id"] = tenant.Id,
        ["name"] = tenant.DisplayName,
        ["created"] = ResourceRenderer.FormatTime(tenant.Created),
    };

    public static JsonObject Token(ScimTokenRecord token) => new()
    {
        ["id"] = token.Id,
        ["name"] = token.Name,
        ["created"] = ResourceRenderer.FormatTime(token.Created),
        ["expires"] = WebhookJson.Time(token.Expires),
        ["lastUsed"] = WebhookJson.Time(token.LastUsed),
        ["revoked"] = WebhookJson.Time(token.Revoked),
    };

    /// <summary>A token as created or rotated: the only answer that holds the token itself.</summary>
    public static JsonObject IssuedToken(ScimTokenRecord token, string secret) => new()
    {
        ["id"] = token.Id,
        ["name"] = token.Name,
        ["token"] = secret,
        ["created"] = ResourceRenderer.FormatTime(token.Created),
        ["expires"] = WebhookJson.Time(token.Expires),
    };
}
