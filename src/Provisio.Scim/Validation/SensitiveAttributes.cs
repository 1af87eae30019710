using System.Text.Json.Nodes;
using Provisio.Scim.Schema;

namespace Provisio.Scim.Validation;

/// <summary>
/// Removes a tenant's sensitive attributes from a resource document. A path is a core name (<c>ssn</c>,
/// <c>name.givenName</c>), a URN-qualified one (<c>urn:…:enterprise:2.0:User:employeeNumber</c>,
/// <c>urn:…:core:2.0:User:ssn</c>) or a whole extension (<c>urn:acme:…:User</c>). Names compare case-insensitively,
/// as SCIM attribute names do; a sub-attribute of a multi-valued attribute is removed from every value, and an object,
/// value or list left empty goes with it (empty means unassigned in SCIM).
/// </summary>
public static class SensitiveAttributes
{
    private static readonly string[] CoreSchemas = [ScimSchemas.User, ScimSchemas.Group];

    private static readonly string[] ServerOwned = ["id", "schemas", "meta"];

    /// <summary>
    /// <paramref name="document"/> without the attributes <paramref name="paths"/> name: the same instance when none is
    /// there, otherwise a changed copy (the input is never modified). With <paramref name="coreSchema"/> (the
    /// document's resource type), a path qualified by the other core schema (<c>urn:…:core:2.0:User:displayName</c> in
    /// a Group) does not apply.
    /// </summary>
    public static JsonObject Remove(JsonObject document, IReadOnlyList<string> paths, string? coreSchema = null)
    {
        if (paths.Count == 0)
        {
            return document;
        }
        JsonObject? copy = null;
        foreach (var path in paths)
        {
            var (root, names) = Locate(copy ?? document, path, coreSchema);
            if (root is null || !Contains(root, names, 0))
            {
                continue;
            }
            if (copy is null)
            {
                copy = document.DeepClone().AsObject();
                (root, names) = Locate(copy, path, coreSchema);
            }
            RemoveAt(root!, names, 0);
            if (!ReferenceEquals(root, copy) && root!.Count == 0 && root.Parent is JsonObject parent)
            {
                // An extension whose last attribute was sensitive is not kept as an empty object.
                parent.Remove(root.GetPropertyName());
            }
        }
        return copy ?? document;
    }

    /// <summary>Whether <paramref name="attributeName"/>, a top-level name, or one of its sub-attributes is listed.</summary>
    public static bool Touches(string attributeName, IReadOnlyList<string> paths) =>
        paths.Any(p => p.Equals(attributeName, StringComparison.OrdinalIgnoreCase)
            || p.StartsWith(attributeName + ".", StringComparison.OrdinalIgnoreCase)
            || p.StartsWith(attributeName + ":", StringComparison.OrdinalIgnoreCase));

    /// <summary>Whether the core attribute <paramref name="name"/> itself is listed, plain or qualified by <paramref name="coreSchema"/>.</summary>
    public static bool Lists(IReadOnlyList<string> paths, string coreSchema, string name) =>
        paths.Any(p => p.Equals(name, StringComparison.OrdinalIgnoreCase) || p.Equals($"{coreSchema}:{name}", StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// Why <paramref name="path"/> cannot be a sensitive attribute, or null when it can: it must name an attribute, and
    /// not one a resource cannot exist without (dropping those would break every write of the resource).
    /// </summary>
    public static string? Refusal(string path)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            return "an attribute path must not be empty";
        }
        if (path.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            return $"'{Printable(path)}' contains white space or control characters; attribute names never do";
        }
        if (CoreSchemas.Any(s => s.Equals(path, StringComparison.OrdinalIgnoreCase)))
        {
            return $"'{path}' is a core schema, not an attribute: it would drop the whole resource";
        }
        var core = CoreSchemas.FirstOrDefault(s => path.StartsWith(s + ":", StringComparison.OrdinalIgnoreCase));
        var attribute = core is null ? path : path[(core.Length + 1)..];
        if (attribute.Split('.').Any(n => n.Length == 0))
        {
            return $"'{path}' is not an attribute path (an empty name between dots)";
        }
        var top = attribute.Split('.')[0];
        var forUsers = core == ScimSchemas.User;
        var forGroups = core == ScimSchemas.Group;
        if (ServerOwned.Contains(top, StringComparer.OrdinalIgnoreCase))
        {
            return $"'{path}': the server owns '{top}' and every resource needs it";
        }
        if (top.Equals("userName", StringComparison.OrdinalIgnoreCase) && !forGroups)
        {
            return $"'{path}': every User needs its userName (required and unique: it is how the IdP finds the user)";
        }
        if (top.Equals("displayName", StringComparison.OrdinalIgnoreCase) && !forUsers)
        {
            return $"'{path}': every Group needs its displayName (required); to drop only users' display names, list '{ScimSchemas.User}:displayName'";
        }
        if (top.Equals("members", StringComparison.OrdinalIgnoreCase) && !forUsers)
        {
            return $"'{path}': a Group's members are its membership; dropping them would empty the group on its next PUT";
        }
        return null;
    }

    /// <summary>The object a path starts in and the names that lead from it to the attribute.</summary>
    private static (JsonObject? Root, string[] Names) Locate(JsonObject document, string path, string? coreSchema)
    {
        if (Find(document, path) is { } whole)
        {
            return (document, [whole]);
        }
        var colon = path.LastIndexOf(':');
        if (colon < 0)
        {
            return (document, path.Split('.'));
        }
        var schema = path[..colon];
        var names = path[(colon + 1)..].Split('.');
        if (CoreSchemas.FirstOrDefault(s => s.Equals(schema, StringComparison.OrdinalIgnoreCase)) is { } core)
        {
            return (coreSchema is null || core == coreSchema ? document : null, names);
        }
        return (Find(document, schema) is { } key ? document[key] as JsonObject : null, names);
    }

    private static bool Contains(JsonNode? node, string[] names, int index) => node switch
    {
        _ when index == names.Length => true,
        JsonObject obj => Find(obj, names[index]) is { } key && Contains(obj[key], names, index + 1),
        JsonArray array => array.Any(item => Contains(item, names, index)),
        _ => false,
    };

    private static void RemoveAt(JsonNode? node, string[] names, int index)
    {
        switch (node)
        {
            case JsonObject obj when Find(obj, names[index]) is { } key:
                if (index == names.Length - 1)
                {
                    obj.Remove(key);
                    break;
                }
                var wasEmpty = IsEmpty(obj[key]);
                RemoveAt(obj[key], names, index + 1);
                if (!wasEmpty && IsEmpty(obj[key]))
                {
                    obj.Remove(key);
                }
                break;
            case JsonArray array:
                for (var i = array.Count - 1; i >= 0; i--)
                {
                    var valueWasEmpty = IsEmpty(array[i]);
                    RemoveAt(array[i], names, index);
                    if (!valueWasEmpty && IsEmpty(array[i]))
                    {
                        array.RemoveAt(i);
                    }
                }
                break;
        }
    }

    private static bool IsEmpty(JsonNode? node) => node is JsonObject { Count: 0 } or JsonArray { Count: 0 };

    private static string? Find(JsonObject obj, string name) =>
        obj.Select(p => p.Key).FirstOrDefault(k => k.Equals(name, StringComparison.OrdinalIgnoreCase));

    private static string Printable(string text) => new([.. text.Select(c => char.IsControl(c) ? '?' : c)]);
}
