using System.Text.Json.Nodes;
using Provisio.Server.Tests.Support;

namespace Provisio.Server.Tests.Bulk;

/// <summary>Builds BulkRequest bodies and reads BulkResponses in the tests.</summary>
internal static class BulkRequests
{
    public const string RequestSchema = "urn:ietf:params:scim:api:messages:2.0:BulkRequest";
    public const string ResponseSchema = "urn:ietf:params:scim:api:messages:2.0:BulkResponse";

    public static JsonObject Request(params JsonObject[] operations) => new()
    {
        ["schemas"] = new JsonArray(RequestSchema),
        ["Operations"] = new JsonArray([.. operations]),
    };

    public static JsonObject Operation(string method, string path, JsonObject? data = null, string? bulkId = null, string? version = null)
    {
        var operation = new JsonObject { ["method"] = method, ["path"] = path };
        if (bulkId is not null)
        {
            operation["bulkId"] = bulkId;
        }
        if (version is not null)
        {
            operation["version"] = version;
        }
        if (data is not null)
        {
            operation["data"] = data;
        }
        return operation;
    }

    public static JsonObject PostUser(string bulkId, string userName, Action<JsonObject>? customize = null)
    {
        var user = ScimClient.NewUser(userName);
        customize?.Invoke(user);
        return Operation("POST", "/Users", user, bulkId);
    }

    public static JsonObject PatchOp(params JsonObject[] operations) => new()
    {
        ["schemas"] = new JsonArray("urn:ietf:params:scim:api:messages:2.0:PatchOp"),
        ["Operations"] = new JsonArray([.. operations]),
    };

    /// <summary>Sends the request and returns the response's operations after checking the envelope.</summary>
    public static async Task<List<JsonObject>> SendAsync(ScimClient scim, JsonObject request)
    {
        var response = await scim.PostAsync("/Bulk", request);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.Status);
        Assert.Equal("application/scim+json", response.ContentType);
        Assert.Equal(ResponseSchema, (string)response.Json["schemas"]![0]!);
        return response.Json["Operations"]!.AsArray().Select(o => o!.AsObject()).ToList();
    }

    public static string IdFromLocation(JsonObject result) => ((string)result["location"]!).Split('/')[^1];
}
