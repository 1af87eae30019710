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
    public static void MergeDuplicates(JsonArray values, AttributeDefinition attribute)
    {
        if (values.Count < 2)
        {
            return;
        }
        var valueDefinition = attribute.Type == AttributeType.Complex ? attribute.FindSubAttribute("value") : attribute;
        var byKey = new Dictionary<(string Type, string Value), JsonNode>(new KeyComparer(valueDefinition?.CaseExact ?? false));
        var duplicates = new List<int>();
        for (var i = 0; i < values.Count; i++)
        {
            var item = values[i];
            var key = item is null ? null : Key(item, valueDefinition);
            var kept = key is { } found
                ? byKey.GetValueOrDefault(found)
                : values.Take(i).FirstOrDefault(v => JsonNode.DeepEquals(v, item));
            if (kept is null)
            {
                if (key is { } added)
                {
                    byKey[added] = item!;
                }
                continue;
            }
            if (kept is JsonObject into && item is JsonObject from)
            {
                Merge(into, from);
            }
            duplicates.Add(i);
        }
        // Most lists have no duplicate: then nothing moves.
        for (var i = duplicates.Count - 1; i >= 0; i--)
        {
            values.RemoveAt(duplicates[i]);
        }
    }

    /// <summary>The identity of a value: its type and value, or null when it has no value to compare.</summary>
    private static (string Type, string Value)? Key(JsonNode item, AttributeDefinition? valueDefinition)
    {
        if (valueDefinition is null)
        {
            return null;
        }
        if (item is not JsonObject complex)
        {
            return item is JsonValue ? ("", Text(item)) : null;
        }
        if (complex.GetIgnoreCase("value") is not JsonValue value)
        {
            return null;
        }
        return (complex.GetIgnoreCase("type") is { } label ? Text(label) : "", Text(value));
    }

    private static string Text(JsonNode node) =>
        node.GetValueKind() == JsonValueKind.String ? (string)node! : node.ToJsonString();

    /// <summary>Types compare case-insensitively, values as the schema's caseExact says.</summary>
    private sealed class KeyComparer(bool caseExact) : IEqualityComparer<(string Type, string Value)>
    {
        private readonly StringComparer values = caseExact ? StringComparer.Ordinal : StringComparer.OrdinalIgnoreCase;

        public bool Equals((string Type, string Value) x, (string Type, string Value) y) =>
            StringComparer.OrdinalIgnoreCase.Equals(x.Type, y.Type) && values.Equals(x.Value, y.Value);

        public int GetHashCode((string Type, string Value) key) =>
            HashCode.Combine(StringComparer.OrdinalIgnoreCase.GetHashCode(key.Type), values.GetHashCode(key.Value));
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
