using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using Provisio.Scim.Resources;
using Provisio.Scim.Schema;

namespace Provisio.Scim.Projection;

/// <summary>
/// Writes a stored resource straight to JSON as <see cref="ResourceRenderer.Render"/> followed by
/// <see cref="AttributeProjection.All"/> would show it, byte for byte, without building and cloning a
/// <see cref="JsonObject"/> per response: most responses (lookups, list pages, write answers) ask for no projection.
/// A resource it cannot show the same way (<see cref="CanWrite"/> says so) goes the DOM way, which also keeps that
/// way's errors.
/// </summary>
public sealed class DefaultViewWriter(SchemaRegistry registry)
{
    private static readonly ConditionalWeakTable<ResourceTypeDefinition, HiddenAttributes> Hidden = [];

    /// <summary>
    /// False for what the DOM way handles differently: keys the server writes itself (<c>schemas</c>, <c>id</c>,
    /// <c>meta</c>) stored among the attributes, a membership reference that is not a string, and a resource type
    /// whose hidden attributes could name those keys.
    /// </summary>
    public bool CanWrite(ScimResource resource)
    {
        if (registry.FindResourceType(resource.ResourceType) is not { } type || !HiddenOf(type).Unambiguous)
        {
            return false;
        }
        var attributes = resource.Attributes;
        return !attributes.ContainsKey("schemas") && !attributes.ContainsKey("id") && !attributes.ContainsKey("meta")
            && ReferencesAreStrings(attributes["members"], withType: true)
            // Without a Group type the renderer reads a group entry's type as well.
            && ReferencesAreStrings(attributes["groups"], withType: registry.FindResourceType(ResourceTypeNames.Group) is null);
    }

    /// <summary>Writes the resource; call only when <see cref="CanWrite"/> said yes.</summary>
    public void Write(Utf8JsonWriter writer, ScimResource resource, string baseUrl)
    {
        WriteUpToMeta(writer, resource, baseUrl);
        WriteMetaAndEnd(writer, resource, baseUrl);
    }

    /// <summary>
    /// Opens the resource and writes all of it but <c>meta</c>, so that membership streamed from the store can follow
    /// where a buffered response has it; <see cref="WriteMetaAndEnd"/> closes it. Only when <see cref="CanWrite"/>
    /// said yes.
    /// </summary>
    public void WriteUpToMeta(Utf8JsonWriter writer, ScimResource resource, string baseUrl)
    {
        var type = registry.FindResourceType(resource.ResourceType)!;
        var shown = ShownKeys(resource.Attributes, type);
        var skipped = SkippedKeys(resource.Attributes, shown, HiddenOf(type), out var trimmed);

        writer.WriteStartObject();
        writer.WritePropertyName("schemas");
        writer.WriteStartArray();
        writer.WriteStringValue(type.Schema.Id);
        foreach (var name in shown)
        {
            if (ResourceRenderer.IsSchemaUrn(name))
            {
                writer.WriteStringValue(name);
            }
        }
        writer.WriteEndArray();
        writer.WriteString("id", resource.Id);
        foreach (var name in shown)
        {
            if (skipped.Contains(name))
            {
                continue;
            }
            writer.WritePropertyName(name);
            var value = resource.Attributes[name]!;
            if (name is "members" or "groups" && value is JsonArray references)
            {
                WriteReferences(writer, references, baseUrl, name == "groups" ? registry.FindResourceType(ResourceTypeNames.Group) : null);
            }
            else if (trimmed is not null && trimmed.TryGetValue(name, out var inside))
            {
                WriteWithout(writer, (JsonObject)value, inside);
            }
            else
            {
                value.WriteTo(writer);
            }
        }
    }

    /// <summary>Writes <c>meta</c> and closes what <see cref="WriteUpToMeta"/> opened.</summary>
    public void WriteMetaAndEnd(Utf8JsonWriter writer, ScimResource resource, string baseUrl)
    {
        var type = registry.FindResourceType(resource.ResourceType)!;
        writer.WritePropertyName("meta");
        writer.WriteStartObject();
        writer.WriteString("resourceType", type.Name);
        writer.WriteString("created", ResourceRenderer.FormatTime(resource.Meta.Created));
        writer.WriteString("lastModified", ResourceRenderer.FormatTime(resource.Meta.LastModified));
        writer.WriteString("location", ResourceRenderer.ReferenceTo(type, resource.Id, baseUrl));
        writer.WriteString("version", resource.Meta.ETag);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    /// <summary>The attribute keys the renderer copies: set, and not the core schema's URN or a name qualified by it.</summary>
    private static List<string> ShownKeys(JsonObject attributes, ResourceTypeDefinition type)
    {
        var shown = new List<string>(attributes.Count);
        foreach (var (name, value) in attributes)
        {
            if (ResourceRenderer.IsShown(name, value, type))
            {
                shown.Add(name);
            }
        }
        return shown;
    }

    /// <summary>
    /// The keys the default projection removes, found as it finds them (the exact name, else the first that matches
    /// ignoring case), among them extensions it empties; and the extensions it keeps with some of their keys removed.
    /// </summary>
    private static HashSet<string> SkippedKeys(JsonObject attributes, List<string> shown, HiddenAttributes hidden, out Dictionary<string, HashSet<string>>? trimmed)
    {
        var skipped = new HashSet<string>(StringComparer.Ordinal);
        trimmed = null;
        foreach (var name in hidden.Core)
        {
            if (FindKey(shown, name) is { } key)
            {
                skipped.Add(key);
            }
        }
        foreach (var (extension, names) in hidden.Extensions)
        {
            if (FindKey(shown, extension) is not { } key || attributes[key] is not JsonObject value)
            {
                continue;
            }
            var removed = names.Select(value.FindKey).OfType<string>().Where(k => k is not ("schemas" or "id")).ToHashSet(StringComparer.Ordinal);
            if (value.Count == removed.Count)
            {
                skipped.Add(key);
            }
            else if (removed.Count > 0)
            {
                (trimmed ??= new Dictionary<string, HashSet<string>>(StringComparer.Ordinal))[key] = removed;
            }
        }
        return skipped;
    }

    private static string? FindKey(List<string> keys, string name) =>
        keys.Contains(name) ? name : keys.FirstOrDefault(k => string.Equals(k, name, StringComparison.OrdinalIgnoreCase));

    private static void WriteWithout(Utf8JsonWriter writer, JsonObject extension, HashSet<string> removed)
    {
        writer.WriteStartObject();
        foreach (var (name, value) in extension)
        {
            if (!removed.Contains(name))
            {
                writer.WritePropertyName(name);
                WriteValue(writer, value);
            }
        }
        writer.WriteEndObject();
    }

    /// <summary>Members or groups, each entry with its <c>$ref</c> set where the renderer sets it: in place, else last.</summary>
    private void WriteReferences(Utf8JsonWriter writer, JsonArray references, string baseUrl, ResourceTypeDefinition? fixedTarget)
    {
        writer.WriteStartArray();
        foreach (var item in references)
        {
            if (item is not JsonObject entry)
            {
                WriteValue(writer, item);
                continue;
            }
            var reference = ResourceRenderer.ReferenceOf(registry, entry, fixedTarget, baseUrl);
            writer.WriteStartObject();
            foreach (var (name, value) in entry)
            {
                writer.WritePropertyName(name);
                if (reference is not null && name == "$ref")
                {
                    writer.WriteStringValue(reference);
                }
                else
                {
                    WriteValue(writer, value);
                }
            }
            if (reference is not null && !entry.ContainsKey("$ref"))
            {
                writer.WriteString("$ref", reference);
            }
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
    }

    private static void WriteValue(Utf8JsonWriter writer, JsonNode? value)
    {
        if (value is null)
        {
            writer.WriteNullValue();
        }
        else
        {
            value.WriteTo(writer);
        }
    }

    /// <summary>Whether every entry's <c>value</c> (and for members, <c>type</c>) reads as a string, as the renderer reads it.</summary>
    private static bool ReferencesAreStrings(JsonNode? references, bool withType)
    {
        if (references is not JsonArray array)
        {
            return true;
        }
        foreach (var entry in array.OfType<JsonObject>())
        {
            if (!IsStringOrNull(entry["value"]) || (withType && !IsStringOrNull(entry["type"])))
            {
                return false;
            }
        }
        return true;
    }

    private static bool IsStringOrNull(JsonNode? node) => node is null || (node is JsonValue value && value.TryGetValue<string>(out _));

    private static HiddenAttributes HiddenOf(ResourceTypeDefinition type) => Hidden.GetValue(type, HiddenAttributes.Of);

    /// <summary>A type's attributes the default projection removes ("never" and "request"), by container.</summary>
    private sealed class HiddenAttributes
    {
        public required IReadOnlyList<string> Core { get; init; }

        public required IReadOnlyList<(string Extension, IReadOnlyList<string> Names)> Extensions { get; init; }

        /// <summary>
        /// False when two hidden names of one container differ only in case (each removal would find another key) or
        /// one could name a key the server writes itself.
        /// </summary>
        public required bool Unambiguous { get; init; }

        public static HiddenAttributes Of(ResourceTypeDefinition type)
        {
            static bool IsHidden(AttributeDefinition a) => a.Returned is Returned.Never or Returned.Request;
            var core = type.Schema.Attributes.Where(IsHidden).Select(a => a.Name).ToList();
            var extensions = type.Extensions
                .Select(e => (e.Schema.Id, (IReadOnlyList<string>)[.. e.Schema.Attributes.Where(IsHidden).Select(a => a.Name)]))
                .Where(e => e.Item2.Count > 0)
                .ToList();
            // The removals run one after another in one object: names that differ only in case, or a core name that
            // is also an extension's URN or a key the server writes, would find what an earlier removal left.
            var topLevel = core.Concat(extensions.Select(e => e.Id)).Concat(["schemas", "id", "meta"]).ToList();
            return new HiddenAttributes
            {
                Core = core,
                Extensions = extensions,
                Unambiguous = extensions.Select(e => e.Item2).Append(topLevel)
                    .All(names => names.Distinct(StringComparer.OrdinalIgnoreCase).Count() == names.Count),
            };
        }
    }
}
