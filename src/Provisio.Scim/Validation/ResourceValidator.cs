using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Provisio.Scim.Errors;
using Provisio.Scim.Resources;
using Provisio.Scim.Schema;

namespace Provisio.Scim.Validation;

/// <summary>
/// Reads a POST or PUT body into the attributes to store, driven by the schema: names are matched case-insensitively
/// and stored with the schema's spelling, values are type-checked, read-only input is ignored (RFC 7644 §3.5.1),
/// write-only values are never stored, nulls and empty arrays mean "unassigned", and attributes no schema declares
/// are kept as sent (IdPs send extra fields and expect them back).
/// </summary>
public static partial class ResourceValidator
{
    /// <summary>
    /// The most values one multi-valued attribute may hold after a write (e.g. 1,000 emails); a group's
    /// <c>members</c>, stored as rows, are not bounded by it.
    /// </summary>
    public const int MaxValuesPerAttribute = 1_000;

    private static readonly string[] ServerOwned = ["schemas", "id", "meta"];

    /// <summary>Validates a full resource representation (a POST or PUT body) and returns the attributes to store.</summary>
    public static JsonObject ReadRepresentation(JsonObject body, ResourceTypeDefinition type)
    {
        JsonNames.CheckUnambiguous(body);
        return Read(body, type, fromRequest: true);
    }

    /// <summary>
    /// Validates a document a PATCH produced from the stored one. Its request was checked for ambiguous names when read;
    /// the stored part is trusted to be unambiguous, and qualified names older versions stored are moved into place.
    /// </summary>
    internal static JsonObject ReadPatched(JsonObject document, ResourceTypeDefinition type) =>
        Read(document, type, fromRequest: false);

    private static JsonObject Read(JsonObject body, ResourceTypeDefinition type, bool fromRequest)
    {
        CheckSchemas(body, type);
        var result = new JsonObject();
        foreach (var (key, value) in QualifiedNames.Unqualify(body, type, refuseAmbiguity: fromRequest))
        {
            if (ServerOwned.Contains(key, StringComparer.OrdinalIgnoreCase) || value is null)
            {
                continue;
            }
            if (string.Equals(key, "externalId", StringComparison.OrdinalIgnoreCase))
            {
                Put(result, "externalId", ReadExternalId(value));
            }
            else if (type.Schema.FindAttribute(key) is { } attribute)
            {
                // A group's members become rows (deduplicated there), so their number is bounded by the body size alone.
                var storedAsRows = type.Name == ResourceTypeNames.Group && attribute.Name == "members";
                Put(result, attribute.Name, ReadValue(attribute, value, attribute.Name, storedAsRows));
            }
            else if (type.FindExtension(key) is { } extension)
            {
                Put(result, extension.Schema.Id, ReadExtension(extension.Schema, value));
            }
            else
            {
                Put(result, key, ReadUndeclared(value, key));
            }
        }
        CheckRequired(result, type.Schema.Attributes, prefix: "");
        foreach (var extension in type.Extensions)
        {
            if (result[extension.Schema.Id] is JsonObject data)
            {
                CheckRequired(data, extension.Schema.Attributes, prefix: extension.Schema.Id + ":");
            }
            else if (extension.Required)
            {
                throw ScimException.BadRequest(ScimErrorType.InvalidValue, $"The extension '{extension.Schema.Id}' is required.");
            }
        }
        return result;
    }

    /// <summary>
    /// Refuses a replacement that changes an immutable attribute which already has a value (RFC 7643 §7), and keeps
    /// such values when the replacement leaves them out.
    /// </summary>
    public static void CheckImmutable(JsonObject current, JsonObject replacement, ResourceTypeDefinition type)
    {
        CheckImmutable(current, replacement, type.Schema.Attributes, prefix: "");
        foreach (var extension in type.Extensions)
        {
            if (current[extension.Schema.Id] is JsonObject before)
            {
                var after = replacement[extension.Schema.Id] as JsonObject ?? [];
                CheckImmutable(before, after, extension.Schema.Attributes, prefix: extension.Schema.Id + ":");
                if (after.Count > 0 && replacement[extension.Schema.Id] is null)
                {
                    replacement[extension.Schema.Id] = after;
                }
            }
        }
    }

    private static void CheckImmutable(JsonObject current, JsonObject replacement, IReadOnlyList<AttributeDefinition> attributes, string prefix)
    {
        foreach (var attribute in attributes.Where(a => a.Mutability == Mutability.Immutable && !a.MultiValued))
        {
            var before = current[attribute.Name];
            if (before is null)
            {
                continue;
            }
            var after = replacement[attribute.Name];
            if (after is null)
            {
                replacement[attribute.Name] = before.DeepClone();
            }
            else if (!JsonNode.DeepEquals(before, after))
            {
                throw ScimException.BadRequest(ScimErrorType.Mutability, $"The attribute '{prefix}{attribute.Name}' is immutable and cannot be changed.");
            }
        }
    }

    private static void CheckSchemas(JsonObject body, ResourceTypeDefinition type)
    {
        var schemas = body.GetIgnoreCase("schemas");
        if (schemas is not JsonArray list || list.Any(s => s?.GetValueKind() != JsonValueKind.String))
        {
            throw ScimException.BadRequest(ScimErrorType.InvalidSyntax, $"The request body must carry 'schemas', a list that includes '{type.Schema.Id}'.");
        }
        // Other URNs (declared extensions, Entra's ADSCIM group schema) are allowed beside the core one.
        if (!list.Any(s => string.Equals((string?)s, type.Schema.Id, StringComparison.OrdinalIgnoreCase)))
        {
            throw ScimException.BadRequest(ScimErrorType.InvalidSyntax, $"'schemas' must include '{type.Schema.Id}' for a {type.Name}.");
        }
    }

    private static JsonValue? ReadExternalId(JsonNode value) =>
        value.GetValueKind() switch
        {
            JsonValueKind.String => (string?)value == "" ? null : JsonValue.Create((string?)value),
            JsonValueKind.Number => JsonValue.Create(value.ToJsonString()),
            _ => throw InvalidValue("externalId", "a string"),
        };

    private static JsonObject? ReadExtension(SchemaDefinition schema, JsonNode value)
    {
        if (value is not JsonObject data)
        {
            throw InvalidValue(schema.Id, "an object");
        }
        var result = new JsonObject();
        foreach (var (key, item) in data)
        {
            // An extension object may repeat its own "schemas" (as a PATCH value often does); it says nothing new.
            if (item is null || string.Equals(key, "schemas", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }
            if (schema.FindAttribute(key) is { } attribute)
            {
                Put(result, attribute.Name, ReadValue(attribute, item, $"{schema.Id}:{attribute.Name}"));
            }
            else
            {
                Put(result, key, ReadUndeclared(item, $"{schema.Id}:{key}"));
            }
        }
        return result.Count == 0 ? null : result;
    }

    /// <summary>Reads one attribute's value; null means "unassigned" (including ignored read-only input).</summary>
    private static JsonNode? ReadValue(AttributeDefinition attribute, JsonNode? value, string path, bool storedAsRows = false)
    {
        if (value is null || attribute.Mutability is Mutability.ReadOnly or Mutability.WriteOnly)
        {
            // Read-only input is ignored (RFC 7644 §3.5.1); write-only values such as password are never stored.
            return null;
        }
        if (!attribute.MultiValued)
        {
            return ReadSingle(attribute, value, path);
        }
        // A lone value where an array belongs is read as a one-element array.
        var items = value as JsonArray ?? [value.DeepClone()];
        if (!storedAsRows)
        {
            CheckValueCount(items, path);
        }
        var result = new JsonArray();
        foreach (var item in items)
        {
            if (ReadSingle(attribute, item, path) is { } read)
            {
                result.Add(read);
            }
        }
        if (!storedAsRows)
        {
            MultiValues.MergeDuplicates(result, attribute);
        }
        KeepOnePrimary(result);
        return result.Count == 0 ? null : result;
    }

    /// <summary>An attribute no schema declares is kept as sent; a list of its values is bounded all the same.</summary>
    private static JsonNode ReadUndeclared(JsonNode value, string path)
    {
        if (value is JsonArray items)
        {
            CheckValueCount(items, path);
        }
        return value.DeepClone();
    }

    private static void CheckValueCount(JsonArray items, string path)
    {
        if (items.Count > MaxValuesPerAttribute)
        {
            throw ScimException.BadRequest(ScimErrorType.InvalidValue,
                $"The attribute '{path}' may hold at most {MaxValuesPerAttribute} values; this one has {items.Count}.");
        }
    }

    private static JsonNode? ReadSingle(AttributeDefinition attribute, JsonNode? value, string path)
    {
        if (value is null)
        {
            return null;
        }
        if (attribute.Type == AttributeType.Complex)
        {
            return ReadComplex(attribute, value, path);
        }
        var kind = value.GetValueKind();
        return attribute.Type switch
        {
            AttributeType.String or AttributeType.Reference or AttributeType.Binary => kind switch
            {
                JsonValueKind.String => JsonValue.Create((string?)value),
                // Kept verbatim: a phone number sent as 5555 is returned as "5555", not reformatted.
                JsonValueKind.Number => JsonValue.Create(value.ToJsonString()),
                _ => throw InvalidValue(path, "a string"),
            },
            AttributeType.Boolean => kind switch
            {
                JsonValueKind.True or JsonValueKind.False => JsonValue.Create((bool)value),
                JsonValueKind.String => ReadBooleanText((string)value!, path),
                _ => throw InvalidValue(path, "a boolean"),
            },
            AttributeType.Integer => kind == JsonValueKind.Number && value.AsValue().TryGetValue<long>(out var whole)
                ? JsonValue.Create(whole)
                : throw InvalidValue(path, "an integer"),
            AttributeType.Decimal => kind == JsonValueKind.Number
                ? JsonValue.Create(value.GetValue<decimal>())
                : throw InvalidValue(path, "a number"),
            AttributeType.DateTime => ReadDateTime(value, kind, path),
            _ => throw InvalidValue(path, attribute.Type.ToString()),
        };
    }

    private static JsonObject? ReadComplex(AttributeDefinition attribute, JsonNode value, string path)
    {
        if (value is not JsonObject data)
        {
            throw InvalidValue(path, "an object");
        }
        var result = new JsonObject();
        foreach (var (key, item) in data)
        {
            if (item is null)
            {
                continue;
            }
            if (attribute.FindSubAttribute(key) is { } sub)
            {
                Put(result, sub.Name, ReadValue(sub, item, $"{path}.{sub.Name}"));
            }
            else
            {
                Put(result, key, item.DeepClone());
            }
        }
        if (result.Count == 0)
        {
            return null;
        }
        CheckRequired(result, attribute.SubAttributes, prefix: path + ".");
        return result;
    }

    private static JsonValue? ReadBooleanText(string text, string path) =>
        // Entra sends "True"/"False" for booleans without its compliance flag.
        text.Trim() switch
        {
            "" => null,
            var t when bool.TryParse(t, out var flag) => JsonValue.Create(flag),
            _ => throw InvalidValue(path, "a boolean"),
        };

    private static JsonValue? ReadDateTime(JsonNode value, JsonValueKind kind, string path)
    {
        if (kind != JsonValueKind.String)
        {
            throw InvalidValue(path, "a dateTime string");
        }
        var text = (string)value!;
        if (text.Length == 0)
        {
            return null;
        }
        return XsdDateTime.IsMatch(text) && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _)
            ? JsonValue.Create(text)
            : throw InvalidValue(path, "an xsd:dateTime such as 2026-01-31T12:00:00Z");
    }

    /// <summary>RFC 7643 §2.4: "primary" true appears at most once; the first one wins.</summary>
    private static void KeepOnePrimary(JsonArray values)
    {
        var seen = false;
        foreach (var item in values.OfType<JsonObject>())
        {
            if (item["primary"] is JsonValue flag && flag.GetValueKind() == JsonValueKind.True)
            {
                if (seen)
                {
                    item["primary"] = false;
                }
                seen = true;
            }
        }
    }

    private static void CheckRequired(JsonObject values, IReadOnlyList<AttributeDefinition> attributes, string prefix)
    {
        foreach (var attribute in attributes.Where(a => a.Required && a.Mutability != Mutability.ReadOnly))
        {
            var value = values[attribute.Name];
            if (value is null || (value.GetValueKind() == JsonValueKind.String && ((string?)value)!.Trim().Length == 0))
            {
                throw ScimException.BadRequest(ScimErrorType.InvalidValue, $"The attribute '{prefix}{attribute.Name}' is required.");
            }
        }
    }

    private static void Put(JsonObject target, string name, JsonNode? value)
    {
        if (value is not null)
        {
            target[name] = value;
        }
    }

    private static ScimException InvalidValue(string path, string expected) =>
        ScimException.BadRequest(ScimErrorType.InvalidValue, $"The attribute '{path}' must be {expected}.");

    /// <summary>RFC 7643 §2.3.5: an xsd:dateTime, e.g. 2026-01-31T12:00:00Z (the offset may be omitted).</summary>
    [System.Text.RegularExpressions.GeneratedRegex(@"^-?\d{4,}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?$")]
    private static partial System.Text.RegularExpressions.Regex XsdDateTimePattern();

    private static System.Text.RegularExpressions.Regex XsdDateTime => XsdDateTimePattern();
}
