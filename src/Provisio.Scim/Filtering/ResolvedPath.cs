using Provisio.Scim.Schema;

namespace Provisio.Scim.Filtering;

/// <summary>
/// An attribute path resolved against a resource type: where the value lives (core or an extension object), the
/// canonical names, and the definitions that say how to compare it. <see cref="Definition"/> is null for an attribute
/// under an extension URN that no schema declares: such values are compared by their JSON type.
/// </summary>
public sealed record ResolvedPath(
    string? Extension,
    string Name,
    string? SubName,
    AttributeDefinition? Definition,
    AttributeDefinition? SubDefinition)
{
    public bool IsDeclared => Definition is not null;

    /// <summary>A multi-valued attribute: matching means "some value matches" (RFC 7644 §3.4.2.2).</summary>
    public bool MultiValued => Definition?.MultiValued ?? false;

    /// <summary>The definition of the compared value: the sub-attribute, or the attribute itself.</summary>
    public AttributeDefinition? Leaf => SubDefinition ?? (SubName is null ? Definition : null);

    /// <summary>Strings compare case-insensitively unless the schema says caseExact.</summary>
    public bool CaseExact => Leaf?.CaseExact ?? false;

    /// <summary>The path in canonical form.</summary>
    public AttributePath Path => new(Extension, Name, SubName);

    public bool Is(string name, string? subName = null) =>
        Extension is null
        && string.Equals(Name, name, StringComparison.Ordinal)
        && string.Equals(SubName, subName, StringComparison.Ordinal);
}
