using System.Text.Json.Nodes;

namespace Provisio.Scim.Schema;

/// <summary>A schema (RFC 7643 §7): its URN, its attributes, and the JSON it was read from (served by /Schemas).</summary>
public sealed record SchemaDefinition
{
    public required string Id { get; init; }

    public required string Name { get; init; }

    public required IReadOnlyList<AttributeDefinition> Attributes { get; init; }

    /// <summary>The schema representation exactly as defined, the single source of both validation and discovery.</summary>
    public required JsonObject Representation { get; init; }

    /// <summary>Finds a top-level attribute by name, case-insensitively.</summary>
    public AttributeDefinition? FindAttribute(string name) =>
        Attributes.FirstOrDefault(a => string.Equals(a.Name, name, StringComparison.OrdinalIgnoreCase));
}
