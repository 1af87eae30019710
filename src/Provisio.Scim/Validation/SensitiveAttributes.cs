using System.Text.Json.Nodes;

namespace Provisio.Scim.Validation;

/// <summary>
/// Removes a tenant's sensitive attributes from a resource document. A path is a core name (<c>ssn</c>,
/// <c>name.givenName</c>), a URN-qualified one (<c>urn:…:enterprise:2.0:User:employeeNumber</c>,
/// <c>urn:…:core:2.0:User:ssn</c>) or a whole extension (<c>urn:acme:…:User</c>). Names compare case-insensitively,
/// as SCIM attribute names do; a sub-attribute of a multi-valued attribute is removed from every value.
/// </summary>
public static class SensitiveAttributes
{
    private static readonly string[] CoreSchemas = ["urn:ietf:params:scim:schemas:core:2.0:User", "urn:ietf:params:scim:schemas:core:2.0:Group"];

    /// <summary>
    /// <paramref name="document"/> without the attributes <paramref name="paths"/> name: the same instance when none is
    /// there, otherwise a changed copy (the input is never modified).
    /// </summary>
    public static JsonObject Remove(JsonObject document, IReadOnlyList<string> paths)
    {
        if (paths.Count == 0)
        {
            return document;
        }
        JsonObject? copy = null;
        foreach (var path in paths)
        {
            var (root, names) = Locate(copy ?? document, path);
            if (root is null || !Contains(root, names, 0))
            {
                continue;
            }
            if (copy is null)
            {
                copy = document.DeepClone().AsObject();
                (root, names) = Locate(copy, path);
            }
            RemoveAt(root!, names, 0);
        }
        return copy ?? document;
    }

    /// <summary>Whether <paramref name="attributeName"/>, a top-level name, or one of its sub-attributes is listed.</summary>
    public static bool Touches(string attributeName, IReadOnlyList<string> paths) =>
        paths.Any(p => p.Equals(attributeName, StringComparison.OrdinalIgnoreCase)
            || p.StartsWith(attributeName + ".", StringComparison.OrdinalIgnoreCase)
            || p.StartsWith(attributeName + ":", StringComparison.OrdinalIgnoreCase));

    /// <summary>The object a path starts in and the names that lead from it to the attribute.</summary>
    private static (JsonObject? Root, string[] Names) Locate(JsonObject document, string path)
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
        if (CoreSchemas.Any(s => s.Equals(schema, StringComparison.OrdinalIgnoreCase)))
        {
            return (document, names);
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
                }
                else
                {
                    RemoveAt(obj[key], names, index + 1);
                }
                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    RemoveAt(item, names, index);
                }
                break;
        }
    }

    private static string? Find(JsonObject obj, string name) =>
        obj.Select(p => p.Key).FirstOrDefault(k => k.Equals(name, StringComparison.OrdinalIgnoreCase));
}
