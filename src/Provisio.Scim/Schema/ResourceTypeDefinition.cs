namespace Provisio.Scim.Schema;

/// <summary>A resource type (RFC 7643 §6): its endpoint, core schema and extensions.</summary>
public sealed record ResourceTypeDefinition
{
    public required string Name { get; init; }

    public required string Endpoint { get; init; }

    public required string Description { get; init; }

    public required SchemaDefinition Schema { get; init; }

    public IReadOnlyList<SchemaExtension> Extensions { get; init; } = [];

    /// <summary>Finds a declared extension by its URN, case-insensitively.</summary>
    public SchemaExtension? FindExtension(string urn) =>
        Extensions.FirstOrDefault(e => string.Equals(e.Schema.Id, urn, StringComparison.OrdinalIgnoreCase));
}

/// <summary>An extension schema attached to a resource type.</summary>
public sealed record SchemaExtension(SchemaDefinition Schema, bool Required);
