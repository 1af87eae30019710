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
                CheckNames(obj);
                foreach (var (_, child) in obj)
                {
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

    private static void CheckNames(JsonObject obj)
    {
        // Most objects (a member, an email) have a handful of names: comparing pairs allocates nothing.
        if (obj.Count <= 8)
        {
            for (var i = 1; i < obj.Count; i++)
            {
                var name = obj.GetAt(i).Key;
                for (var j = 0; j < i; j++)
                {
                    if (string.Equals(obj.GetAt(j).Key, name, StringComparison.OrdinalIgnoreCase))
                    {
                        throw Ambiguous(obj.GetAt(j).Key, name);
                    }
                }
            }
            return;
        }
        var seen = new Dictionary<string, string>(obj.Count, StringComparer.OrdinalIgnoreCase);
        foreach (var (name, _) in obj)
        {
            if (!seen.TryAdd(name, name))
            {
                throw Ambiguous(seen[name], name);
            }
        }
    }

    /// <summary>The 400 for two members that name the same attribute.</summary>
    public static ScimException Ambiguous(string first, string second) =>
        ScimException.BadRequest(ScimErrorType.InvalidSyntax,
            $"'{first}' and '{second}' name the same attribute (attribute names are case-insensitive, RFC 7643 §2.1); send it once.");
}
