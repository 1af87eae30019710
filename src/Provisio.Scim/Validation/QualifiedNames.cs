using System.Text.Json.Nodes;
using Provisio.Scim.Errors;
using Provisio.Scim.Filtering;
using Provisio.Scim.Resources;
using Provisio.Scim.Schema;

namespace Provisio.Scim.Validation;

/// <summary>
/// Moves URN-qualified names of a resource body to where the plain names live (RFC 7644 §3.10 allows either):
/// <c>urn:…:core:2.0:User:password</c> is <c>password</c>, <c>urn:…:core:2.0:User:name.givenName</c> is
/// <c>givenName</c> inside <c>name</c>, <c>urn:…:enterprise:2.0:User:employeeNumber</c> is <c>employeeNumber</c> inside
/// the enterprise object, and a core-URN object holds core attributes. Names are resolved by
/// <see cref="AttributeResolver.TryFindSchema"/>, as in filters and PATCH paths, so every rule about the plain name
/// (write-only, read-only, types) applies to the qualified one too. Objects that meet merge; one value given twice
/// (<c>userName</c> and <c>urn:…:User:userName</c>) is ambiguous.
/// </summary>
internal static class QualifiedNames
{
    /// <param name="body">The body as sent (left unchanged).</param>
    /// <param name="type">The resource type whose schemas qualify names.</param>
    /// <param name="refuseAmbiguity">
    /// True for a request body (a value given twice is 400 <c>invalidSyntax</c>); false for a stored document, where
    /// the first value wins so that older data never blocks a write.
    /// </param>
    public static JsonObject Unqualify(JsonObject body, ResourceTypeDefinition type, bool refuseAmbiguity)
    {
        if (!body.Any(p => IsCoreObject(p.Key, type) || Placement(p.Key, type) is not null))
        {
            return body;
        }
        var result = new JsonObject();
        foreach (var (key, value) in body)
        {
            if (IsCoreObject(key, type))
            {
                if (value is JsonObject core)
                {
                    foreach (var (name, item) in core)
                    {
                        Add(result, name, item, type, refuseAmbiguity);
                    }
                }
                else if (value is not null && refuseAmbiguity)
                {
                    throw ScimException.BadRequest(ScimErrorType.InvalidValue, $"'{key}' must be an object of {type.Name} attributes.");
                }
                continue;
            }
            Add(result, key, value, type, refuseAmbiguity);
        }
        return result;
    }

    private static void Add(JsonObject result, string key, JsonNode? value, ResourceTypeDefinition type, bool refuseAmbiguity)
    {
        if (Placement(key, type) is not { } place)
        {
            Put(result, key, value, refuseAmbiguity, key);
            return;
        }
        var container = result;
        if (place.SchemaUrn is { } extension)
        {
            container = Child(result, extension, key, refuseAmbiguity);
        }
        if (container is not null && place.SubAttribute is { } sub)
        {
            container = Child(container, place.Name, key, refuseAmbiguity);
        }
        if (container is not null)
        {
            Put(container, place.SubAttribute ?? place.Name, value, refuseAmbiguity, key);
        }
    }

    /// <summary>Where a qualified name belongs, or null when the name is plain or under a URN no schema declares.</summary>
    private static AttributePath? Placement(string key, ResourceTypeDefinition type)
    {
        if (!key.StartsWith("urn:", StringComparison.OrdinalIgnoreCase) || type.FindExtension(key) is not null)
        {
            return null;
        }
        var corePrefix = type.Schema.Id + ":";
        if (key.StartsWith(corePrefix, StringComparison.OrdinalIgnoreCase))
        {
            // Whatever follows the core URN is a core name, even one that is not a valid attribute name (kept as sent).
            var rest = key[corePrefix.Length..];
            return AttributePath.TryParse(rest) is { SchemaUrn: null } plain ? plain : new AttributePath(null, rest, null);
        }
        return AttributePath.TryParse(key) is { SchemaUrn: not null } path && AttributeResolver.TryFindSchema(path.SchemaUrn, type, out var extension)
            ? path with { SchemaUrn = extension?.Schema.Id }
            : null;
    }

    private static bool IsCoreObject(string key, ResourceTypeDefinition type) =>
        string.Equals(key, type.Schema.Id, StringComparison.OrdinalIgnoreCase);

    /// <summary>The object under <paramref name="name"/>, created when absent; null (ignored) when a value is there.</summary>
    private static JsonObject? Child(JsonObject parent, string name, string key, bool refuseAmbiguity)
    {
        var existing = parent.FindKey(name);
        if (existing is null)
        {
            var created = new JsonObject();
            parent[name] = created;
            return created;
        }
        if (parent[existing] is JsonObject child)
        {
            return child;
        }
        return refuseAmbiguity ? throw JsonNames.Ambiguous(existing, key) : null;
    }

    /// <summary>Sets a member; objects merge with what is there, any other value given twice is ambiguous.</summary>
    private static void Put(JsonObject target, string name, JsonNode? value, bool refuseAmbiguity, string sentAs)
    {
        var existing = target.FindKey(name);
        if (existing is null)
        {
            target[name] = value?.DeepClone();
        }
        else if (target[existing] is JsonObject into && value is JsonObject from)
        {
            foreach (var (key, item) in from)
            {
                Put(into, key, item, refuseAmbiguity, $"{sentAs}.{key}");
            }
        }
        else if (refuseAmbiguity)
        {
            throw JsonNames.Ambiguous(existing, sentAs);
        }
    }
}
