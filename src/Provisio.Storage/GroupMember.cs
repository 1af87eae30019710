namespace Provisio.Storage;

/// <summary>
/// One member of a group as stored: its id, its resource type (User or Group) and its display name; or, read from the
/// other side, one group of a user: the group's id, <c>direct</c> or <c>indirect</c> (through nested groups) and the
/// group's display name.
/// </summary>
public sealed record GroupMember(string Value, string Type, string? Display);
