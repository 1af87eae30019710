namespace Provisio.Storage.Access;

/// <summary>A tenant's mappings of IdP groups to roles and workspaces, and its roles' ranks and protection.</summary>
public interface IAccessConfigurationStore
{
    /// <summary>Adds or replaces the mapping of a group (one per group reference); returns what is stored.</summary>
    Task<AccessMapping> MapAsync(AccessMapping mapping, CancellationToken cancellationToken);

    /// <summary>Removes a group's mapping; false when there was none.</summary>
    Task<bool> UnmapAsync(string tenantId, GroupReference kind, string group, CancellationToken cancellationToken);

    Task<IReadOnlyList<AccessMapping>> ListMappingsAsync(string tenantId, CancellationToken cancellationToken);

    /// <summary>Sets a role's rank and protection (a role need not be declared to be granted).</summary>
    Task SetRoleAsync(AccessRole role, CancellationToken cancellationToken);

    Task<IReadOnlyList<AccessRole>> ListRolesAsync(string tenantId, CancellationToken cancellationToken);
}
