using System.Text.Json.Nodes;
using Provisio.Scim.Schema;

namespace Provisio.Scim.Messages;

/// <summary>The RFC 7644 §3.4.2 ListResponse envelope, always complete, even when empty.</summary>
public static class ListResponse
{
    public static JsonObject ToJson(IReadOnlyCollection<JsonObject> resources, long totalResults, int startIndex) => new()
    {
        ["schemas"] = new JsonArray(ScimSchemas.ListResponse),
        ["totalResults"] = totalResults,
        ["startIndex"] = startIndex,
        ["itemsPerPage"] = resources.Count,
        ["Resources"] = new JsonArray([.. resources]),
    };
}
