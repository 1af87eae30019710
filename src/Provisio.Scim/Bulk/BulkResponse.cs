using System.Globalization;
using System.Text.Json.Nodes;
using Provisio.Scim.Errors;
using Provisio.Scim.Schema;

namespace Provisio.Scim.Bulk;

/// <summary>Writes a <c>urn:ietf:params:scim:api:messages:2.0:BulkResponse</c>, operations in request order.</summary>
public static class BulkResponse
{
    public static JsonObject ToJson(IEnumerable<BulkResult> results) => new()
    {
        ["schemas"] = new JsonArray(ScimSchemas.BulkResponse),
        ["Operations"] = new JsonArray(results.OrderBy(r => r.Operation.Index).Select(Operation).ToArray<JsonNode?>()),
    };

    private static JsonObject Operation(BulkResult result)
    {
        var json = new JsonObject { ["method"] = result.Operation.Method };
        if (result.Operation.BulkId is not null)
        {
            json["bulkId"] = result.Operation.BulkId;
        }
        if (result.Version is not null)
        {
            json["version"] = result.Version;
        }
        if (result.Location is not null)
        {
            json["location"] = result.Location;
        }
        json["status"] = result.Status.ToString(CultureInfo.InvariantCulture);
        if (result.Error is not null)
        {
            json["response"] = ScimError.ToJson(result.Error.Status, result.Error.ScimType, result.Error.Message);
        }
        return json;
    }
}
