namespace Provisio.Scim.Schema;

/// <summary>
/// The attributes every resource has (RFC 7643 §3.1) but no schema lists: <c>id</c>, <c>externalId</c> and <c>meta</c>.
/// They matter for filtering and sorting.
/// </summary>
public static class CommonAttributes
{
    public static AttributeDefinition Id { get; } = new()
    {
        Name = "id",
        CaseExact = true,
        Mutability = Mutability.ReadOnly,
        Returned = Returned.Always,
        Uniqueness = Uniqueness.Server,
    };

    public static AttributeDefinition ExternalId { get; } = new() { Name = "externalId", CaseExact = true };

    public static AttributeDefinition Meta { get; } = new()
    {
        Name = "meta",
        Type = AttributeType.Complex,
        Mutability = Mutability.ReadOnly,
        SubAttributes =
        [
            new() { Name = "resourceType", CaseExact = true, Mutability = Mutability.ReadOnly },
            new() { Name = "created", Type = AttributeType.DateTime, Mutability = Mutability.ReadOnly },
            new() { Name = "lastModified", Type = AttributeType.DateTime, Mutability = Mutability.ReadOnly },
            new() { Name = "location", Type = AttributeType.Reference, CaseExact = true, Mutability = Mutability.ReadOnly },
            new() { Name = "version", CaseExact = true, Mutability = Mutability.ReadOnly },
        ],
    };

    public static IReadOnlyList<AttributeDefinition> All { get; } = [Id, ExternalId, Meta];

    public static AttributeDefinition? Find(string name) =>
        All.FirstOrDefault(a => string.Equals(a.Name, name, StringComparison.OrdinalIgnoreCase));
}
