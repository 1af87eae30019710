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

    /// <summary>An RFC 9865 cursor page: no startIndex; nextCursor unless it is the last page, previousCursor unless the first.</summary>
    public static JsonObject ToJson(IReadOnlyCollection<JsonObject> resources, long totalResults, string? nextCursor, string? previousCursor)
    {
        var json = new JsonObject
        {
            ["schemas"] = new JsonArray(ScimSchemas.ListResponse),
            ["totalResults"] = totalResults,
            ["itemsPerPage"] = resources.Count,
        };
        if (previousCursor is not null)
        {
            json["previousCursor"] = previousCursor;
        }
        if (nextCursor is not null)
        {
            json["nextCursor"] = nextCursor;
        }
        json["Resources"] = new JsonArray([.. resources]);
        return json;
    }
}
