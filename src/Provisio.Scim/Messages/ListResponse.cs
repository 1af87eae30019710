using System.Text.Json;
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

    /// <summary>
    /// Writes the envelope <see cref="ToJson(IReadOnlyCollection{JsonObject}, long, int)"/> (<paramref name="startIndex"/>
    /// set) or the cursor page's <see cref="ToJson(IReadOnlyCollection{JsonObject}, long, string?, string?)"/> would
    /// build, byte for byte, with the resources written by <paramref name="writeResources"/>.
    /// </summary>
    public static void Write(Utf8JsonWriter writer, int itemsPerPage, long totalResults, int? startIndex, string? nextCursor, string? previousCursor, Action<Utf8JsonWriter> writeResources)
    {
        writer.WriteStartObject();
        writer.WritePropertyName("schemas");
        writer.WriteStartArray();
        writer.WriteStringValue(ScimSchemas.ListResponse);
        writer.WriteEndArray();
        writer.WriteNumber("totalResults", totalResults);
        if (startIndex is { } index)
        {
            writer.WriteNumber("startIndex", index);
        }
        writer.WriteNumber("itemsPerPage", itemsPerPage);
        if (previousCursor is not null)
        {
            writer.WriteString("previousCursor", previousCursor);
        }
        if (nextCursor is not null)
        {
            writer.WriteString("nextCursor", nextCursor);
        }
        writer.WritePropertyName("Resources");
        writer.WriteStartArray();
        writeResources(writer);
        writer.WriteEndArray();
        writer.WriteEndObject();
    }
}
