using System.Text.Json;
using System.Text.Json.Nodes;
using Provisio.Storage.Access;
using Provisio.Storage.Tenancy;

namespace Provisio.Server.Admin;

/// <summary>
/// Reads the bodies of the access routes: a mapping, a role, a merge patch of the access settings. Every malformed
/// member is a 400 that names it and says what to send.
/// </summary>
internal static class AccessRequestBody
{
    /// <summary>A mapping to store, with a new id (kept only if the group has no mapping yet).</summary>
    public static async Task<AccessMapping> MappingAsync(HttpRequest request, string tenant, TimeProvider time, CancellationToken cancellationToken)
    {
        var body = await ObjectAsync(request, ["group", "by", "roles", "workspaces"], cancellationToken);
        var group = body.TryGetPropertyValue("group", out var groupNode) && groupNode is JsonValue value && value.GetValueKind() == JsonValueKind.String
            ? value.GetValue<string>()
            : throw QueryParameters.Bad("group is required: the group's displayName (or its id, with \"by\": \"id\").");
        if (AccessNames.GroupRefusal(group) is { } refusal)
        {
            throw QueryParameters.Bad($"group: {refusal}.");
        }
        var by = body.TryGetPropertyValue("by", out var byNode) && byNode is not null
            ? Reference(byNode)
            : GroupReference.Name;
        var roles = Names(body, "role");
        var workspaces = Names(body, "workspace");
        if (roles.Count == 0 && workspaces.Count == 0)
        {
            throw QueryParameters.Bad("A mapping grants at least one role or workspace: give roles and/or workspaces.");
        }
        return new AccessMapping
        {
            TenantId = tenant,
            Id = AccessMappingIds.New(),
            Group = group,
            ReferenceKind = by,
            Roles = roles,
            Workspaces = workspaces,
            Created = time.GetUtcNow(),
        };
    }

    public static async Task<AccessRole> RoleAsync(HttpRequest request, string tenant, string role, CancellationToken cancellationToken)
    {
        if (AccessNames.Refusal("role", role) is { } refusal)
        {
            throw QueryParameters.Bad(refusal + ".");
        }
        var body = await ObjectAsync(request, ["rank", "protected"], cancellationToken);
        int? rank = body.TryGetPropertyValue("rank", out var rankNode) && rankNode is not null
            ? rankNode is JsonValue r && r.GetValueKind() == JsonValueKind.Number && r.TryGetValue<int>(out var number)
                ? number
                : throw QueryParameters.Bad("rank must be a whole number (higher wins) or null.")
            : null;
        var isProtected = body.TryGetPropertyValue("protected", out var protectedNode) && protectedNode is not null
            && (protectedNode is JsonValue p && p.GetValueKind() is JsonValueKind.True or JsonValueKind.False
                ? p.GetValue<bool>()
                : throw QueryParameters.Bad("protected must be true or false."));
        return new AccessRole(tenant, role, rank, isProtected);
    }

    /// <summary>The settings with a JSON merge patch of <c>syncGroups</c> and <c>protectedRolePolicy</c> applied.</summary>
    public static async Task<TenantSettings> SettingsAsync(HttpRequest request, TenantSettings current, CancellationToken cancellationToken)
    {
        var body = await ObjectAsync(request, ["syncGroups", "protectedRolePolicy"], cancellationToken);
        var result = current;
        if (body.TryGetPropertyValue("syncGroups", out var groups))
        {
            result = result with { SyncGroups = groups is null ? null : SyncGroups(groups) };
        }
        if (body.TryGetPropertyValue("protectedRolePolicy", out var policy))
        {
            result = result with
            {
                ProtectedRolePolicy = (policy as JsonValue)?.GetValueKind() == JsonValueKind.String ? policy!.GetValue<string>() switch
                {
                    "refuse" => ProtectedRolePolicy.Refuse,
                    "allow-and-alert" => ProtectedRolePolicy.AllowAndAlert,
                    _ => throw PolicyRefused(),
                } : throw PolicyRefused(),
            };
        }
        var problems = TenantSettingsRules.Problems(result).Where(p => p.Setting is "sync-groups" or "protected-role-policy").ToList();
        return problems.Count == 0
            ? result
            : throw QueryParameters.Bad(string.Join("; ", problems.Select(p => $"{Member(p.Setting)}: {p.Message}")) + ".");
    }

    private static async Task<JsonObject> ObjectAsync(HttpRequest request, string[] members, CancellationToken cancellationToken)
    {
        JsonNode? body;
        try
        {
            body = await JsonNode.ParseAsync(request.Body, cancellationToken: cancellationToken);
        }
        catch (JsonException exception)
        {
            throw QueryParameters.Bad($"The body is not valid JSON: {exception.Message}");
        }
        if (body is not JsonObject found)
        {
            throw QueryParameters.Bad($"The body must be a JSON object with {string.Join(", ", members)}.");
        }
        foreach (var (name, _) in found)
        {
            if (!members.Contains(name, StringComparer.Ordinal))
            {
                throw QueryParameters.Bad($"'{AccessNames.Shown(name)}' is not a member that can be set here; those are {string.Join(", ", members)}.");
            }
        }
        return found;
    }

    private static GroupReference Reference(JsonNode node) =>
        (node as JsonValue)?.GetValueKind() == JsonValueKind.String ? node.GetValue<string>() switch
        {
            "name" => GroupReference.Name,
            "id" => GroupReference.Id,
            _ => throw ByRefused(),
        } : throw ByRefused();

    /// <summary>The <paramref name="what"/>s of a mapping (member <c>roles</c> or <c>workspaces</c>), checked; empty when left out or null.</summary>
    private static IReadOnlyList<string> Names(JsonObject body, string what)
    {
        if (!body.TryGetPropertyValue(what + "s", out var node) || node is null)
        {
            return [];
        }
        var names = StringArray(node) ?? throw QueryParameters.Bad($"{what}s must be an array of names, e.g. [\"admin\"].");
        var problems = AccessNames.Problems(what, names);
        return problems.Count == 0 ? AccessNames.Distinct(names) : throw QueryParameters.Bad($"{what}s: {string.Join("; ", problems)}.");
    }

    private static IReadOnlyList<string> SyncGroups(JsonNode node)
    {
        var groups = StringArray(node)
            ?? throw QueryParameters.Bad("syncGroups must be an array of group displayNames or ids, or null for every group.");
        return [.. groups.Distinct(StringComparer.OrdinalIgnoreCase)];
    }

    private static List<string>? StringArray(JsonNode node) =>
        node is JsonArray array && array.All(e => e is JsonValue v && v.GetValueKind() == JsonValueKind.String)
            ? [.. array.Select(e => e!.GetValue<string>())]
            : null;

    private static string Member(string setting) => setting == "sync-groups" ? "syncGroups" : "protectedRolePolicy";

    private static BadHttpRequestException ByRefused() => QueryParameters.Bad("by must be \"name\" (the group's displayName, the default) or \"id\".");

    private static BadHttpRequestException PolicyRefused() => QueryParameters.Bad("protectedRolePolicy must be \"refuse\" or \"allow-and-alert\".");
}
