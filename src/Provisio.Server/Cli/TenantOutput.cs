using System.Text.Json;
using System.Text.Json.Nodes;
using Provisio.Scim.Resources;
using Provisio.Server.Admin;
using Provisio.Storage.Tenancy;

namespace Provisio.Server.Cli;

/// <summary>How the tenant and token verbs print: a tab-separated table with a header, or with <c>--json</c> the admin API's JSON.</summary>
internal static class TenantOutput
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static Task WriteJsonAsync(TextWriter output, JsonNode json) => output.WriteLineAsync(json.ToJsonString(Indented));

    public static JsonArray TenantsJson(IEnumerable<Tenant> tenants) => [.. tenants.Select(TenantJson.Tenant)];

    public static async Task WriteTenantsAsync(TextWriter output, IEnumerable<Tenant> tenants)
    {
        await output.WriteLineAsync(string.Join('\t', "ID", "NAME", "CREATED"));
        foreach (var tenant in tenants)
        {
            await output.WriteLineAsync(string.Join('\t', tenant.Id, tenant.DisplayName, $"{tenant.Created:u}"));
        }
    }

    public static JsonObject TokenJson(TokenSummary token) => new()
    {
        ["id"] = token.Id,
        ["tenant"] = token.Tenant,
        ["name"] = token.Name,
        ["created"] = ResourceRenderer.FormatTime(token.Created),
        ["expires"] = WebhookJson.Time(token.Expires),
        ["lastUsed"] = WebhookJson.Time(token.LastUsed),
        ["revoked"] = WebhookJson.Time(token.Revoked),
    };

    /// <summary>A created or rotated token with its text: printed once, then never again.</summary>
    public static JsonObject IssuedJson(IssuedToken issued)
    {
        var json = TokenJson(issued.Summary);
        json.Remove("lastUsed");
        json.Remove("revoked");
        json["token"] = issued.Token;
        return json;
    }

    public static async Task WriteTokensAsync(TextWriter output, IEnumerable<TokenSummary> tokens, DateTimeOffset now)
    {
        await output.WriteLineAsync(string.Join('\t', "ID", "TENANT", "NAME", "STATE", "CREATED", "EXPIRES", "LAST USED"));
        foreach (var token in tokens)
        {
            await output.WriteLineAsync(string.Join('\t', token.Id, token.Tenant, token.Name, token.StateAt(now), $"{token.Created:u}",
                token.Expires is { } e ? $"{e:u}" : "never", token.LastUsed is { } u ? $"{u:u}" : "never used"));
        }
    }
}
