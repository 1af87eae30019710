using System.Text.Json;
using System.Text.Json.Nodes;
using Provisio.Scim.Errors;
using Provisio.Scim.Messages;
using Provisio.Scim.Resources;
using Provisio.Scim.Schema;

namespace Provisio.Scim.Bulk;

/// <summary>
/// Reads a <c>urn:ietf:params:scim:api:messages:2.0:BulkRequest</c>. A malformed message (an operation without a method
/// or path, a repeated bulkId) is refused whole, before anything runs; what can only fail when it runs fails alone.
/// </summary>
public static class BulkRequestReader
{
    private static readonly string[] Methods = ["POST", "PUT", "PATCH", "DELETE"];

    public static BulkRequest Read(JsonObject body, int maxOperations)
    {
        JsonNames.CheckUnambiguous(body);
        MessageSchemas.Check(body, ScimSchemas.BulkRequest, "Bulk");
        if (body.GetIgnoreCase("Operations") is not JsonArray operations)
        {
            throw ScimException.BadRequest(ScimErrorType.InvalidSyntax, "A Bulk body needs an 'Operations' list.");
        }
        if (operations.Count > maxOperations)
        {
            // RFC 7644 §3.7.4: over maxOperations is 413.
            throw new ScimException(413, null, $"A Bulk request may carry at most {maxOperations} operations; this one has {operations.Count}.");
        }
        var read = operations.Select(Operation).ToList();
        CheckBulkIdsAreUnique(read);
        return new BulkRequest(read, FailOnErrors(body.GetIgnoreCase("failOnErrors")));
    }

    private static int? FailOnErrors(JsonNode? node) => node switch
    {
        null => null,
        JsonValue value when value.GetValueKind() == JsonValueKind.Number && value.TryGetValue<int>(out var count) && count >= 1 => count,
        _ => throw ScimException.BadRequest(ScimErrorType.InvalidValue, "'failOnErrors' must be a whole number of at least 1."),
    };

    private static BulkOperation Operation(JsonNode? node, int index)
    {
        if (node is not JsonObject operation)
        {
            throw ScimException.BadRequest(ScimErrorType.InvalidSyntax, $"Bulk operation {index} is not an object.");
        }
        var method = Text(operation, "method", index)?.Trim().ToUpperInvariant();
        if (method is null || !Methods.Contains(method))
        {
            throw ScimException.BadRequest(ScimErrorType.InvalidSyntax, $"Bulk operation {index} needs a 'method' of POST, PUT, PATCH or DELETE.");
        }
        var path = Text(operation, "path", index)?.Trim();
        if (string.IsNullOrEmpty(path))
        {
            throw ScimException.BadRequest(ScimErrorType.InvalidPath, $"Bulk operation {index} needs a 'path'.");
        }
        var data = operation.GetIgnoreCase("data");
        if (method != "DELETE" && data is not JsonObject)
        {
            throw ScimException.BadRequest(ScimErrorType.InvalidSyntax, $"Bulk operation {index} ({method}) needs a 'data' object.");
        }
        var bulkId = Text(operation, "bulkId", index);
        if (bulkId is { Length: 0 })
        {
            throw ScimException.BadRequest(ScimErrorType.InvalidValue, $"Bulk operation {index} has an empty 'bulkId'.");
        }
        return new BulkOperation(index, method, path, bulkId, Text(operation, "version", index), data as JsonObject);
    }

    private static string? Text(JsonObject operation, string name, int index) => operation.GetIgnoreCase(name) switch
    {
        null => null,
        JsonValue value when value.GetValueKind() == JsonValueKind.String => (string)value!,
        _ => throw ScimException.BadRequest(ScimErrorType.InvalidSyntax, $"Bulk operation {index} has a '{name}' that is not a string."),
    };

    private static void CheckBulkIdsAreUnique(List<BulkOperation> operations)
    {
        var repeated = operations.Where(o => o.BulkId is not null).GroupBy(o => o.BulkId, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (repeated is not null)
        {
            throw ScimException.BadRequest(ScimErrorType.InvalidValue,
                $"bulkId '{repeated.Key}' is used by operations {string.Join(" and ", repeated.Select(o => o.Index))}; each must be unique.");
        }
    }
}
