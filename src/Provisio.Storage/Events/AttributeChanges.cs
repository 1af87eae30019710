using System.Text.Json.Nodes;
using Provisio.Scim.Resources;

namespace Provisio.Storage.Events;

/// <summary>
/// Which attributes a write changed, compared document to document: a core attribute by its name (<c>name</c>,
/// <c>emails</c>), an extension attribute by its URN-qualified name (<c>urn:…:enterprise:2.0:User:department</c>).
/// </summary>
internal static class AttributeChanges
{
    public static List<(string Name, JsonNode? Before, JsonNode? After)> Between(
        IEnumerable<KeyValuePair<string, JsonNode?>> before, IEnumerable<KeyValuePair<string, JsonNode?>> after)
    {
        var changes = new List<(string, JsonNode?, JsonNode?)>();
        var old = before.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        var now = after.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        foreach (var name in old.Keys.Union(now.Keys, StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            var was = old.GetValueOrDefault(name);
            var @is = now.GetValueOrDefault(name);
            if (JsonNode.DeepEquals(was, @is))
            {
                continue;
            }
            if (ResourceRenderer.IsSchemaUrn(name) && (was is JsonObject or null) && (@is is JsonObject or null))
            {
                // An extension is reported attribute by attribute, qualified by its URN.
                foreach (var (inner, innerBefore, innerAfter) in Between(was as JsonObject ?? [], @is as JsonObject ?? []))
                {
                    changes.Add(($"{name}:{inner}", innerBefore, innerAfter));
                }
                continue;
            }
            changes.Add((name, was, @is));
        }
        return changes;
    }
}
