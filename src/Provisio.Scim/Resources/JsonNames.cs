using System.Text.Json.Nodes;

namespace Provisio.Scim.Resources;

/// <summary>Attribute names are case-insensitive (RFC 7643 §2.1): member lookups that honour that.</summary>
public static class JsonNames
{
    /// <summary>The value of the member named <paramref name="name"/> in any case (the exact spelling first).</summary>
    public static JsonNode? GetIgnoreCase(this JsonObject json, string name) =>
        json.TryGetPropertyValue(name, out var exact)
            ? exact
            : json.FirstOrDefault(p => string.Equals(p.Key, name, StringComparison.OrdinalIgnoreCase)).Value;

    /// <summary>The spelling a member named <paramref name="name"/> has in this object, or null when there is none.</summary>
    public static string? FindKey(this JsonObject json, string name) =>
        json.ContainsKey(name) ? name : json.Select(p => p.Key).FirstOrDefault(k => string.Equals(k, name, StringComparison.OrdinalIgnoreCase));
}
