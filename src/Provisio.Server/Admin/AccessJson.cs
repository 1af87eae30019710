using System.Text.Json.Nodes;
using Provisio.Scim.Resources;
using Provisio.Storage.Access;
using Provisio.Storage.Tenancy;

namespace Provisio.Server.Admin;

/// <summary>The admin API's JSON of a tenant's access configuration: mappings, roles and the access settings.</summary>
internal static class AccessJson
{
    public static JsonObject Mapping(AccessMapping mapping) => new()
    {
        ["id"] = mapping.Id,
        ["group"] = mapping.Group,
        ["by"] = By(mapping.ReferenceKind),
        ["roles"] = Strings(mapping.Roles),
        ["workspaces"] = Strings(mapping.Workspaces),
        ["createdAt"] = ResourceRenderer.FormatTime(mapping.Created),
    };

    public static JsonObject Role(AccessRole role) => new()
    {
        ["role"] = role.Role,
        ["rank"] = role.Rank,
        ["protected"] = role.Protected,
    };

    public static JsonObject Settings(TenantSettings settings) => new()
    {
        ["syncGroups"] = settings.SyncGroups is { } groups ? Strings(groups) : null,
        ["protectedRolePolicy"] = PolicyName(settings.ProtectedRolePolicy),
    };

    public static string By(GroupReference kind) => kind == GroupReference.Id ? "id" : "name";

    public static string PolicyName(ProtectedRolePolicy policy) => policy == ProtectedRolePolicy.AllowAndAlert ? "allow-and-alert" : "refuse";

    private static JsonArray Strings(IEnumerable<string> values) => [.. values.Select(v => JsonValue.Create(v))];
}
