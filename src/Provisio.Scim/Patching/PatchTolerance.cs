using System.Text.Json;
using System.Text.Json.Nodes;
using Provisio.Scim.Filtering;
using Provisio.Scim.Schema;

namespace Provisio.Scim.Patching;

/// <summary>
/// What identity providers send that the RFC does not quite allow, accepted in one place:
/// read-only keys echoed in pathless values (Okta's group rename carries the id), a complex attribute given as its
/// bare value (Entra sets the enterprise manager to an id string), and value filters that name by its canonical type
/// an entry which does not exist yet (Entra's <c>emails[type eq "work"].value</c>). Op names in any case and "True"/"False" strings are
/// handled where they are read.
/// </summary>
public static class PatchTolerance
{
    private static readonly string[] ServerOwned = ["schemas", "id", "meta"];

    public static bool IsServerOwned(string key) => ServerOwned.Contains(key, StringComparer.OrdinalIgnoreCase);

    /// <summary>A string where a complex attribute with a "value" belongs is that value: <c>"manager": "26118915"</c>.</summary>
    public static JsonNode? Normalize(ResolvedPath attribute, string? subAttribute, JsonNode? value)
    {
        if (subAttribute is null && attribute.SubName is null
            && attribute.Definition is { Type: AttributeType.Complex, MultiValued: false } definition
            && definition.FindSubAttribute("value") is not null
            && value is JsonValue scalar && scalar.GetValueKind() == JsonValueKind.String)
        {
            return ((string?)scalar)!.Length == 0 ? null : new JsonObject { ["value"] = scalar.DeepClone() };
        }
        return value;
    }

    /// <summary>
    /// The entry a value filter names by one of its canonical types (<c>emails[type eq "work"]</c>) or as the primary one
    /// (<c>roles[primary eq "True"]</c>), so that an add or replace through it can create the entry when there is none,
    /// as Entra expects; null for any other filter, which then matches nothing (RFC 7644 §3.5.2.3: <c>noTarget</c>).
    /// </summary>
    public static JsonObject? ElementFromFilter(FilterNode filter, ResolvedPath attribute)
    {
        var typeAttribute = attribute.Definition?.FindSubAttribute("type");
        if (filter is ComparisonFilter { Operator: ComparisonOperator.Eq, Value: string value } eq
            && typeAttribute is not null
            && string.Equals(eq.Path.Name, typeAttribute.Name, StringComparison.Ordinal)
            && typeAttribute.CanonicalValues.Contains(value, StringComparer.OrdinalIgnoreCase))
        {
            return new JsonObject { [typeAttribute.Name] = value };
        }
        // Entra's app-role provisioning: {"op":"Add","path":"roles[primary eq \"True\"].value","value":"Admin"}.
        var primaryAttribute = attribute.Definition?.FindSubAttribute("primary");
        if (filter is ComparisonFilter { Operator: ComparisonOperator.Eq } primary
            && primaryAttribute is not null
            && string.Equals(primary.Path.Name, primaryAttribute.Name, StringComparison.Ordinal)
            && primary.Value is true or string { } and ("True" or "true"))
        {
            return new JsonObject { [primaryAttribute.Name] = true };
        }
        return null;
    }
}
