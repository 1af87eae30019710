using System.Text.Json;
using System.Text.Json.Nodes;
using Provisio.Scim.Resources;
using Provisio.Scim.Schema;

namespace Provisio.Scim.Validation;

/// <summary>
/// RFC 7643 §2.4: duplicate values of a multi-valued attribute (the same <c>type</c> and <c>value</c>, e.g. one work
/// email sent twice) SHOULD NOT be returned, so they are merged into the first: sub-attributes only the later copy has
/// are added, and <c>primary</c> true from any copy is kept. Values compare as the schema says (caseExact or not);
/// values without a <c>value</c> sub-attribute (addresses) merge only when identical.
/// </summary>
internal static class MultiValues
{
    public static JsonArray MergeDuplicates(JsonArray values, AttributeDefinition attribute)
    {
        if (values.Count < 2)
        {
            return values;
        }
        var valueDefinition = attribute.Type == AttributeType.Complex ? attribute.FindSubAttribute("value") : attribute;
        var byKey = new Dictionary<string, JsonNode>(StringComparer.Ordinal);
        var items = values.ToList();
        values.Clear();
        foreach (var item in items)
        {
            var key = item is null ? null : Key(item, valueDefinition);
            var kept = key is not null
                ? byKey.GetValueOrDefault(key)
                : values.FirstOrDefault(v => JsonNode.DeepEquals(v, item));
            if (kept is null)
            {
                values.Add(item);
                if (key is not null)
                {
                    byKey[key] = item!;
                }
            }
            else if (kept is JsonObject into && item is JsonObject from)
            {
                Merge(into, from);
            }
        }
        return values;
    }

    /// <summary>The identity of a value: its type and value, or null when it has no value to compare.</summary>
    private static string? Key(JsonNode item, AttributeDefinition? valueDefinition)
    {
        if (valueDefinition is null)
        {
            return null;
        }
        if (item is not JsonObject complex)
        {
            return item is JsonValue ? Text(item, valueDefinition.CaseExact) : null;
        }
        if (complex.GetIgnoreCase("value") is not JsonValue value)
        {
            return null;
        }
        var type = complex.GetIgnoreCase("type") is { } label ? Text(label, caseExact: false) : "";
        return type + "\u0000" + Text(value, valueDefinition.CaseExact);
    }

    private static string Text(JsonNode node, bool caseExact)
    {
        var text = node.GetValueKind() == JsonValueKind.String ? (string)node! : node.ToJsonString();
        return caseExact ? text : text.ToUpperInvariant();
    }

    private static void Merge(JsonObject into, JsonObject from)
    {
        foreach (var (name, item) in from)
        {
            var existing = into.FindKey(name);
            if (existing is null)
            {
                into[name] = item?.DeepClone();
            }
            else if (string.Equals(name, "primary", StringComparison.OrdinalIgnoreCase) && item?.GetValueKind() == JsonValueKind.True)
            {
                into[existing] = true;
            }
        }
    }
}
