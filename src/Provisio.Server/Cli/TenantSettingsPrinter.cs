using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Provisio.Storage.Tenancy;

namespace Provisio.Server.Cli;

/// <summary>Prints every setting of a tenant, defaults included: a table for people, or JSON (<c>--json</c>).</summary>
internal static class TenantSettingsPrinter
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static async Task WriteTextAsync(TextWriter output, string tenantId, TenantSettings settings)
    {
        var defaults = TenantSettings.Default;
        await output.WriteLineAsync($"Settings of tenant '{tenantId}':");
        await WriteAsync("delete-mode", settings.DeleteMode.ToString().ToLowerInvariant(), settings.DeleteMode == defaults.DeleteMode);
        await WriteAsync("grace-days",
            settings.GraceDays is { } days ? $"{days} (soft-deleted users are purged after it)" : "none (soft-deleted users are kept)",
            settings.GraceDays == defaults.GraceDays);
        await WriteAsync("audit-retention-days", settings.AuditRetentionDays.ToString(System.Globalization.CultureInfo.InvariantCulture),
            settings.AuditRetentionDays == defaults.AuditRetentionDays);
        await WriteAsync("audit-reads", settings.AuditReads ? "true" : "false", settings.AuditReads == defaults.AuditReads);
        await WriteAsync("sensitive-attributes", List(settings.SensitiveAttributes), settings.SensitiveAttributes.Count == 0);
        await WriteAsync("request-id-headers", List(settings.RequestIdHeaders),
            settings.RequestIdHeaders.SequenceEqual(defaults.RequestIdHeaders, StringComparer.Ordinal));
        await WriteAsync("sync-groups", settings.SyncGroups is { } groups ? List(groups) : "all", settings.SyncGroups is null);
        await WriteAsync("protected-role-policy", Admin.AccessJson.PolicyName(settings.ProtectedRolePolicy),
            settings.ProtectedRolePolicy == defaults.ProtectedRolePolicy);
        await WriteAsync("paused", settings.Paused ? "true (SCIM requests answer 503)" : "false", !settings.Paused);
        await WriteAsync("dry-run", settings.DryRun ? "true (events are recorded, not delivered)" : "false", !settings.DryRun);
        await WriteAsync("external-id-unique", settings.ExternalIdUnique ? "true" : "false", !settings.ExternalIdUnique);
        await WriteAsync("max-page-size", settings.MaxPageSize is { } max ? Number(max) : "the server's", settings.MaxPageSize is null);
        await WriteAsync("default-page-size", settings.DefaultPageSize is { } size ? Number(size) : "the server's", settings.DefaultPageSize is null);
        await WriteAsync("rate-limit",
            settings.RateLimit is { } rate ? string.Create(CultureInfo.InvariantCulture, $"{rate.PermitsPerSecond}/s, burst {rate.Burst}") : "the server's",
            settings.RateLimit is null);
        await WriteAsync("stale-after-hours", Number(settings.StaleAfterHours), settings.StaleAfterHours == defaults.StaleAfterHours);

        Task WriteAsync(string name, string value, bool isDefault) =>
            output.WriteLineAsync($"  {name,-22}{value}{(isDefault ? "  (default)" : "")}");
    }

    public static Task WriteJsonAsync(TextWriter output, string tenantId, TenantSettings settings)
    {
        var json = new JsonObject { ["tenant"] = tenantId };
        foreach (var (name, value) in JsonNode.Parse(TenantSettingsJson.Write(settings))!.AsObject())
        {
            json[name] = value?.DeepClone();
        }
        return output.WriteLineAsync(json.ToJsonString(Indented));
    }

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string List(IReadOnlyList<string> values) => values.Count == 0 ? "none" : string.Join(",", values);
}
