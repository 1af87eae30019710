using System.Text.Json.Nodes;
using Provisio.Scim.Errors;

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

    /// <summary>
    /// Refuses a body in which one object names a member twice in different cases (<c>userName</c> and
    /// <c>USERNAME</c>), at any depth: since names are case-insensitive that is as ambiguous as a repeated name.
    /// </summary>
    public static void CheckUnambiguous(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                HashSet<string>? seen = obj.Count > 1 ? new(StringComparer.OrdinalIgnoreCase) : null;
                foreach (var (name, child) in obj)
                {
                    if (seen is not null && !seen.Add(name))
                    {
                        throw Ambiguous(seen.First(n => string.Equals(n, name, StringComparison.OrdinalIgnoreCase)), name);
                    }
                    CheckUnambiguous(child);
                }
                break;
            case JsonArray array:
                foreach (var child in array)
                {
                    CheckUnambiguous(child);
                }
                break;
        }
    }

    /// <summary>The 400 for two members that name the same attribute.</summary>
    public static ScimException Ambiguous(string first, string second) =>
        ScimException.BadRequest(ScimErrorType.InvalidSyntax,
            $"'{first}' and '{second}' name the same attribute (attribute names are case-insensitive, RFC 7643 §2.1); send it once.");
}
