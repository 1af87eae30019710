using System.Text.Json.Nodes;
using Provisio.Scim.Errors;
using Provisio.Scim.Filtering;
using Provisio.Scim.Schema;

namespace Provisio.Scim.Projection;

/// <summary>
/// The <c>attributes</c> / <c>excludedAttributes</c> parameters (RFC 7644 §3.4.2.5, §3.9): which attributes a response
/// carries. <c>schemas</c> and <c>id</c> (returned "always") are never removed.
/// </summary>
public sealed class AttributeProjection
{
    private static readonly string[] AlwaysReturned = ["schemas", "id"];

    private readonly IReadOnlyList<AttributePath> included;
    private readonly IReadOnlyList<AttributePath> excluded;

    private AttributeProjection(IReadOnlyList<AttributePath> included, IReadOnlyList<AttributePath> excluded)
    {
        this.included = included;
        this.excluded = excluded;
    }

    /// <summary>Every default attribute.</summary>
    public static AttributeProjection All { get; } = new([], []);

    public static AttributeProjection Parse(string? attributes, string? excludedAttributes) =>
        new(ParseList(attributes, "attributes"), ParseList(excludedAttributes, "excludedAttributes"));

    /// <summary>Whether a top-level attribute of the core schema will be in the response, so costly ones (members) can be skipped.</summary>
    public bool Includes(string attributeName)
    {
        bool Names(AttributePath p) => p.SchemaUrn is null && string.Equals(p.Name, attributeName, StringComparison.OrdinalIgnoreCase);
        if (included.Count > 0)
        {
            return included.Any(Names);
        }
        return !excluded.Any(p => Names(p) && p.SubAttribute is null);
    }

    public JsonObject Apply(JsonObject resource, ResourceTypeDefinition type)
    {
        if (included.Count > 0)
        {
            var result = new JsonObject();
            foreach (var (name, value) in resource)
            {
                if (AlwaysReturned.Contains(name) || included.Any(p => Matches(p, name, type)))
                {
                    result[name] = Select(value, name, type, included, keep: true);
                }
            }
            return result;
        }
        foreach (var path in excluded)
        {
            Remove(resource, path, type);
        }
        return resource;
    }

    private static JsonNode? Select(JsonNode? value, string name, ResourceTypeDefinition type, IReadOnlyList<AttributePath> paths, bool keep)
    {
        var copy = value?.DeepClone();
        if (AlwaysReturned.Contains(name) || copy is null)
        {
            return copy;
        }
        var matching = paths.Where(p => Matches(p, name, type)).ToList();
        if (matching.Any(p => WholeAttribute(p, name)))
        {
            return copy;
        }
        // Only some sub-attributes (name.givenName, or urn:…:User:department) were asked for.
        var wanted = matching.Select(p => IsExtensionKey(name) ? p.Name : p.SubAttribute!).ToList();
        var items = copy switch
        {
            JsonArray array => array.OfType<JsonObject>(),
            JsonObject single => [single],
            _ => [],
        };
        foreach (var item in items)
        {
            foreach (var key in item.Select(p => p.Key).ToList())
            {
                if (!wanted.Contains(key, StringComparer.OrdinalIgnoreCase) == keep)
                {
                    item.Remove(key);
                }
            }
        }
        return copy;
    }

    private static void Remove(JsonObject resource, AttributePath path, ResourceTypeDefinition type)
    {
        foreach (var name in resource.Select(p => p.Key).ToList())
        {
            if (AlwaysReturned.Contains(name) || !Matches(path, name, type))
            {
                continue;
            }
            if (WholeAttribute(path, name))
            {
                resource.Remove(name);
            }
            else
            {
                resource[name] = Select(resource[name], name, type, [path], keep: false);
            }
        }
    }

    /// <summary>Whether a path names the top-level member <paramref name="name"/> or something inside it.</summary>
    private static bool Matches(AttributePath path, string name, ResourceTypeDefinition type)
    {
        if (IsExtensionKey(name))
        {
            var full = path.SchemaUrn is null ? path.Name : path.ToString();
            return string.Equals(full, name, StringComparison.OrdinalIgnoreCase)
                || string.Equals(path.SchemaUrn, name, StringComparison.OrdinalIgnoreCase);
        }
        var inCore = path.SchemaUrn is null || string.Equals(path.SchemaUrn, type.Schema.Id, StringComparison.OrdinalIgnoreCase);
        return inCore && string.Equals(path.Name, name, StringComparison.OrdinalIgnoreCase);
    }

    private static bool WholeAttribute(AttributePath path, string name) =>
        IsExtensionKey(name)
            ? path.SchemaUrn is null || string.Equals(path.ToString(), name, StringComparison.OrdinalIgnoreCase)
            : path.SubAttribute is null;

    private static bool IsExtensionKey(string name) => name.Contains(':', StringComparison.Ordinal);

    private static List<AttributePath> ParseList(string? text, string parameter)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return [];
        }
        var paths = new List<AttributePath>();
        foreach (var item in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            // A bare schema URN names the whole extension.
            var path = item.StartsWith("urn:", StringComparison.OrdinalIgnoreCase) && !item.Contains('.', StringComparison.Ordinal) && LooksLikeSchemaUrn(item)
                ? new AttributePath(null, item, null)
                : AttributePath.TryParse(item);
            paths.Add(path ?? throw ScimException.BadRequest(ScimErrorType.InvalidValue, $"'{item}' in '{parameter}' is not an attribute path."));
        }
        return paths;
    }

    /// <summary>Schema URNs end in a resource name (…:2.0:User), attribute URNs in an attribute (…:User:department).</summary>
    private static bool LooksLikeSchemaUrn(string text)
    {
        var last = text[(text.LastIndexOf(':') + 1)..];
        return last.Length > 0 && char.IsUpper(last[0]);
    }
}
