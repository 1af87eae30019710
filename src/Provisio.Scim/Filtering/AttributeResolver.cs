using Provisio.Scim.Errors;
using Provisio.Scim.Schema;

namespace Provisio.Scim.Filtering;

/// <summary>
/// Resolves attribute paths (in filters, sorting) against a resource type. Names are case-insensitive and come back
/// in the schema's spelling. A path into a declared schema must name a declared attribute (else 400
/// <c>invalidFilter</c>); a path under an undeclared extension URN is accepted, since such data is kept as sent.
/// </summary>
public static class AttributeResolver
{
    public static ResolvedPath Resolve(AttributePath path, ResourceTypeDefinition type, string scimType = ScimErrorType.InvalidFilter)
    {
        if (!TryFindSchema(path.SchemaUrn, type, out var extension))
        {
            // An extension no schema declares: its data was kept as sent, so it can be filtered, untyped.
            return new ResolvedPath(path.SchemaUrn, path.Name, path.SubAttribute, null, null);
        }
        var definition = extension is not null
            ? extension.Schema.FindAttribute(path.Name)
            : type.Schema.FindAttribute(path.Name) ?? CommonAttributes.Find(path.Name);
        if (definition is null)
        {
            throw ScimException.BadRequest(scimType, $"Unknown attribute '{path}' for {type.Name}.");
        }
        AttributeDefinition? sub = null;
        if (path.SubAttribute is not null)
        {
            if (definition.Type != AttributeType.Complex)
            {
                throw ScimException.BadRequest(scimType, $"'{definition.Name}' has no sub-attributes ('{path}').");
            }
            sub = definition.FindSubAttribute(path.SubAttribute)
                ?? throw ScimException.BadRequest(scimType, $"Unknown attribute '{path}' for {type.Name}.");
        }
        return new ResolvedPath(extension?.Schema.Id, definition.Name, sub?.Name, definition, sub);
    }

    /// <summary>
    /// The declared schema a path's URN names: none or the core schema's URN (then <paramref name="extension"/> is null
    /// and the name is the plain core name, <c>urn:…:core:2.0:User:userName</c> = <c>userName</c>), or a declared
    /// extension. False for a URN no schema of the type declares.
    /// </summary>
    public static bool TryFindSchema(string? urn, ResourceTypeDefinition type, out SchemaExtension? extension)
    {
        extension = null;
        if (urn is null || string.Equals(urn, type.Schema.Id, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }
        extension = type.FindExtension(urn);
        return extension is not null;
    }

    /// <summary>Resolves a sub-attribute of a multi-valued attribute, inside <c>emails[type eq "work"]</c>.</summary>
    public static ResolvedPath ResolveWithin(ResolvedPath parent, AttributePath inner, ResourceTypeDefinition type)
    {
        if (inner.SchemaUrn is not null || inner.SubAttribute is not null)
        {
            throw ScimException.BadRequest(ScimErrorType.InvalidFilter, $"Inside '{parent.Path}[…]' name a sub-attribute, not '{inner}'.");
        }
        if (!parent.IsDeclared)
        {
            return parent with { SubName = inner.Name };
        }
        return Resolve(new AttributePath(parent.Extension, parent.Name, inner.Name), type);
    }
}
