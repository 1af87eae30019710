namespace Provisio.Storage.Events;

/// <summary>The types of change events, as they appear in the feed, in webhooks and to in-process handlers.</summary>
public static class EventTypes
{
    public const string UserCreated = "user.created";
    public const string UserUpdated = "user.updated";
    public const string UserDeactivated = "user.deactivated";
    public const string UserReactivated = "user.reactivated";
    public const string UserPasswordChanged = "user.password_changed";
    public const string UserDeleted = "user.deleted";
    public const string UserPurged = "user.purged";
    public const string GroupCreated = "group.created";
    public const string GroupUpdated = "group.updated";
    public const string GroupDeleted = "group.deleted";
    public const string GroupUserAdded = "group.user_added";
    public const string GroupUserRemoved = "group.user_removed";
    public const string RoleGranted = "role.granted";
    public const string RoleRevoked = "role.revoked";
    public const string WorkspaceJoined = "workspace.joined";
    public const string WorkspaceLeft = "workspace.left";
    public const string ProtectedRoleOrphaned = "access.protected_role_orphaned";

    public static IReadOnlyList<string> All { get; } =
    [
        UserCreated, UserUpdated, UserDeactivated, UserReactivated, UserPasswordChanged, UserDeleted, UserPurged,
        GroupCreated, GroupUpdated, GroupDeleted, GroupUserAdded, GroupUserRemoved,
        RoleGranted, RoleRevoked, WorkspaceJoined, WorkspaceLeft, ProtectedRoleOrphaned,
    ];
}
