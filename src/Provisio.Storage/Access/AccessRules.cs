using Provisio.Storage.Tenancy;

namespace Provisio.Storage.Access;

/// <summary>What a user's groups grant under a tenant's mappings and sync allowlist: the pure part of effective access.</summary>
internal static class AccessRules
{
    /// <summary>The grants of the groups a user is in (directly or through nesting); none for an inactive user.</summary>
    public static HashSet<AccessGrant> Grants(UserGroups user, IReadOnlyList<AccessMapping> mappings, TenantSettings settings)
    {
        var grants = new HashSet<AccessGrant>();
        if (!user.Active)
        {
            return grants;
        }
        foreach (var group in user.Groups.Where(g => Synced(g, settings)))
        {
            foreach (var mapping in mappings.Where(m => Names(m, group)))
            {
                grants.UnionWith(mapping.Roles.Select(role => new AccessGrant(AccessKind.Role, role, group.Id)));
                grants.UnionWith(mapping.Workspaces.Select(workspace => new AccessGrant(AccessKind.Workspace, workspace, group.Id)));
            }
        }
        return grants;
    }

    /// <summary>The key a group is known by in access, e.g. <c>group:engineering/platform</c>: its full name, case-folded.</summary>
    public static string GroupKey(string? display, string id) => "group:" + (display ?? id).ToLowerInvariant();

    private static bool Synced(GroupName group, TenantSettings settings) =>
        settings.SyncGroups is not { } allowed
        || allowed.Any(a => a == group.Id || string.Equals(a, group.Display, StringComparison.OrdinalIgnoreCase));

    private static bool Names(AccessMapping mapping, GroupName group) => mapping.ReferenceKind == GroupReference.Id
        ? mapping.Group == group.Id
        : string.Equals(mapping.Group, group.Display, StringComparison.OrdinalIgnoreCase);
}
