namespace Provisio.Storage.Access;

/// <summary>One piece of a user's effective access: a role or a workspace, and the mapped group that grants it.</summary>
public sealed record AccessGrant(AccessKind Kind, string Name, string GroupId);

/// <summary>What a grant gives.</summary>
public enum AccessKind
{
    Role,
    Workspace,
}
