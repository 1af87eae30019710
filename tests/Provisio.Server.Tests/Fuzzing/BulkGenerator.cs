using System.Text.Json.Nodes;

namespace Provisio.Server.Tests.Fuzzing;

/// <summary>
/// BulkRequests whose bulkIds reference each other: rings (every operation in one cycle), backwards chains, random
/// references, self-references, POSTs without a bulkId, long and odd bulkIds; now and then damaged by the mutator.
/// What comes back is checked for shape and for a size that follows the request's size, not its square.
/// </summary>
internal sealed class BulkGenerator(RandomText text, JsonMutator mutator)
{
    public FuzzRequest Next(IReadOnlyList<string> knownIds)
    {
        var count = text.Random.Next(1, text.Chance(20) ? 300 : 30);
        var idLength = text.Chance(25) ? text.Random.Next(100, 500) : text.Random.Next(1, 12);
        var names = Enumerable.Range(0, count).Select(i => $"{i}-{text.Ascii(idLength)}").ToArray();
        var shape = text.Random.Next(4);
        var operations = new JsonArray();
        for (var i = 0; i < count; i++)
        {
            var references = shape switch
            {
                0 => [names[(i + 1) % count]],
                1 => i + 1 < count ? [names[i + 1]] : [],
                2 => Enumerable.Range(0, text.Random.Next(0, 4)).Select(_ => text.Pick(names)).ToArray(),
                _ => text.Chance(50) ? [names[i]] : Array.Empty<string>(),
            };
            operations.Add(Operation(names[i], references, knownIds));
        }
        JsonNode body = new JsonObject
        {
            ["schemas"] = new JsonArray("urn:ietf:params:scim:api:messages:2.0:BulkRequest"),
            ["Operations"] = operations,
        };
        if (text.Chance(15))
        {
            body = mutator.Mutate(body, 2)!;
        }
        return FuzzRequest.Json(HttpMethod.Post, "/Bulk", FuzzJson.Serialize(body), "bulk");
    }

    private JsonObject Operation(string bulkId, string[] references, IReadOnlyList<string> knownIds)
    {
        var members = new JsonArray([.. references.Select(r => (JsonNode)new JsonObject { ["value"] = "bulkId:" + r })]);
        if (knownIds.Count > 0 && text.Chance(30))
        {
            members.Add(new JsonObject { ["value"] = text.Pick(knownIds) });
        }
        var group = Support.ScimClient.NewGroup($"bulk {bulkId}");
        group["members"] = members;
        var operation = new JsonObject { ["method"] = "POST", ["path"] = "/Groups", ["data"] = group };
        if (!text.Chance(5))
        {
            operation["bulkId"] = bulkId;
        }
        return operation;
    }
}
