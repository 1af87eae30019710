namespace Provisio.Storage.Access;

/// <summary>A user's effective access: its roles (highest rank first) and workspaces, each with the groups that grant it.</summary>
public sealed record UserAccess(string UserId, bool Active, IReadOnlyList<UserAccessItem> Roles, IReadOnlyList<UserAccessItem> Workspaces);

/// <summary>A role or workspace a user holds, its rank (roles only, when ranked), and the groups that grant it.</summary>
public sealed record UserAccessItem(string Name, int? Rank, IReadOnlyList<GrantingGroup> GrantedBy);

/// <summary>A mapped group that grants something: its id, its displayName, and its key (<c>group:engineering/platform</c>).</summary>
public sealed record GrantingGroup(string Id, string? DisplayName, string Key);
