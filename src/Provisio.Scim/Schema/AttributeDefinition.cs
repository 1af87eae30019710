namespace Provisio.Scim.Schema;

/// <summary>One attribute of a schema (RFC 7643 §7), with its sub-attributes when it is complex.</summary>
public sealed record AttributeDefinition
{
    public required string Name { get; init; }

    public AttributeType Type { get; init; } = AttributeType.String;

    public bool MultiValued { get; init; }

    public bool Required { get; init; }

    public bool CaseExact { get; init; }

    public Mutability Mutability { get; init; } = Mutability.ReadWrite;

    public Returned Returned { get; init; } = Returned.Default;

    public Uniqueness Uniqueness { get; init; } = Uniqueness.None;

    public IReadOnlyList<AttributeDefinition> SubAttributes { get; init; } = [];

    /// <summary>The values the schema suggests (RFC 7643 §7 <c>canonicalValues</c>), e.g. work, home, other for emails.type.</summary>
    public IReadOnlyList<string> CanonicalValues { get; init; } = [];

    /// <summary>Finds a sub-attribute by name, case-insensitively as RFC 7643 §2.1 asks.</summary>
    public AttributeDefinition? FindSubAttribute(string name) =>
        SubAttributes.FirstOrDefault(a => string.Equals(a.Name, name, StringComparison.OrdinalIgnoreCase));
}
