namespace Provisio.Storage.Access;

/// <summary>
/// An IdP group that grants roles and/or workspaces in a tenant. The group is named by id, or by displayName
/// (compared case-insensitively) so the mapping can be made before the group's first sync.
/// </summary>
public sealed record AccessMapping
{
    public required string TenantId { get; init; }

    public required string Id { get; init; }

    /// <summary>The group's id, or its displayName as given (stored case-folded).</summary>
    public required string Group { get; init; }

    public required GroupReference ReferenceKind { get; init; }

    public IReadOnlyList<string> Roles { get; init; } = [];

    public IReadOnlyList<string> Workspaces { get; init; } = [];

    public required DateTimeOffset Created { get; init; }
}

/// <summary>How a mapping names its group.</summary>
public enum GroupReference
{
    /// <summary>The group's SCIM id.</summary>
    Id,

    /// <summary>The group's displayName, case-insensitively (a path such as <c>Engineering/Platform</c> is a name).</summary>
    Name,
}
