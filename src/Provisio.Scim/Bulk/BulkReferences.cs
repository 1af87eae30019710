using System.Text.Json;
using System.Text.Json.Nodes;

namespace Provisio.Scim.Bulk;

/// <summary>
/// <c>"bulkId:&lt;id&gt;"</c> references (RFC 7644 §3.7.2): any string value of an operation's data, or the resource
/// id in its path, that names the bulkId of another operation and stands for the id that operation creates.
/// </summary>
public static class BulkReferences
{
    public const string Prefix = "bulkId:";

    /// <summary>The bulkIds an operation refers to, in order of appearance.</summary>
    public static IReadOnlyList<string> In(BulkOperation operation)
    {
        var found = new List<string>();
        if (PathReference(operation.Path) is { } fromPath)
        {
            found.Add(fromPath);
        }
        if (operation.Data is not null)
        {
            Collect(operation.Data, found);
        }
        return found.Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>The data with every reference replaced by the id it stands for.</summary>
    public static JsonObject? Resolve(JsonObject? data, IReadOnlyDictionary<string, string> ids) =>
        data is null ? null : (JsonObject)Replace(data, ids)!;

    /// <summary>The path with a <c>bulkId:</c> resource id replaced by the id it stands for.</summary>
    public static string Resolve(string path, IReadOnlyDictionary<string, string> ids) =>
        PathReference(path) is { } bulkId ? path[..(path.LastIndexOf('/') + 1)] + ids[bulkId] : path;

    private static string? PathReference(string path)
    {
        var last = path[(path.LastIndexOf('/') + 1)..];
        return ReferenceIn(last);
    }

    private static string? ReferenceIn(string? text) =>
        text is not null && text.StartsWith(Prefix, StringComparison.Ordinal) && text.Length > Prefix.Length ? text[Prefix.Length..] : null;

    private static void Collect(JsonNode? node, List<string> found)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (_, child) in obj)
                {
                    Collect(child, found);
                }
                break;
            case JsonArray array:
                foreach (var child in array)
                {
                    Collect(child, found);
                }
                break;
            case JsonValue value when value.GetValueKind() == JsonValueKind.String && ReferenceIn((string?)value) is { } bulkId:
                found.Add(bulkId);
                break;
        }
    }

    private static JsonNode? Replace(JsonNode? node, IReadOnlyDictionary<string, string> ids) => node switch
    {
        JsonObject obj => new JsonObject(obj.Select(p => KeyValuePair.Create(p.Key, Replace(p.Value, ids)))),
        JsonArray array => new JsonArray(array.Select(child => Replace(child, ids)).ToArray()),
        JsonValue value when value.GetValueKind() == JsonValueKind.String && ReferenceIn((string?)value) is { } bulkId && ids.TryGetValue(bulkId, out var id)
            => JsonValue.Create(id),
        _ => node?.DeepClone(),
    };
}
