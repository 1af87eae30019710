using System.Text.Json.Nodes;
using Provisio.Scim.Errors;
using Provisio.Scim.Filtering;
using Provisio.Scim.Resources;
using Provisio.Scim.Schema;

namespace Provisio.Scim.Projection;

/// <summary>
/// The <c>attributes</c> / <c>excludedAttributes</c> parameters (RFC 7644 §3.4.2.5, §3.9): which attributes a response
/// carries. <c>schemas</c> and <c>id</c> (returned "always") are never removed. Paths may name an attribute, a
/// sub-attribute, a whole extension (<c>urn:…:enterprise:2.0:User</c>) or an extension attribute
/// (<c>urn:…:enterprise:2.0:User:manager.value</c>); names are case-insensitive. A path may carry a value filter, as
/// Microsoft's SCIM tests send (<c>emails[type eq "work"]</c>, <c>emails[type eq "work"].value</c>): in
/// <c>attributes</c> it keeps only the matching values, in <c>excludedAttributes</c> it removes only those (or, with a
/// sub-attribute, only that sub-attribute of them). A filter that does not fit a resource type selects nothing there.
/// </summary>
public sealed class AttributeProjection
{
    /// <summary>The most attributes one <c>attributes</c> or <c>excludedAttributes</c> list may name.</summary>
    public const int MaxPaths = 100;

    /// <summary>The longest <c>attributes</c> or <c>excludedAttributes</c> value accepted.</summary>
    public const int MaxLength = 4_096;

    private static readonly string[] AlwaysReturned = ["schemas", "id"];

    private readonly IReadOnlyList<ProjectionPath> included;
    private readonly IReadOnlyList<ProjectionPath> excluded;

    private AttributeProjection(IReadOnlyList<ProjectionPath> included, IReadOnlyList<ProjectionPath> excluded)
    {
        this.included = included;
        this.excluded = excluded;
    }

    /// <summary>Every default attribute.</summary>
    public static AttributeProjection All { get; } = new([], []);

    /// <summary>Whether neither <c>attributes</c> nor <c>excludedAttributes</c> was given: every default attribute.</summary>
    public bool ShowsDefaults => included.Count == 0 && excluded.Count == 0;

    public static AttributeProjection Parse(string? attributes, string? excludedAttributes) =>
        new(ProjectionPath.ParseList(attributes, "attributes", MaxPaths, MaxLength),
            ProjectionPath.ParseList(excludedAttributes, "excludedAttributes", MaxPaths, MaxLength));

    /// <summary>Whether a top-level core attribute will be in the response, so costly ones (members) can be skipped.</summary>
    public bool Includes(string attributeName)
    {
        if (included.Count > 0)
        {
            return included.Any(p => Names(p, attributeName));
        }
        return !excluded.Any(p => Names(p, attributeName) && p.Path.SubAttribute is null && p.Filter is null);
    }

    /// <summary>Whether a top-level core attribute will be in the response with all its sub-attributes.</summary>
    public bool IncludesWhole(string attributeName) =>
        (included.Count == 0 || included.Any(p => Names(p, attributeName) && p.Path.SubAttribute is null && p.Filter is null))
        && !excluded.Any(p => Names(p, attributeName));

    private static bool Names(ProjectionPath path, string attributeName) =>
        string.Equals(path.Path.Name, attributeName, StringComparison.OrdinalIgnoreCase) && !IsExtensionUrn(path.Path.SchemaUrn);

    public JsonObject Apply(JsonObject resource, ResourceTypeDefinition type)
    {
        if (included.Count > 0)
        {
            var result = new JsonObject();
            foreach (var name in AlwaysReturned)
            {
                if (resource[name] is { } value)
                {
                    result[name] = value.DeepClone();
                }
            }
            foreach (var group in included.GroupBy(p => Target.Of(p.Path, type, resource)))
            {
                CopyInto(resource, result, group.Key, group.Select(p => new ValueSelection(p.Path.SubAttribute, p.Bind(type))).ToList());
            }
            foreach (var (extension, attribute) in Declared(type).Where(d => d.Attribute.Returned == Returned.Always))
            {
                CopyInto(resource, result, new Target(extension, attribute.Name), [ValueSelection.Whole]);
            }
            RemoveNeverReturned(result, type, Returned.Never);
            return result;
        }
        foreach (var path in excluded)
        {
            Remove(resource, Target.Of(path.Path, type, resource), new ValueSelection(path.Path.SubAttribute, path.Bind(type)));
        }
        // "request" attributes appear only when asked for by name; "never" ones never.
        RemoveNeverReturned(resource, type, Returned.Never, Returned.Request);
        return resource;
    }

    private static void RemoveNeverReturned(JsonObject resource, ResourceTypeDefinition type, params Returned[] kinds)
    {
        foreach (var (extension, attribute) in Declared(type).Where(d => kinds.Contains(d.Attribute.Returned)))
        {
            Remove(resource, new Target(extension, attribute.Name), ValueSelection.Whole);
        }
    }

    private static IEnumerable<(string? Extension, AttributeDefinition Attribute)> Declared(ResourceTypeDefinition type) =>
        type.Schema.Attributes.Select(a => ((string?)null, a))
            .Concat(type.Extensions.SelectMany(e => e.Schema.Attributes.Select(a => ((string?)e.Schema.Id, a))));

    /// <summary>Where a path points: an attribute of the core schema, of an extension, or a whole extension.</summary>
    private sealed record Target(string? Extension, string? Attribute)
    {
        public static Target Of(AttributePath path, ResourceTypeDefinition type, JsonObject resource)
        {
            if (path.SchemaUrn is not null && path.SubAttribute is null)
            {
                // urn:…:enterprise:2.0:User parses as attribute "User" of "urn:…:2.0": a whole extension, when one
                // is declared or present under that full name.
                var whole = path.ToString();
                if (type.FindExtension(whole) is { } extension)
                {
                    return new Target(extension.Schema.Id, null);
                }
                if (type.FindExtension(path.SchemaUrn) is null && resource.FindKey(whole) is { } present && resource[present] is JsonObject)
                {
                    return new Target(present, null);
                }
            }
            var inCore = path.SchemaUrn is null || string.Equals(path.SchemaUrn, type.Schema.Id, StringComparison.OrdinalIgnoreCase);
            return new Target(inCore ? null : path.SchemaUrn, path.Name);
        }
    }

    private static void CopyInto(JsonObject source, JsonObject result, Target target, List<ValueSelection> selections)
    {
        var from = source;
        var into = result;
        if (target.Extension is not null)
        {
            var key = source.FindKey(target.Extension);
            if (key is null || source[key] is not JsonObject extension)
            {
                return;
            }
            if (target.Attribute is null)
            {
                result[key] = extension.DeepClone();
                return;
            }
            from = extension;
            into = result[key] as JsonObject ?? (JsonObject)(result[key] = new JsonObject());
        }
        var name = from.FindKey(target.Attribute!);
        if (name is null || AlwaysReturned.Contains(name) || from[name] is not { } value)
        {
            return;
        }
        var copy = value.DeepClone();
        if (selections.All(s => s.Filter is null))
        {
            var subAttributes = selections.Select(s => s.SubAttribute).ToList();
            if (!subAttributes.Contains(null))
            {
                KeepOnly(copy, subAttributes!);
            }
        }
        else if (!KeepSelected(copy, selections))
        {
            return;
        }
        into[name] = copy;
    }

    /// <summary>
    /// Keeps the values some selection matches, each with the sub-attributes the matching selections name; false when
    /// no value is left.
    /// </summary>
    private static bool KeepSelected(JsonNode value, List<ValueSelection> selections)
    {
        if (value is not JsonArray array)
        {
            return value is JsonObject single && KeepSelectedSubAttributes(single, selections);
        }
        foreach (var item in array.ToList())
        {
            if (item is not JsonObject element || !KeepSelectedSubAttributes(element, selections))
            {
                array.Remove(item);
            }
        }
        return array.Count > 0;
    }

    private static bool KeepSelectedSubAttributes(JsonObject element, List<ValueSelection> selections)
    {
        var matching = selections.Where(s => s.Matches(element)).ToList();
        if (matching.Count == 0)
        {
            return false;
        }
        if (matching.All(s => s.SubAttribute is not null))
        {
            KeepOnly(element, matching.Select(s => s.SubAttribute!).ToList());
        }
        return element.Count > 0;
    }

    private static void Remove(JsonObject resource, Target target, ValueSelection selection)
    {
        var container = resource;
        if (target.Extension is not null)
        {
            var key = resource.FindKey(target.Extension);
            if (key is null)
            {
                return;
            }
            if (target.Attribute is null)
            {
                resource.Remove(key);
                return;
            }
            if (resource[key] is not JsonObject extension)
            {
                return;
            }
            container = extension;
            RemoveFrom(container, target.Attribute, selection);
            if (extension.Count == 0)
            {
                resource.Remove(key);
            }
            return;
        }
        RemoveFrom(container, target.Attribute!, selection);
    }

    private static void RemoveFrom(JsonObject container, string attribute, ValueSelection selection)
    {
        var name = container.FindKey(attribute);
        if (name is null || AlwaysReturned.Contains(name))
        {
            return;
        }
        if (selection == ValueSelection.Whole)
        {
            container.Remove(name);
            return;
        }
        foreach (var item in Objects(container[name]).Where(selection.Matches).ToList())
        {
            if (selection.SubAttribute is null)
            {
                if (container[name] is JsonArray array)
                {
                    array.Remove(item);
                }
                else
                {
                    container.Remove(name);
                }
            }
            else if (item.FindKey(selection.SubAttribute) is { } sub)
            {
                item.Remove(sub);
            }
        }
        if (container[name] is JsonArray { Count: 0 })
        {
            container.Remove(name);
        }
    }

    /// <summary>Keeps only the named sub-attributes of a complex value, or of each value of a multi-valued one.</summary>
    private static void KeepOnly(JsonNode value, List<string> subAttributes)
    {
        foreach (var item in Objects(value))
        {
            foreach (var key in item.Select(p => p.Key).ToList())
            {
                if (!subAttributes.Contains(key, StringComparer.OrdinalIgnoreCase))
                {
                    item.Remove(key);
                }
            }
        }
    }

    private static IEnumerable<JsonObject> Objects(JsonNode? value) => value switch
    {
        JsonArray array => array.OfType<JsonObject>(),
        JsonObject single => [single],
        _ => [],
    };

    private static bool IsExtensionUrn(string? urn) =>
        urn is not null && !urn.StartsWith("urn:ietf:params:scim:schemas:core:", StringComparison.OrdinalIgnoreCase);
}
