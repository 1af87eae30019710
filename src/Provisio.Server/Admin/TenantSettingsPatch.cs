using System.Text.Json;
using System.Text.Json.Nodes;
using Provisio.Storage.Access;
using Provisio.Storage.Tenancy;

namespace Provisio.Server.Admin;

/// <summary>
/// Applies an RFC 7386 JSON merge patch to a tenant's settings: a member sets its setting, <c>null</c> resets it to
/// its default, an object (<c>rateLimit</c>) is merged member by member. Anything that is not a setting, or a value
/// the setting does not allow, is a 400 that names the setting and says what it allows; nothing is applied then.
/// </summary>
internal static class TenantSettingsPatch
{
    /// <summary>What each setting allows, as the 400 says it.</summary>
    private static readonly Dictionary<string, string> Allowed = new(StringComparer.Ordinal)
    {
        ["deleteMode"] = "\"soft\" or \"hard\"",
        ["graceDays"] = $"a whole number of days from 1 to {TenantSettingsRules.MaxDays}, or null to keep deleted users",
        ["auditRetentionDays"] = $"a whole number of days from 1 to {TenantSettingsRules.MaxDays}",
        ["auditReads"] = "true or false",
        ["sensitiveAttributes"] = "an array of attribute paths, e.g. [\"ssn\"]",
        ["requestIdHeaders"] = "an array of HTTP header names",
        ["syncGroups"] = "an array of group displayNames or ids, or null for every group",
        ["protectedRolePolicy"] = "\"refuse\" or \"allow-and-alert\"",
        ["paused"] = "true or false",
        ["dryRun"] = "true or false",
        ["externalIdUnique"] = "true or false",
        ["maxPageSize"] = $"a whole number from 1 to {TenantSettingsRules.MaxPageSize}, or null for the server's",
        ["defaultPageSize"] = $"a whole number from 1 to {TenantSettingsRules.MaxPageSize}, or null for the server's",
        ["rateLimit"] = "{\"permitsPerSecond\": a number from 0.01 to 1000000, \"burst\": a whole number from 1 to 10000000}, or null for the server's",
        ["staleAfterHours"] = $"a whole number of hours from 1 to {TenantSettingsRules.MaxStaleAfterHours}",
    };

    /// <summary>The JSON members of the settings, in the order they are shown.</summary>
    public static IReadOnlyCollection<string> Members => Allowed.Keys;

    /// <summary>Every setting as the admin API shows it, defaults included.</summary>
    public static JsonObject ToJson(TenantSettings settings) => JsonNode.Parse(TenantSettingsJson.Write(settings))!.AsObject();

    public static TenantSettings Apply(TenantSettings current, JsonNode? patch)
    {
        if (patch is not JsonObject changes)
        {
            throw QueryParameters.Bad("The body must be a JSON object of settings to change, e.g. {\"paused\": true}; null resets a setting to its default.");
        }
        var document = ToJson(current);
        foreach (var (name, value) in changes)
        {
            if (!Allowed.ContainsKey(name))
            {
                throw QueryParameters.Bad($"'{AccessNames.Shown(name)}' is not a setting; the settings are {string.Join(", ", Allowed.Keys)}.");
            }
            Merge(document, name, value);
        }
        TenantSettings settings;
        try
        {
            settings = document.Deserialize<TenantSettings>(TenantSettingsJson.Strict)!;
        }
        catch (JsonException exception)
        {
            throw QueryParameters.Bad(Refusal(exception.Path, changes));
        }
        if (settings.SyncGroups is { } groups)
        {
            settings = settings with { SyncGroups = [.. groups.Distinct(StringComparer.OrdinalIgnoreCase)] };
        }
        var problems = TenantSettingsRules.Problems(settings);
        return problems.Count == 0
            ? settings
            : throw QueryParameters.Bad(string.Join("; ", problems.Select(p => $"{p.Member}: {p.Message}")) + ". Nothing changed.");
    }

    /// <summary>RFC 7386 §2: null removes the member (its default applies), an object merges into an object, anything else replaces.</summary>
    private static void Merge(JsonObject target, string name, JsonNode? value)
    {
        if (value is null)
        {
            target.Remove(name);
            return;
        }
        if (value is JsonObject patch)
        {
            if (target[name] is not JsonObject nested)
            {
                nested = [];
                target[name] = nested;
            }
            foreach (var (member, memberValue) in patch)
            {
                Merge(nested, member, memberValue);
            }
            return;
        }
        target[name] = value.DeepClone();
    }

    /// <summary>The 400 for a value the setting's type does not allow: the setting named at the error's path, or the first changed.</summary>
    private static string Refusal(string? path, JsonObject changes)
    {
        var member = path?.StartsWith("$.", StringComparison.Ordinal) == true
            ? path[2..].Split('.', '[')[0]
            : null;
        member = member is not null && Allowed.ContainsKey(member) ? member : changes.Select(c => c.Key).FirstOrDefault(Allowed.ContainsKey);
        return member is null
            ? "The settings could not be read. Nothing changed."
            : $"{member} must be {Allowed[member]}. Nothing changed.";
    }
}
